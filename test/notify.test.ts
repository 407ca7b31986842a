import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import type { AlertRecord, DeadLetterRecord } from '../src/contracts/events.ts';
import type { RetrainRequestRecord } from '../src/contracts/reports.ts';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { registerContracts } from '../src/registry/registerContracts.ts';
import { runCli } from './support/cliProcess.ts';
import { startFakeReceivers, type FakeReceivers, type ReceivedRequest } from './support/fakeReceivers.ts';
import { connectLiveStack, connectionsOf, createTopics, eventually, stack, topicsOf, uniqueNames, waitForGroupCaughtUp, type LiveStackClients, type TestNames } from './support/liveStack.ts';
import { startServe, type ServeProcess } from './support/serveProcess.ts';
import { startTcpProxy } from './support/tcpProxy.ts';
import { metricSample, metricsPort, scrapeMetrics } from './support/serveRun.ts';
import { predictionStream } from './support/predictionStream.ts';
import { seededRandom } from './support/random.ts';
import { readTopic } from './support/topicReader.ts';
import type { PredictionEvent } from '../src/contracts/events.ts';
import { withWrappedFeatures } from '../src/contracts/featureValueUnion.ts';

/**
 * `driftwatch notify` as a real process on the live stack, delivering to local stand-ins for PagerDuty, Slack
 * and a signed webhook that check the published formats exactly (test/support/fakeReceivers.ts).
 */

const ROUTING_KEY = 'R0UT1NGK3YR0UT1NGK3YR0UT1NGK3Y32';
const HOOK_SECRET = `whsec-${randomUUID()}`;
const SLACK_PATH = `T000/B000/${randomUUID().replaceAll('-', '')}`;
const SECRETS = [ROUTING_KEY, HOOK_SECRET, SLACK_PATH];

