import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pagerDutyViolations, slackViolations, webhookSignatureViolations } from '../../test/support/receiverContracts.ts';
import type { AlertRecord } from '../contracts/events.ts';
import type { AlertGroup } from './alertGroup.ts';
import { truncateAtWord } from './alertWording.ts';
import { PAGERDUTY_SUMMARY_MAX, pagerDutyEvent, type PagerDutyTrigger } from './pagerDutySink.ts';
import { SLACK_LIMITS, slackMessage } from './slackSink.ts';
import { signature, webhookBody, webhookHeaders } from './webhookSink.ts';

const KEY = 'R0UT1NGK3YR0UT1NGK3YR0UT1NGK3Y32';

function alert(over: Partial<AlertRecord> = {}): AlertRecord {
  return {
    alert_id: 'a1', model_id: 'credit-risk', model_version: 'v3', detector: 'drift.psi', feature: 'income', severity: 'critical',
    status: 'firing', metric: 'psi', value: 0.41234567, threshold: 0.25, window: { start: 3000, end: 4000, count: 1000 },
    summary: 'income drifted: PSI 0.412 against the reference', details: {}, created_at: 1_767_225_600_000, episode_id: 'a1', ...over,
  };
}

const group = (alerts: AlertRecord[], over: Partial<AlertGroup> = {}): AlertGroup => ({ modelId: 'credit-risk', window: alerts[0].window, windowKind: 'count', alerts, ...over });

test('PagerDuty: a firing alert triggers with every required field, severity mapped, the episode as dedup_key, the group named', () => {
  const fired = alert({ alert_id: 'esc', episode_id: 'first', details: { escalates: 'first' } });
  const others = [alert({ alert_id: 'q', detector: 'quality.score', feature: null, severity: 'warning', metric: 'score', value: 0.7, threshold: 0.8 })];
  const event = pagerDutyEvent(fired, group([fired, ...others]), { routingKey: KEY, links: [{ href: 'https://grafana.example/d/x?model={model_id}', text: 'Dashboard' }] }) as PagerDutyTrigger;
  assert.deepEqual(pagerDutyViolations(event), []);
  assert.equal(event.event_action, 'trigger');
  assert.equal(event.dedup_key, 'first');
  assert.equal(event.payload.severity, 'critical');
  assert.equal(event.payload.source, 'driftwatch/credit-risk');
  assert.equal(event.payload.class, 'drift.psi');
  assert.equal(event.payload.summary, 'credit-risk v3: CRITICAL drift.psi on income: psi 0.4123, threshold 0.25 · window events 3,000–4,000 (1,000 events) · group credit-risk v3: 2 alerts firing (1 critical, 1 warning)');
  assert.deepEqual(event.links, [{ href: 'https://grafana.example/d/x?model=credit-risk', text: 'Dashboard' }]);
  const details = event.payload.custom_details;
  assert.deepEqual([details.alert_id, details.model_id, details.model_version, details.metric, details.value, details.threshold], ['esc', 'credit-risk', 'v3', 'psi', 0.41234567, 0.25]);
  assert.deepEqual(details.window, { start: 3000, end: 4000, count: 1000 });
  assert.deepEqual(details.alert_ids, ['esc', 'q']);
  for (const [severity, expected] of [['warning', 'warning'], ['info', 'info']] as const) {
    assert.equal((pagerDutyEvent(alert({ severity }), group([alert()]), { routingKey: KEY, links: [] }) as PagerDutyTrigger).payload.severity, expected);
  }
});

test('PagerDuty: a resolved alert resolves the same dedup_key; old alerts without episode_id use the alert they resolve', () => {
  const resolved = alert({ alert_id: 'r', status: 'resolved', episode_id: 'first', details: { resolves: 'esc' } });
  assert.deepEqual(pagerDutyEvent(resolved, group([resolved]), { routingKey: KEY, links: [] }), { routing_key: KEY, event_action: 'resolve', dedup_key: 'first' });
  const legacy = alert({ alert_id: 'r', status: 'resolved', episode_id: null, details: { resolves: 'esc' } });
  assert.equal(pagerDutyEvent(legacy, group([legacy]), { routingKey: KEY, links: [] }).dedup_key, 'esc');
});

