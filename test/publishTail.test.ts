import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { stringify } from 'yaml';
import type { AlertRecord, DeadLetterRecord, LabelEvent, PredictionEvent } from '../src/contracts/events.ts';
import { withWrappedFeatures } from '../src/contracts/featureValueUnion.ts';
import type { WindowReportRecord } from '../src/contracts/reports.ts';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { runCli } from './support/cliProcess.ts';
import { writeCsv, writeJsonl, writeLabelsJsonl, writeParquet } from './support/eventFiles.ts';
import { registerContracts } from '../src/registry/registerContracts.ts';
import { publishAvro } from './support/kafkaPublish.ts';
import { within } from './support/within.ts';
import { connectLiveStack, connectionsOf, stack, uniqueNames, waitForGroupCaughtUp, type LiveStackClients } from './support/liveStack.ts';
import { predictionStream } from './support/predictionStream.ts';
import { seededRandom } from './support/random.ts';
import { withServe } from './support/serveRun.ts';
import { readTopic } from './support/topicReader.ts';

/**
 * The "done when": events in with `driftwatch publish`, results out with `driftwatch tail`, no code written
 * (every step is the CLI run as its own process, on the live stack, on topics that do not exist beforehand).
 */
/** Avro-decoded records are instances of avsc's record classes: compare their data. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('publish → serve → tail on the live stack', () => {
  const registry = createRegistryClient({ url: stack.registryUrl });
  let clients: LiveStackClients | undefined;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;

  before(async () => {
    clients = await connectLiveStack();
    ({ kafka, admin, producer } = clients);
  });

  after(async () => {
    await clients?.close();
  });

  const model = 'credit-risk';
  const REFERENCE = 3000;
  const WINDOW = 1000;

  function setUp(prefix: string, extra: object = {}) {
    const names = uniqueNames(prefix);
    const dir = mkdtempSync(join(tmpdir(), 'driftwatch-publish-'));
    const config = {
      ...connectionsOf(names),
      monitors: [{
        model,
        features: { income: 'numeric', age: 'numeric', debt_ratio: 'numeric', region: 'categorical' },
        reference: { source: 'firstEvents', events: REFERENCE },
        window: { type: 'count', size: WINDOW },
        ...extra,
      }],
    };
    const configFile = join(dir, 'driftwatch.yaml');
    writeFileSync(configFile, stringify(config));
    return { names, dir, config, configFile };
  }

  function driftedStream(seed: number): PredictionEvent[] {
    const rng = seededRandom(seed);
    return [
      ...predictionStream(rng, { modelId: model, count: REFERENCE + 2 * WINDOW }),
      ...predictionStream(rng, { modelId: model, count: 3 * WINDOW, from: REFERENCE + 2 * WINDOW, incomeShift: 1 }),
    ];
  }

  test('publish a JSONL file, serve, then `tail alerts` prints the drift alert as JSON and --pretty', async () => {
    const { names, dir, config, configFile } = setUp('publishtail');
    const events = driftedStream(31);
    const eventsFile = join(dir, 'events.jsonl');
    writeJsonl(eventsFile, events);

    const published = await runCli(['publish', '--config', configFile, '--events', eventsFile]);
    assert.equal(published.code, 0, published.stderr);
    assert.match(published.stderr, new RegExp(`${events.length} events to ${names.predictions.replaceAll('.', '\\.')}, 0 records skipped`));
    const onTopic = await readTopic<PredictionEvent>(kafka, registry, names.predictions);
    const byId = new Map(onTopic.map((e) => [e.event_id, e]));
    assert.equal(byId.size, events.length, 'every event is on the topic once');
    for (const event of [events[0], events[REFERENCE], events.at(-1)!]) assert.deepEqual(plain(byId.get(event.event_id)), withWrappedFeatures(event), 'decodes to the same event');

    await withServe(config, () => waitForGroupCaughtUp(admin, names.groupId, names.predictions));

    const tailed = await runCli(['tail', '--config', configFile, 'alerts', '--from-beginning', '--max', '1'], { timeoutMs: 60_000 });
    assert.equal(tailed.code, 0, tailed.stderr);
    const lines = tailed.stdout.trim().split('\n');
    assert.equal(lines.length, 1, '--max 1 prints one message');
    const alert = JSON.parse(lines[0]) as AlertRecord;
    assert.equal(alert.model_id, model);
    assert.equal(alert.feature, 'income');
    assert.equal(alert.status, 'firing');
    const onAlerts = await readTopic<AlertRecord>(kafka, registry, names.alerts);
    assert.deepEqual(alert, plain(onAlerts.find((a) => a.alert_id === alert.alert_id)), 'the line is the alert as published');

    const pretty = await runCli(['tail', '--config', configFile, 'alerts', '--from-beginning', '--max', '1', '--pretty', '--model', model], { timeoutMs: 60_000 });
    assert.equal(pretty.code, 0, pretty.stderr);
    assert.match(pretty.stdout.trim(), new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\S+Z (WARNING|CRITICAL) firing credit-risk@v1 drift\\.\\w+ income \\w+=\\S+ \\(threshold \\S+\\) window \\d+–\\d+ \\(1000 events\\): .*income`));

    const windows = await runCli(['tail', '--config', configFile, 'windows', '--from-beginning', '--max', '2'], { timeoutMs: 60_000 });
    assert.equal(windows.code, 0, windows.stderr);
    const reports = windows.stdout.trim().split('\n').map((l) => JSON.parse(l) as WindowReportRecord);
    assert.equal(reports.length, 2);
    for (const r of reports) assert.equal(r.model_id, model);
  });

  test('without --from-beginning, tail prints only what arrives after it started, and SIGINT ends it with 0', async () => {
    const { names, configFile } = setUp('tailnow');
    const [{ id }] = await registerContracts(registry, [{ contract: 'Alert', topic: names.alerts }]);
    const alert = (alertId: string): AlertRecord => ({
      alert_id: alertId, episode_id: alertId, model_id: model, model_version: 'v1', detector: 'drift.psi', feature: 'income', severity: 'warning', status: 'firing',
      metric: 'psi', value: 0.12, threshold: 0.1, window: { start: 0, end: 1000, count: 1000 }, summary: 'income drifted', details: {}, created_at: Date.now(),
    });
    await publishAvro(producer, registry, names.alerts, id, [alert('old')]);

    const child = spawn(process.execPath, [new URL('../src/cli/main.ts', import.meta.url).pathname, 'tail', '--config', configFile, 'alerts'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await within(60_000, (async () => {
        while (!stderr.includes(`reading ${names.alerts} from now on`)) await new Promise((r) => setTimeout(r, 100));
      })(), () => `tail never joined; stderr: ${stderr}`);
      // "Now" is fixed when the new group first fetches: publish until one arrives, then check the old one never did.
      await within(30_000, (async () => {
        for (let i = 0; !stdout.includes('\n'); i++) {
          await publishAvro(producer, registry, names.alerts, id, [alert(`new-${i}`)]);
          await new Promise((r) => setTimeout(r, 300));
        }
      })(), () => `tail printed nothing; stderr: ${stderr}`);
      child.kill('SIGINT');
      assert.equal(await within(30_000, exited, () => `tail did not stop on SIGINT; stderr: ${stderr}`), 0, stderr);
      const printed = stdout.trim().split('\n').map((l) => (JSON.parse(l) as AlertRecord).alert_id);
      assert.ok(printed.length > 0 && printed.every((alertId) => alertId.startsWith('new-')), `only alerts published after the start: ${printed.join(', ')}`);
    } finally {
      child.kill('SIGKILL');
    }
  });

  test('CSV events with JSONL labels: labels interleaved by time go to the labels topic; --rate paces them', async () => {
    const { names, dir, configFile } = setUp('publishcsv');
    const rng = seededRandom(32);
    const events = predictionStream(rng, { modelId: model, count: 600 });
    const labels: LabelEvent[] = events.filter((_, i) => i % 3 === 0).map((e) => ({ event_id: e.event_id, model_id: model, timestamp: e.timestamp + 1500, label: e.prediction.label === 'default' ? 'repay' : 'default' }));
    const eventsFile = join(dir, 'events.csv');
    const labelsFile = join(dir, 'labels.jsonl');
    writeCsv(eventsFile, events);
    writeLabelsJsonl(labelsFile, labels);
    const started = performance.now();
    const result = await runCli(['publish', '--config', configFile, '--events', eventsFile, '--labels', labelsFile, '--rate', '1000']);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /600 events to .*, 200 labels to .*, 0 records skipped/);
    assert.ok(seconds >= 0.8 - 0.05, `800 messages at 1000/s take at least 0.8 s (took ${seconds.toFixed(2)} s)`);
    const onLabels = await readTopic<LabelEvent>(kafka, registry, names.labels);
    assert.deepEqual(plain([...onLabels].sort((a, b) => a.timestamp - b.timestamp)), labels);
    const onTopic = await readTopic<PredictionEvent>(kafka, registry, names.predictions);
    assert.equal(onTopic.length, 600);
  });

  test('--stream features publishes FeatureEvents (no prediction) to the features topic', async () => {
    const { names, dir, configFile } = setUp('publishfeatures');
    const events = predictionStream(seededRandom(34), { modelId: model, count: 50 });
    const eventsFile = join(dir, 'features.jsonl');
    writeJsonl(eventsFile, events);
    const result = await runCli(['publish', '--config', configFile, '--events', eventsFile, '--stream', 'features']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, new RegExp(`50 events to ${names.features.replaceAll('.', '\\.')}`));
    const onTopic = (await readTopic<object>(kafka, registry, names.features)).map(plain) as Record<string, unknown>[];
    const { event_id, model_id, model_version, timestamp, features, attributes } = withWrappedFeatures(events[7]);
    assert.deepEqual(onTopic.find((e) => e.event_id === events[7].event_id), { event_id, model_id, model_version, timestamp, features, attributes });
    assert.equal(onTopic.length, 50);
  });

  test('events of a model whose monitor has a field mapping are refused, naming the mapping (exit 2)', async () => {
    const { dir, configFile } = setUp('publishmapped', { mapping: { eventId: 'id', timestamp: 'ts', features: ['income'] } });
    const eventsFile = join(dir, 'events.jsonl');
    writeJsonl(eventsFile, predictionStream(seededRandom(35), { modelId: model, count: 3 }));
    const result = await runCli(['publish', '--config', configFile, '--events', eventsFile]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--events: .*events\.jsonl:1: model 'credit-risk' has a field mapping \(monitors\[0\]\.mapping\)/);
  });

  test('Parquet events are published; bad records are skipped and named; `tail dlq` shows what serve could not read', async () => {
    const { names, dir, config, configFile } = setUp('publishdlq');
    const events = driftedStream(33).slice(0, REFERENCE + WINDOW);
    const eventsFile = join(dir, 'events.parquet');
    writeParquet(eventsFile, events);
    const result = await runCli(['publish', '--config', configFile, '--events', eventsFile]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, new RegExp(`${events.length} events to `));

    const badFile = join(dir, 'bad.jsonl');
    writeJsonl(badFile, [events[0]], new Map([[1, '{"model_id": "credit-risk"}'], [2, 'not json']]));
    const bad = await runCli(['publish', '--config', configFile, '--events', badFile]);
    assert.equal(bad.code, 0, bad.stderr);
    assert.match(bad.stderr, /skipped .*bad\.jsonl:1: /);
    assert.match(bad.stderr, /skipped .*bad\.jsonl:2: not valid JSON/);
    assert.match(bad.stderr, /1 events to .*, 2 records skipped/);

    await producer.send({ topic: names.predictions, messages: [{ key: model, value: Buffer.from('plain text') }] });
    await withServe(config, () => waitForGroupCaughtUp(admin, names.groupId, names.predictions));
    const tailed = await runCli(['tail', '--config', configFile, 'dlq', '--from-beginning', '--max', '1'], { timeoutMs: 60_000 });
    assert.equal(tailed.code, 0, tailed.stderr);
    const letter = JSON.parse(tailed.stdout) as Omit<DeadLetterRecord, 'key' | 'value'> & { key: string; value: string };
    assert.equal(letter.error_kind, 'decode');
    assert.equal(Buffer.from(letter.value, 'base64').toString(), 'plain text', 'bytes are printed as base64');
    assert.equal(Buffer.from(letter.key, 'base64').toString(), model);
    const pretty = await runCli(['tail', '--config', configFile, 'dlq', '--from-beginning', '--max', '1', '--pretty'], { timeoutMs: 60_000 });
    assert.match(pretty.stdout, new RegExp(`DEAD LETTER ${names.predictions.replaceAll('.', '\\.')}\\[\\d+\\]@\\d+ key="credit-risk" decode: `));
  });
});
