import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from './configError.ts';
import { parseConfig } from './loadConfig.ts';
import { PAGERDUTY_EVENTS_URL } from './notifySchema.ts';

const ROUTING_KEY = 'R0UT1NGK3YR0UT1NGK3YR0UT1NGK3Y32';

const yaml = (notify: string) => `monitors:
  - model: credit-risk
    window: { type: count, size: 1000 }
notify:
${notify}`;

const example = yaml(`  receivers:
    - { name: pd, type: pagerduty, routingKey: "\${PAGERDUTY_ROUTING_KEY}" }
    - { name: slack, type: slack, webhookUrl: "\${SLACK_WEBHOOK_URL}", rateLimit: 10 }
    - { name: hook, type: webhook, url: "https://hooks.example.com/drift", secret: "\${WEBHOOK_SECRET}", sendResolved: false }
  routes:
    - { match: { severity: critical }, receivers: [pd] }
    - { match: { model: "credit-*" }, receivers: [slack, hook] }
  groupWait: 10s
`);
const env = { PAGERDUTY_ROUTING_KEY: ROUTING_KEY, SLACK_WEBHOOK_URL: 'https://hooks.slack.example/services/T0/B0/secretpath', WEBHOOK_SECRET: 'whsec-very-secret' };

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.line}:${p.key}: ${p.message}`);
    throw error;
  }
  return [];
}

test('the notify example of the README parses, ${VAR} values read from the environment, with every default', () => {
  const { notify } = parseConfig(example, 'driftwatch.yaml', env, { requireEnvironment: true });
  assert.ok(notify);
  const [pd, slack, hook] = notify.receivers;
  assert.deepEqual(pd, {
    name: 'pd', type: 'pagerduty', routingKey: ROUTING_KEY, url: PAGERDUTY_EVENTS_URL, links: [],
    timeout: 10_000, retry: { initialBackoff: 1000, maxBackoff: 60_000, maxAttempts: 0 }, rateLimit: 60, sendResolved: true, maxQueue: 10_000,
  });
  assert.equal(slack.type === 'slack' && slack.webhookUrl, env.SLACK_WEBHOOK_URL);
  assert.equal(slack.rateLimit, 10);
  assert.equal(hook.type === 'webhook' && hook.secret, env.WEBHOOK_SECRET);
  assert.equal(hook.sendResolved, false);
  assert.deepEqual(notify.routes, [{ match: { kind: 'alert', severity: 'critical' }, receivers: ['pd'] }, { match: { kind: 'alert', model: 'credit-*' }, receivers: ['slack', 'hook'] }]);
  assert.equal(notify.groupWait, 10_000);
  assert.equal(notify.deliveryRecordTtl, 7 * 86_400_000);
  assert.equal(notify.fromBeginning, false);
});

test('an unset variable is an error naming line, key and variable, never a value; serve accepts it unresolved', () => {
  const { WEBHOOK_SECRET: _, ...partial } = env;
  assert.deepEqual(problemsOf(() => parseConfig(example, 'driftwatch.yaml', partial, { requireEnvironment: true })), [
    '8:notify.receivers[2].secret: environment variable WEBHOOK_SECRET is not set (the value is ${WEBHOOK_SECRET})',
  ]);
  const config = parseConfig(example, 'driftwatch.yaml', {});
  assert.equal(config.notify?.receivers[0].type === 'pagerduty' && config.notify.receivers[0].routingKey, '${PAGERDUTY_ROUTING_KEY}');
});

test('resolved secrets never appear in error messages', () => {
  const messageOf = (text: string, overrides: NodeJS.ProcessEnv = {}) => {
    try {
      parseConfig(text, 'driftwatch.yaml', { ...env, ...overrides }, { requireEnvironment: true });
    } catch (error) {
      return (error as Error).message;
    }
    return '';
  };
  const shortKey = messageOf(example, { PAGERDUTY_ROUTING_KEY: 'short-key' });
  assert.match(shortKey, /driftwatch\.yaml:6:\d+: notify\.receivers\[0\]\.routingKey: a PagerDuty routing key has 32 characters, this one has 9/);
  assert.ok(!shortKey.includes('short-key'), shortKey);
  const badUrl = messageOf(example.replace('url: "https://hooks.example.com/drift"', 'url: "${WEBHOOK_SECRET}"'));
  assert.match(badUrl, /driftwatch\.yaml:8:\d+: notify\.receivers\[2\]\.url: expected an http/);
  for (const secret of [env.SLACK_WEBHOOK_URL, env.WEBHOOK_SECRET]) assert.ok(!badUrl.includes(secret), `error message shows a secret: ${badUrl}`);
});

test('routes name defined receivers; names are unique; types and keys are checked with file line and key', () => {
  const text = yaml(`  receivers:
    - { name: pd, type: pagerduty, routingKey: "${ROUTING_KEY}" }
    - { name: pd, type: slack, webhookUrl: "ftp://nope" }
    - { name: x, type: email }
  routes:
    - { match: { severity: high, team: ml }, receivers: [pd, sms] }
`);
  assert.deepEqual(problemsOf(() => parseConfig(text, 'driftwatch.yaml')), [
    "7:notify.receivers[1].webhookUrl: expected an http:// or https:// URL (or ${ENV_VAR})",
    "8:notify.receivers[2].type: Invalid discriminator value. Expected 'pagerduty' | 'slack' | 'webhook'",
    '10:notify.routes[0].match.severity: Invalid option: expected one of "info"|"warning"|"critical"',
    "10:notify.routes[0].match.team: unknown key 'team'",
  ]);
  const unknownReceiver = yaml(`  receivers:
    - { name: pd, type: pagerduty, routingKey: "${ROUTING_KEY}" }
    - { name: pd, type: slack, webhookUrl: "https://hooks.slack.example/x" }
  routes:
    - { receivers: [pd, sms] }
`);
  assert.deepEqual(problemsOf(() => parseConfig(unknownReceiver, 'driftwatch.yaml')), [
    "7:notify.receivers[1].name: receiver 'pd' is defined twice",
    "9:notify.routes[0].receivers[1]: no receiver is named 'sms' (receivers: pd)",
  ]);
});