test('PagerDuty: the summary stays within 1,024 characters, cut at a word', () => {
  const long = alert({ feature: 'f '.repeat(800).trim() });
  const event = pagerDutyEvent(long, group([long]), { routingKey: KEY, links: [] }) as PagerDutyTrigger;
  assert.ok(event.payload.summary.length <= PAGERDUTY_SUMMARY_MAX);
  assert.match(event.payload.summary, / f…$/);
  assert.deepEqual(pagerDutyViolations(event), []);
});

test('Slack: one message per group, severity first, names and numbers as in the Alert, worst first', () => {
  const alerts = [
    alert({ alert_id: 'w', feature: 'age', severity: 'warning', value: 0.12, threshold: 0.1 }),
    alert({ alert_id: 'c' }),
    alert({ alert_id: 'r', feature: 'region', detector: 'drift.jensen_shannon', metric: 'jensen_shannon', status: 'resolved', severity: 'warning', value: 0.02, threshold: 0.1, summary: 'Resolved: region back within bounds' }),
  ];
  const message = slackMessage([group(alerts)]);
  assert.deepEqual(slackViolations(message), []);
  assert.deepEqual(message.blocks.map((b) => b.type), ['header', 'context', 'section', 'section', 'section']);
  assert.equal(message.blocks[0].type === 'header' && message.blocks[0].text.text, ':red_circle: credit-risk v3: 2 alerts firing (1 critical, 1 warning), 1 resolved');
  const sections = message.blocks.flatMap((b) => (b.type === 'section' ? [b.text.text] : []));
  assert.match(sections[0], /^:red_circle: \*CRITICAL\* · \*drift\.psi on income\*\npsi 0\.4123, threshold 0\.25\n/);
  assert.match(sections[1], /^:large_orange_circle: \*WARNING\* · \*drift\.psi on age\*\npsi 0\.12, threshold 0\.1\n/);
  assert.match(sections[2], /^:white_check_mark: \*RESOLVED\* \(was warning\) · \*drift\.jensen_shannon on region\*\njensen_shannon 0\.02, threshold 0\.1\n/);
  assert.match(message.text, /^credit-risk v3: 2 alerts firing \(1 critical, 1 warning\), 1 resolved in events 3,000–4,000 \(1,000 events\); worst: critical drift\.psi on income \(psi 0\.4123, threshold 0\.25\)$/);
});

test('Slack: a resolved-only group says resolved in its header', () => {
  const message = slackMessage([group([alert({ status: 'resolved', summary: 'Resolved: income back' })])]);
  assert.equal(message.blocks[0].type === 'header' && message.blocks[0].text.text, ':white_check_mark: credit-risk v3: 1 alert resolved');
});

test('Slack: 120 alerts fit in 50 blocks with "and N more", long texts cut at words, nothing Slack would refuse', () => {
  const words = 'the income distribution moved far away from its reference profile '.repeat(80);
  const alerts = Array.from({ length: 120 }, (_, i) => alert({ alert_id: `a${i}`, feature: `feature_${i}`, severity: i < 10 ? 'critical' : 'warning', summary: words }));
  const message = slackMessage([group(alerts)]);
  assert.deepEqual(slackViolations(message), []);
  assert.equal(message.blocks.length, SLACK_LIMITS.blocks);
  const last = message.blocks.at(-1)!;
  assert.ok(last.type === 'context');
  assert.match(last.elements[0].text, /^…and 73 more \(73 warning\): warning drift\.psi on feature_/);
  for (const block of message.blocks) {
    if (block.type !== 'section') continue;
    assert.ok(block.text.text.length <= SLACK_LIMITS.sectionText);
    const kept = block.text.text.split('\n').at(-1)!;
    assert.ok(kept.endsWith('…'), 'long summary was cut');
    const prefix = kept.slice(0, -1);
    assert.ok(words.startsWith(prefix) && /\s/.test(words[prefix.length]), `cut mid-word: …${prefix.slice(-20)}`);
  }
});