describe('notify delivers alerts to PagerDuty, Slack and webhooks', () => {
  const registry = createRegistryClient({ url: stack.registryUrl });
  let clients: LiveStackClients | undefined;
  let fake: FakeReceivers;
  const processes: ServeProcess[] = [];

  before(async () => {
    clients = await connectLiveStack();
    fake = await startFakeReceivers({ webhookSecret: HOOK_SECRET, slackPath: SLACK_PATH });
  });

  after(async () => {
    await Promise.all(processes.map((p) => p.stop().catch(() => undefined)));
    await fake?.close();
    await clients?.close();
  });

  function reset() {
    for (const ep of [fake.pagerduty, fake.slack, fake.webhook]) {
      ep.received.length = 0;
      ep.accepted.length = 0;
      ep.violations.length = 0;
      ep.script.length = 0;
      ep.release();
    }
  }

  const notifyDlq = (names: TestNames) => `${names.alerts}.notify-dlq`;

  function configFor(names: TestNames, notify: Record<string, unknown> = {}) {
    return {
      ...connectionsOf(names),
      kafka: { brokers: stack.brokers, groupId: names.groupId, sessionTimeout: 10_000 },
      topics: { ...topicsOf(names), notifyDeadLetter: notifyDlq(names) },
      monitors: [{ model: 'credit-risk', window: { type: 'count', size: 1000 }, reference: { source: 'firstEvents', events: 3000 }, features: { income: 'numeric', age: 'numeric', debt_ratio: 'numeric', region: 'categorical' } }],
      notify: {
        receivers: [
          { name: 'pd', type: 'pagerduty', routingKey: '${TEST_PD_ROUTING_KEY}', url: `${fake.url}/pagerduty`, retry: { initialBackoff: '200ms', maxBackoff: '2s' } },
          { name: 'slack', type: 'slack', webhookUrl: `${fake.url}/slack/\${TEST_SLACK_PATH}`, rateLimit: 0 },
          { name: 'hook', type: 'webhook', url: `${fake.url}/webhook`, secret: '${TEST_HOOK_SECRET}', retry: { initialBackoff: '200ms', maxBackoff: '1s' } },
        ],
        routes: [{ match: { severity: 'warning' }, receivers: ['pd'] }, { match: { model: 'credit-*' }, receivers: ['slack', 'hook'] }],
        groupWait: '1s',
        fromBeginning: true,
        port: 0,
        ...notify,
      },
    };
  }

  function startNotify(config: object): ServeProcess {
    const env = { ...process.env, TEST_PD_ROUTING_KEY: ROUTING_KEY, TEST_SLACK_PATH: SLACK_PATH, TEST_HOOK_SECRET: HOOK_SECRET };
    const notify = startServe(config, { command: 'notify', env });
    processes.push(notify);
    return notify;
  }

  async function stopAll(): Promise<void> {
    const running = processes.splice(0);
    const codes = await Promise.all(running.map((p) => p.stop()));
    for (const [i, p] of running.entries()) {
      assert.equal(codes[i], 0, `process exited with ${codes[i]}; ${p.logsTail()}`);
      for (const secret of SECRETS) assert.ok(!p.logs().includes(secret), 'a secret from the environment appears in the logs');
    }
  }

  /** Alerts of `windows` count windows: per window a critical drift on income and a warning on age. */
  function alertsFor(windows: number, model = 'credit-risk'): AlertRecord[] {
    const run = randomUUID().slice(0, 8);
    return Array.from({ length: windows }, (_, w) => {
      const window = { start: 3000 + w * 1000, end: 4000 + w * 1000, count: 1000 };
      return [
        { feature: 'income', severity: 'critical' as const, value: 0.41 + w / 100 },
        { feature: 'age', severity: 'warning' as const, value: 0.13 },
      ].map(({ feature, severity, value }) => {
        const id = `${run}-${w}-${feature}`;
        return {
          alert_id: id, model_id: model, model_version: 'v3', detector: 'drift.psi', feature, severity, status: 'firing' as const,
          metric: 'psi', value, threshold: severity === 'critical' ? 0.25 : 0.1, window,
          summary: `${feature} drifted: PSI ${value} against the reference`, details: { p_value: '0.001' }, created_at: Date.now(), episode_id: id,
        };
      });
    }).flat();
  }

  async function publishPredictions(topic: string, events: PredictionEvent[]): Promise<void> {
    const [{ id }] = await registerContracts(registry, [{ contract: 'PredictionEvent', topic }]);
    for (let i = 0; i < events.length; i += 500) {
      const messages = await Promise.all(events.slice(i, i + 500).map(async (e) => ({ key: e.model_id, value: await registry.encode(id, withWrappedFeatures(e)) })));
      await clients!.producer.send({ topic, messages });
    }
  }

  async function publishAlerts(topic: string, alerts: AlertRecord[]): Promise<void> {
    const [{ id }] = await registerContracts(registry, [{ contract: 'Alert', topic }]);
    const messages = await Promise.all(alerts.map(async (a) => ({ key: a.model_id, value: await registry.encode(id, a) })));
    await clients!.producer.send({ topic, messages });
  }

  /** Slack messages carry no ids: an alert there is its window and subject, e.g. "events 3,000–4,000|drift.psi on income". */
  const slackKey = (a: Pick<AlertRecord, 'window' | 'detector' | 'feature'>) => `events ${a.window.start.toLocaleString('en-US')}–${a.window.end.toLocaleString('en-US')}|${a.detector} on ${a.feature}`;

  const alertIdsOf = (r: ReceivedRequest): string[] => {
    const json = r.json as { alerts?: AlertRecord[]; payload?: { custom_details?: { alert_id?: string } }; dedup_key?: string; event_action?: string; blocks?: { type: string; text?: { text: string }; elements?: { text: string }[] }[] };
    if (json.alerts) return json.alerts.map((a) => a.alert_id);
    if (json.blocks) {
      const window = /window events ([\d,]+–[\d,]+)/.exec(json.blocks.find((b) => b.type === 'context')?.elements?.[0].text ?? '')?.[1];
      return json.blocks.filter((b) => b.type === 'section').map((b) => `events ${window}|${/\*([^*]+)\*\n/.exec(b.text!.text)?.[1]}`);
    }
    return [json.event_action === 'resolve' ? `resolve:${json.dedup_key}` : json.payload?.custom_details?.alert_id ?? 'no alert_id'];
  };

  function assertNoRepeats(name: string, accepted: ReceivedRequest[]): string[] {
    const ids = accepted.flatMap(alertIdsOf);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], `${name} got an alert twice`);
    return ids;
  }

  test('PagerDuty failing three times (500, 429 with Retry-After, 503) then 202 loses nothing, and meanwhile the other receivers deliver', async () => {
    reset();
    const names = uniqueNames('notify-retry');
    await createTopics(clients!.admin, [names.alerts, notifyDlq(names)], 1);
    const alerts = alertsFor(2);
    fake.pagerduty.script.push({ status: 500 }, { status: 429, headers: { 'retry-after': '2' } }, { status: 503 });
    const notify = startNotify(configFor(names));
    await publishAlerts(names.alerts, alerts);
    await eventually('PagerDuty has every alert', 60_000, async () => fake.pagerduty.accepted.length === alerts.length);
    await waitForGroupCaughtUp(clients!.admin, `${names.groupId}-notify`, names.alerts);
    assert.equal(fake.pagerduty.received.length, alerts.length + 3, 'three failed attempts, then each alert once');
    const afterRetryAfter = fake.pagerduty.received[2].at - fake.pagerduty.received[1].at;
    assert.ok(afterRetryAfter >= 1900, `the retry after the 429 waited its Retry-After of 2 s (waited ${afterRetryAfter} ms; the backoff alone is at most 600 ms)`);
    assert.deepEqual(assertNoRepeats('pd', fake.pagerduty.accepted).sort(), alerts.map((a) => a.alert_id).sort());
    assert.deepEqual([fake.pagerduty.violations, fake.slack.violations, fake.webhook.violations], [[], [], []]);
    assert.equal(fake.slack.accepted.length, 2, 'one Slack message per window group');
    assert.equal(fake.webhook.accepted.length, 2, 'one webhook request per window group');
    const firstPage = fake.pagerduty.accepted[0].at;
    assert.ok(fake.slack.accepted[0].at < firstPage, 'Slack was not held up by PagerDuty retrying');
    const metrics = await scrapeMetrics(await metricsPort(notify));
    assert.equal(metricSample(metrics, 'driftwatch_notifications_total', { receiver: 'pd', outcome: 'retried' }), 3);
    assert.equal(metricSample(metrics, 'driftwatch_notifications_total', { receiver: 'pd', outcome: 'delivered' }), alerts.length);
    assert.equal(metricSample(metrics, 'driftwatch_notification_queue_depth', { receiver: 'pd' }), 0);
    assert.equal(metricSample(metrics, 'driftwatch_notification_delivery_seconds_count', { receiver: 'slack' }), alerts.length);
    await stopAll();
  });

  test('a 400 from PagerDuty, a webhook out of retry.maxAttempts and an undecodable message land in the notifier dead-letter topic with the reason; the rest is delivered', async () => {
    reset();
    const names = uniqueNames('notify-dlq');
    await createTopics(clients!.admin, [names.alerts, notifyDlq(names)], 1);
    const alerts = alertsFor(2);
    const answer = JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors: ['Length of \'routing_key\' is incorrect (should be 32 characters)'] });
    fake.pagerduty.script.push({ status: 400, body: answer });
    fake.webhook.script.push({ status: 500 }, { status: 502 });
    const base = configFor(names);
    startNotify({ ...base, notify: { ...base.notify, receivers: base.notify.receivers.map((r) => (r.name === 'hook' ? { ...r, retry: { ...r.retry, maxAttempts: 2 } } : r)) } });
    await publishAlerts(names.alerts, alerts);
    await clients!.producer.send({ topic: names.alerts, messages: [{ key: 'credit-risk', value: Buffer.from('not an alert') }] });
    await eventually('PagerDuty has the other alerts', 60_000, async () => fake.pagerduty.accepted.length === alerts.length - 1);
    await waitForGroupCaughtUp(clients!.admin, `${names.groupId}-notify`, names.alerts);
    await stopAll();
    const letters = await readTopic<DeadLetterRecord>(clients!.kafka, registry, notifyDlq(names));
    assert.deepEqual(letters.map((l) => l.error_kind).sort(), ['decode', 'receiver_rejected', 'receiver_rejected', 'receiver_rejected'], 'the refused alert, the two of the webhook request that ran out of attempts, and the message that is no alert');
    const exhausted = letters.filter((l) => l.message.startsWith("receiver 'hook'"));
    assert.equal(exhausted.length, 2, 'both alerts of the first window group');
    for (const l of exhausted) assert.match(l.message, /^receiver 'hook' \(webhook\) did not take the delivery in 2 attempts \(retry\.maxAttempts\); last: answered 502$/);
    const letter = letters.find((l) => l.message.startsWith("receiver 'pd'"))!;
    assert.equal(letter.error_kind, 'receiver_rejected');
    assert.equal(letter.source_topic, names.alerts);
    assert.match(letter.message, /^receiver 'pd' \(pagerduty\) refused the delivery with HTTP 400: /);
    assert.ok(letter.message.endsWith(answer), 'the dead letter carries the response body');
    const original = (await registry.decode(letter.value!)) as AlertRecord;
    const refused = fake.pagerduty.received[0].json as { payload: { custom_details: { alert_id: string } } };
    assert.equal(original.alert_id, refused.payload.custom_details.alert_id, 'the dead letter holds the refused alert');
    assert.equal(fake.slack.accepted.length, 2, 'Slack is unaffected');
    assert.equal(fake.webhook.accepted.length, 1, 'the webhook takes the second group');
  });

  test('kill -9 of notify mid-delivery, then a restart: nothing delivered twice, nothing lost', async () => {
    reset();
    const names = uniqueNames('notify-kill');
    await createTopics(clients!.admin, [names.alerts, notifyDlq(names)], 1);
    const alerts = alertsFor(6);
    fake.webhook.hold = true;
    const first = startNotify(configFor(names, { groupWait: '500ms' }));
    await publishAlerts(names.alerts, alerts);
    for (let n = 1; n <= 2; n++) {
      await eventually(`webhook request ${n} arrives`, 60_000, async () => fake.webhook.heldCount === 1);
      fake.webhook.releaseOne();
      await eventually(`webhook request ${n} is answered`, 10_000, async () => fake.webhook.accepted.length === n);
    }
    await eventually('the third webhook request is in flight', 60_000, async () => fake.webhook.heldCount === 1);
    await eventually('Slack and PagerDuty have everything', 60_000, async () => fake.slack.accepted.length === 6 && fake.pagerduty.accepted.length === alerts.length);
    const [committed] = await clients!.admin.fetchOffsets({ groupId: `${names.groupId}-notify`, topics: [names.alerts] });
    assert.ok(Number(committed.partitions[0].offset) <= 4, `the commit waits for the webhook (committed ${committed.partitions[0].offset})`);
    first.child.kill('SIGKILL');
    await first.exited;
    processes.splice(processes.indexOf(first), 1);
    fake.webhook.release();
    startNotify(configFor(names, { groupWait: '500ms' }));
    await waitForGroupCaughtUp(clients!.admin, `${names.groupId}-notify`, names.alerts);
    await stopAll();
    const everything = alerts.map((a) => a.alert_id).sort();
    assert.deepEqual(assertNoRepeats('slack', fake.slack.accepted).sort(), alerts.map(slackKey).sort());
    assert.deepEqual(assertNoRepeats('pd', fake.pagerduty.accepted).sort(), everything);
    assert.deepEqual(assertNoRepeats('hook', fake.webhook.accepted).sort(), everything);
    assert.equal(fake.slack.received.length, 6, 'Slack was not even asked twice');
    assert.equal(fake.pagerduty.received.length, alerts.length, 'PagerDuty was not even asked twice');
    assert.equal(fake.webhook.received.length, 7, 'only the unanswered webhook request was sent again');
    const inFlight = (fake.webhook.received[2].json as { alerts: AlertRecord[] }).alerts[0].alert_id;
    const resent = fake.webhook.received.filter((r) => r.body.includes(inFlight));
    assert.equal(resent.length, 2);
    assert.equal(resent[0].headers['x-driftwatch-delivery'], resent[1].headers['x-driftwatch-delivery'], 'the same delivery id on both attempts');
    assert.deepEqual([fake.pagerduty.violations, fake.slack.violations, fake.webhook.violations], [[], [], []]);
  });

  test('serve and notify on the live stack: drift fires a PagerDuty trigger and its end resolves the same dedup_key; Slack and the webhook get one message per window group', async () => {
    reset();
    const names = uniqueNames('notify-e2e');
    await createTopics(clients!.admin, [names.predictions, names.alerts, names.windows, names.retrain, names.deadLetter, notifyDlq(names)]);
    const config = configFor(names, {
      routes: [
        { match: { severity: 'warning' }, receivers: ['pd'] },
        { match: { model: 'credit-*' }, receivers: ['slack', 'hook'] },
        { match: { kind: 'retrain' }, receivers: ['hook'] },
      ],
    });
    const serve = startServe(config);
    processes.push(serve);
    startNotify(config);
    const rng = seededRandom(23);
    const model = 'credit-risk';
    await publishPredictions(names.predictions, [
      ...predictionStream(rng, { modelId: model, count: 5000 }),
      // Drift on two features at once: one window group with two findings.
      ...predictionStream(rng, { modelId: model, count: 3000, from: 5000, incomeShift: 1 }).map((e) => ({ ...e, features: { ...e.features, age: (e.features.age as number) + 30 } })),
      ...predictionStream(rng, { modelId: model, count: 4000, from: 8000 }),
    ]);
    await waitForGroupCaughtUp(clients!.admin, names.groupId, names.predictions);
    await waitForGroupCaughtUp(clients!.admin, `${names.groupId}-notify`, names.alerts);
    await waitForGroupCaughtUp(clients!.admin, `${names.groupId}-notify`, names.retrain);
    await stopAll();
    const requests = await readTopic<RetrainRequestRecord>(clients!.kafka, registry, names.retrain);
    assert.ok(requests.length > 0, 'three critical windows ask for retraining');
    const hookBodies = fake.webhook.accepted.map((r) => r.json as { model_id: string; window: AlertRecord['window']; alerts: AlertRecord[] });
    const retrainBodies = hookBodies.filter((b) => b.alerts[0].detector === 'retrain.request');
    assert.deepEqual(retrainBodies.map((b) => b.alerts[0].alert_id).sort(), requests.map((r) => r.request_id).sort(), 'each retraining request reaches the retrain route once');
    fake.webhook.accepted.splice(0, fake.webhook.accepted.length, ...fake.webhook.accepted.filter((r) => !retrainBodies.includes(r.json as never)));
    const alerts = JSON.parse(JSON.stringify(await readTopic<AlertRecord>(clients!.kafka, registry, names.alerts))) as AlertRecord[];
    const income = alerts.filter((a) => a.detector.startsWith('drift.') && a.feature === 'income');
    assert.deepEqual(income.map((a) => a.status), ['firing', 'resolved'], 'the drift on income is one episode');
    const [fired, resolved] = income;
    assert.equal(resolved.episode_id, fired.alert_id);

    const pdEvents = fake.pagerduty.accepted.map((r) => r.json as { event_action: string; dedup_key: string; payload?: { custom_details: { alert_id: string } } });
    const triggers = pdEvents.filter((e) => e.event_action === 'trigger');
    const resolves = pdEvents.filter((e) => e.event_action === 'resolve');
    const paged = alerts.filter((a) => a.severity !== 'info');
    assert.deepEqual(triggers.map((e) => e.payload!.custom_details.alert_id).sort(), paged.filter((a) => a.status === 'firing').map((a) => a.alert_id).sort(), 'one trigger per firing alert');
    assert.deepEqual(resolves.map((e) => e.dedup_key).sort(), paged.filter((a) => a.status === 'resolved').map((a) => a.episode_id).sort(), 'one resolve per resolved alert, keyed by its episode');
    assert.deepEqual(pdEvents.filter((e) => e.dedup_key === fired.alert_id).map((e) => e.event_action), ['trigger', 'resolve'], 'the income episode: trigger then resolve with the same dedup_key');
    const incomePage = triggers.find((e) => e.dedup_key === fired.alert_id) as unknown as { payload: { summary: string } };
    const sameWindow = alerts.filter((a) => a.window.start === fired.window.start);
    assert.ok(sameWindow.some((a) => a.feature === 'age'), 'age drifted in the same window');
    assert.match(incomePage.payload.summary, new RegExp(`^credit-risk v1: CRITICAL drift\\.psi on income: psi [\\d.]+, threshold 0\\.25 · window events ${fired.window.start.toLocaleString('en-US')}–${fired.window.end.toLocaleString('en-US')} \\(1,000 events\\) · group credit-risk v1: ${sameWindow.length} alerts firing`), 'one incident per episode, its summary naming the group');

    const groups = new Map<string, AlertRecord[]>();
    for (const a of alerts) groups.set(`${a.window.start}-${a.window.end}`, [...(groups.get(`${a.window.start}-${a.window.end}`) ?? []), a]);
    assert.equal(fake.slack.accepted.length, groups.size, 'one Slack message per window group');
    const firstMessage = fake.slack.accepted.find((r) => alertIdsOf(r).some((k) => k.endsWith('on income')));
    assert.equal(alertIdsOf(firstMessage!).length, sameWindow.length, 'every finding of the window in one Slack message');
    assert.deepEqual(assertNoRepeats('slack', fake.slack.accepted).sort(), alerts.map(slackKey).sort());
    assert.equal(fake.webhook.accepted.length, groups.size, 'one webhook request per window group');
    for (const request of fake.webhook.accepted) {
      const body = request.json as { model_id: string; window: AlertRecord['window']; alerts: AlertRecord[] };
      const expected = groups.get(`${body.window.start}-${body.window.end}`);
      assert.equal(body.model_id, model);
      assert.deepEqual([...body.alerts].sort((a, b) => a.alert_id.localeCompare(b.alert_id)), [...expected!].sort((a, b) => a.alert_id.localeCompare(b.alert_id)), 'every Alert with every field');
    }
    assert.deepEqual([fake.pagerduty.violations, fake.slack.violations, fake.webhook.violations], [[], [], []]);
  });

  test('driftwatch alerts test sends one clearly marked test alert through the named receiver, and says when it was not taken', async () => {
    reset();
    const names = uniqueNames('notify-test-cmd');
    const dir = mkdtempSync(join(tmpdir(), 'driftwatch-alerts-test-'));
    const file = join(dir, 'driftwatch.yaml');
    writeFileSync(file, stringify(configFor(names)));
    const env = { ...process.env, TEST_PD_ROUTING_KEY: ROUTING_KEY, TEST_SLACK_PATH: SLACK_PATH, TEST_HOOK_SECRET: HOOK_SECRET };
    for (const receiver of ['pd', 'slack', 'hook']) {
      const result = await runCli(['alerts', 'test', '--config', file, '--receiver', receiver], { env, timeoutMs: 60_000 });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`^test alert test-[0-9a-f]+ delivered to '${receiver}'`));
    }
    assert.deepEqual([fake.pagerduty.accepted.length, fake.slack.accepted.length, fake.webhook.accepted.length], [1, 1, 1]);
    assert.deepEqual([fake.pagerduty.violations, fake.slack.violations, fake.webhook.violations], [[], [], []]);
    const page = fake.pagerduty.accepted[0].json as { payload: { summary: string; custom_details: { test?: boolean } } };
    assert.match(page.payload.summary, /^\[TEST\] /);
    assert.equal(page.payload.custom_details.test, true);
    const slack = fake.slack.accepted[0].json as { text: string; blocks: { type: string; text?: { text: string } }[] };
    assert.match(slack.blocks[0].text!.text, /^:test_tube: TEST: driftwatch-test/);
    assert.match(slack.text, /^TEST: /);
    const hook = fake.webhook.accepted[0].json as { test?: boolean; alerts: AlertRecord[] };
    assert.equal(hook.test, true);
    assert.equal(hook.alerts[0].detector, 'driftwatch.test');

    fake.webhook.script.push({ status: 410, body: 'gone' });
    const refused = await runCli(['alerts', 'test', '--config', file, '--receiver', 'hook'], { env, timeoutMs: 60_000 });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /test alert NOT delivered to 'hook' \(webhook\): HTTP 410: gone/);
    const unknown = await runCli(['alerts', 'test', '--config', file, '--receiver', 'email'], { env, timeoutMs: 60_000 });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no receiver is named 'email' \(receivers: pd, slack, hook\)/);
    const { TEST_HOOK_SECRET: _, ...withoutSecret } = env;
    const unset = await runCli(['alerts', 'test', '--config', file, '--receiver', 'hook'], { env: withoutSecret, timeoutMs: 60_000 });
    assert.equal(unset.code, 2);
    assert.match(unset.stderr, /notify\.receivers\[2\]\.secret: environment variable TEST_HOOK_SECRET is not set/);
  });

  test('a receiver down for longer than the session timeout keeps its partitions and loses nothing; a full queue pauses the partition until it has room', async () => {
    reset();
    const names = uniqueNames('notify-outage');
    await createTopics(clients!.admin, [names.alerts, notifyDlq(names)], 1);
    const alerts = alertsFor(6);
    for (let i = 0; i < 10; i++) fake.pagerduty.script.push({ status: 503 });
    fake.webhook.hold = true;
    const base = configFor(names);
    const config = {
      ...base,
      kafka: { ...base.kafka, sessionTimeout: 6000 },
      notify: { ...base.notify, receivers: base.notify.receivers.map((r) => (r.name === 'hook' ? { ...r, maxQueue: 2 } : r)) },
    };
    const notify = startNotify(config);
    const port = await metricsPort(notify);
    await publishAlerts(names.alerts, alerts);
    await eventually('the webhook queue is full and the partition paused', 60_000, async () =>
      metricSample(await scrapeMetrics(port), 'driftwatch_notification_paused_partitions', {}) === 1);
    fake.webhook.release();
    await eventually('PagerDuty is back and has every alert', 120_000, async () => fake.pagerduty.accepted.length === alerts.length);
    await waitForGroupCaughtUp(clients!.admin, `${names.groupId}-notify`, names.alerts);
    assert.ok(fake.pagerduty.accepted[0].at - fake.pagerduty.received[0].at > 6000, `the outage (${fake.pagerduty.accepted[0].at - fake.pagerduty.received[0].at} ms) outlasts the 6 s session timeout`);
    const metrics = await scrapeMetrics(port);
    assert.equal(metricSample(metrics, 'driftwatch_notification_paused_partitions', {}), 0);
    assert.equal(metricSample(metrics, 'driftwatch_notifications_total', { receiver: 'pd', outcome: 'retried' }), 10);
    await stopAll();
    assert.equal(notify.logs().split('\n').filter((l) => l.includes('"partitions assigned"')).length, 1, 'no rebalance during the outage');
    assert.ok(notify.logs().includes('a receiver queue is full: partition paused'));
    const everything = alerts.map((a) => a.alert_id).sort();
    assert.deepEqual(assertNoRepeats('pd', fake.pagerduty.accepted).sort(), everything);
    assert.deepEqual(assertNoRepeats('hook', fake.webhook.accepted).sort(), everything);
    assert.deepEqual(assertNoRepeats('slack', fake.slack.accepted).sort(), alerts.map(slackKey).sort());
    assert.deepEqual([fake.pagerduty.violations, fake.slack.violations, fake.webhook.violations], [[], [], []]);
  });

  test('several notify processes share the partitions: every alert reaches each receiver once', async () => {
    reset();
    const names = uniqueNames('notify-scale');
    await createTopics(clients!.admin, [names.alerts, notifyDlq(names)], 3);
    const models = ['credit-a', 'credit-b', 'credit-c', 'credit-d', 'credit-e', 'credit-f'];
    const alerts = models.flatMap((model) => alertsFor(3, model));
    const config = configFor(names);
    const first = startNotify(config);
    const second = startNotify(config);
    await Promise.all([metricsPort(first), metricsPort(second)]);
    await eventually('both processes have partitions', 60_000, async () => [first, second].every((p) => /"assignment":\{"[^"]+":\[\d/.test(p.logs().split('\n').filter((l) => l.includes('partitions assigned')).at(-1) ?? '')));
    await publishAlerts(names.alerts, alerts);
    await waitForGroupCaughtUp(clients!.admin, `${names.groupId}-notify`, names.alerts);
    await stopAll();
    for (const p of [first, second]) assert.ok(p.logs().includes('"msg":"delivered"'), 'both processes delivered');
    const everything = alerts.map((a) => a.alert_id).sort();
    assert.deepEqual(assertNoRepeats('pd', fake.pagerduty.accepted).sort(), everything);
    assert.deepEqual(assertNoRepeats('hook', fake.webhook.accepted).sort(), everything);
    assert.equal(fake.webhook.accepted.length, models.length * 3, 'one request per (model, window)');
    assert.equal(fake.slack.accepted.length, models.length * 3, 'one message per (model, window)');
    assert.deepEqual([fake.pagerduty.violations, fake.slack.violations, fake.webhook.violations], [[], [], []]);
  });

  test('a first start of a notify group does not page for history (fromBeginning false); later alerts are delivered', async () => {
    reset();
    const names = uniqueNames('notify-history');
    await createTopics(clients!.admin, [names.alerts, notifyDlq(names)], 1);
    const history = alertsFor(2);
    await publishAlerts(names.alerts, history);
    const base = configFor(names);
    startNotify({ ...base, notify: { ...base.notify, fromBeginning: false } });
    // An alert no route takes is finished at once and committed: once one is, the group is reading from the end.
    await eventually('notify reads the end of the topic', 90_000, async () => {
      const [probe] = alertsFor(1, 'unrouted-probe').filter((a) => a.severity === 'warning').map((a) => ({ ...a, severity: 'info' as const }));
      await publishAlerts(names.alerts, [probe]);
      const [end] = await clients!.admin.fetchTopicOffsets(names.alerts);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const [committed] = await clients!.admin.fetchOffsets({ groupId: `${names.groupId}-notify`, topics: [names.alerts] });
      return Number(committed.partitions[0].offset) >= Number(end.offset);
    });
    const fresh = alertsFor(1);
    await publishAlerts(names.alerts, fresh);
    await waitForGroupCaughtUp(clients!.admin, `${names.groupId}-notify`, names.alerts);
    await stopAll();
    assert.deepEqual(assertNoRepeats('pd', fake.pagerduty.accepted).sort(), fresh.map((a) => a.alert_id).sort());
    assert.deepEqual(assertNoRepeats('hook', fake.webhook.accepted).sort(), fresh.map((a) => a.alert_id).sort());
    assert.equal(fake.slack.accepted.length, 1);
  });

  test('Redis unreachable pauses deliveries (no send without its delivery record) and they resume when it is back, nothing repeated', async () => {
    reset();
    const names = uniqueNames('notify-redis');
    await createTopics(clients!.admin, [names.alerts, notifyDlq(names)], 1);
    const proxy = await startTcpProxy(Number(new URL(stack.redisUrl).port));
    try {
      const base = configFor(names);
      const notify = startNotify({ ...base, redis: { ...base.redis, url: `redis://127.0.0.1:${proxy.port}` } });
      const [before, during] = [alertsFor(1), alertsFor(1)];
      await publishAlerts(names.alerts, before);
      await eventually('the first window is delivered', 60_000, async () => fake.pagerduty.accepted.length === 2 && fake.slack.accepted.length === 1 && fake.webhook.accepted.length === 1);
      await proxy.down();
      await publishAlerts(names.alerts, during);
      await eventually('notify finds Redis unavailable', 60_000, async () => notify.logs().includes('redis unavailable, retrying'));
      assert.deepEqual([fake.pagerduty.received.length, fake.slack.received.length, fake.webhook.received.length], [2, 1, 1], 'nothing is sent while its delivery records cannot be read');
      await proxy.up();
      await waitForGroupCaughtUp(clients!.admin, `${names.groupId}-notify`, names.alerts);
      await stopAll();
      const everything = [...before, ...during].map((a) => a.alert_id).sort();
      assert.deepEqual(assertNoRepeats('pd', fake.pagerduty.accepted).sort(), everything);
      assert.deepEqual(assertNoRepeats('hook', fake.webhook.accepted).sort(), everything);
      assert.equal(fake.slack.accepted.length, 2);
    } finally {
      await proxy.close();
    }
  });
});