test('Slack: several groups waiting on the rate limit go out as one digest within the limits', () => {
  const groups = Array.from({ length: 30 }, (_, w) => group([alert({ alert_id: `g${w}`, window: { start: w * 1000, end: w * 1000 + 1000, count: 1000 } })]));
  const message = slackMessage(groups);
  assert.deepEqual(slackViolations(message), []);
  assert.match(message.blocks[0].type === 'header' ? message.blocks[0].text.text : '', /30 alert groups/);
  assert.match(JSON.stringify(message.blocks.at(-1)), /and 6 more/);
});

test('truncateAtWord never cuts a word and keeps short texts whole', () => {
  assert.equal(truncateAtWord('short', 10), 'short');
  assert.equal(truncateAtWord('alpha beta gamma', 12), 'alpha beta…');
  assert.equal(truncateAtWord('alphabetagamma', 8), 'alphabe…');
});

test('Webhook: the body has model_id, window and every Alert field; the signature verifies and a tampered body does not', () => {
  const alerts = [alert({ alert_id: 'w', severity: 'warning' }), alert({ alert_id: 'c' })];
  const body = webhookBody(group(alerts));
  assert.deepEqual(Object.keys(body), ['model_id', 'window', 'summary', 'alerts']);
  assert.deepEqual(body.alerts.map((a) => a.alert_id), ['c', 'w'], 'worst first');
  assert.deepEqual(Object.keys(body.alerts[0]).sort(), Object.keys(alert()).sort());
  const raw = JSON.stringify(body);
  const now = 1_767_225_600_000;
  const headers = webhookHeaders('s3cret', raw, 'delivery-1', now);
  assert.equal(headers['x-driftwatch-signature'], signature('s3cret', 1_767_225_600, raw));
  assert.match(headers['x-driftwatch-signature'], /^t=1767225600,v1=[0-9a-f]{64}$/);
  assert.deepEqual(webhookSignatureViolations(headers['x-driftwatch-signature'], raw, 's3cret', now), []);
  assert.deepEqual(webhookSignatureViolations(headers['x-driftwatch-signature'], raw.replace('credit', 'debit'), 's3cret', now), ['v1 is not the HMAC-SHA256 of "<t>.<body>"']);
  assert.deepEqual(webhookSignatureViolations(headers['x-driftwatch-signature'], raw, 's3cret', now + 301_000), ['t=1767225600 is outside the 300 s replay window']);
  assert.equal(webhookBody(group(alerts, { test: true })).test, true);
});

test("the README's receiver-side verification accepts driftwatch's signature and refuses tampering and replays", async () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const snippet = /```js\n(import \{ createHmac, timingSafeEqual \}[\s\S]*?isFromDriftwatch[\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(snippet, 'README has the verification snippet');
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-readme-'));
  writeFileSync(join(dir, 'verify.mjs'), snippet);
  const { isFromDriftwatch } = (await import(join(dir, 'verify.mjs'))) as { isFromDriftwatch: (h: string, b: string, s: string, t?: number) => boolean };
  const raw = JSON.stringify(webhookBody(group([alert()])));
  const header = webhookHeaders('s3cret', raw, 'd', Date.now())['x-driftwatch-signature'];
  assert.equal(isFromDriftwatch(header, raw, 's3cret'), true);
  assert.equal(isFromDriftwatch(header, `${raw} `, 's3cret'), false);
  assert.equal(isFromDriftwatch(header, raw, 'other'), false);
  const old = webhookHeaders('s3cret', raw, 'd', Date.now() - 301_000)['x-driftwatch-signature'];
  assert.equal(isFromDriftwatch(old, raw, 's3cret'), false, 'outside the replay window');
});
