import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { stringify } from 'yaml';
import type { AlertRecord, PredictionEvent } from '../src/contracts/events.ts';
import type { RetrainRequestRecord, WindowReportRecord } from '../src/contracts/reports.ts';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { runCli } from './support/cliProcess.ts';
import { readJsonl, writeCsv, writeJsonl, writeLabelsJsonl, writeParquet } from './support/eventFiles.ts';
import { publishLabels, publishPredictions } from './support/kafkaPublish.ts';
import { labelsForAccuracy } from './support/labelStream.ts';
import { assertStackUp, connectionsOf, createTopics, stack, testKafka, uniqueNames, waitForGroupCaughtUp } from './support/liveStack.ts';
import { predictionStream } from './support/predictionStream.ts';
import { seededRandom } from './support/random.ts';
import { withServe } from './support/serveRun.ts';
import { readTopic } from './support/topicReader.ts';

/**
 * `driftwatch replay` (a real process) runs the engine `serve` runs over files: the same events and labels give the
 * same window reports, alerts and retraining requests through Kafka and through JSONL, CSV or Parquet files; bad
 * records are reported with their location and skipped. And `validate-config` names every problem's place.
 */

const MODEL = 'credit-risk';
const REFERENCE = 1000;
const WINDOW = 500;
const PAIRS = 250;

/** Count windows (replay closes open event-time windows at the end of input, serve never does). */
const monitors = [{
  model: MODEL,
  features: { income: 'numeric', age: 'numeric', debt_ratio: 'numeric', region: 'categorical' },
  reference: { source: 'firstEvents', events: REFERENCE },
  window: { type: 'count', size: WINDOW },
  performance: { task: 'classification', positiveLabel: 'default', windowSize: PAIRS, thresholds: { accuracy: { warning: 0.8 } } },
}];

// 1,000 reference events, 2 windows as the reference, 3 windows with income drifted by 1σ; labels for the first
// 3,000 predictions, one minute after each: 6 performance windows at accuracy 0.9, then 6 at 0.7.
const rng = seededRandom(31);
const events: PredictionEvent[] = [
  ...predictionStream(rng, { modelId: MODEL, count: REFERENCE + 2 * WINDOW }),
  ...predictionStream(rng, { modelId: MODEL, count: 3 * WINDOW, from: REFERENCE + 2 * WINDOW, incomeShift: 1 }),
];
const labels = labelsForAccuracy(events, { windowSize: PAIRS, accuracies: [...Array(6).fill(0.9), ...Array(6).fill(0.7)], delayMs: 60_000 });

interface Outputs {
  reports: Map<string, unknown>;
  alerts: Map<string, unknown>;
  retrains: Map<string, unknown>;
}

/** Outputs by id, without created_at (the wall clock), as plain JSON data. */
function byId(reports: readonly WindowReportRecord[], alerts: readonly AlertRecord[], retrains: readonly RetrainRequestRecord[]): Outputs {
  const strip = (record: object): unknown => {
    const { created_at: _createdAt, type: _type, ...rest } = record as { created_at?: number; type?: string };
    return JSON.parse(JSON.stringify(rest));
  };
  const index = <T extends object>(list: readonly T[], id: (r: T) => string) => {
    const map = new Map<string, unknown>();
    for (const r of list) {
      const key = id(r);
      if (map.has(key)) assert.deepEqual(strip(r), map.get(key), `a record published twice with id ${key} is identical`);
      map.set(key, strip(r));
    }
    return map;
  };
  return {
    reports: index(reports, (r) => r.report_id),
    alerts: index(alerts, (a) => a.alert_id),
    retrains: index(retrains, (q) => q.request_id),
  };
}

function replayOutputs(file: string): Outputs {
  const lines = readJsonl<{ type: string }>(file);
  const unknown = lines.filter((l) => !['window_report', 'alert', 'retrain_request'].includes(l.type));
  assert.deepEqual(unknown, [], 'every line says its type');
  return byId(
    lines.filter((l) => l.type === 'window_report') as unknown as WindowReportRecord[],
    lines.filter((l) => l.type === 'alert') as unknown as AlertRecord[],
    lines.filter((l) => l.type === 'retrain_request') as unknown as RetrainRequestRecord[],
  );
}

function assertSameOutputs(actual: Outputs, expected: Outputs, what: string): void {
  for (const kind of ['reports', 'alerts', 'retrains'] as const) {
    assert.deepEqual([...actual[kind].keys()].sort(), [...expected[kind].keys()].sort(), `${what}: the same ${kind}`);
    for (const [id, record] of expected[kind]) assert.deepEqual(actual[kind].get(id), record, `${what}: ${kind} ${id} is identical`);
  }
}

describe('driftwatch replay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-replay-'));
  const configFile = join(dir, 'driftwatch.yaml');
  const eventsFile = join(dir, 'events.jsonl');
  const labelsFile = join(dir, 'labels.jsonl');
  writeFileSync(configFile, stringify({ monitors }));
  writeJsonl(eventsFile, events);
  writeLabelsJsonl(labelsFile, labels);

  async function replay(eventsPath: string, outName: string) {
    const out = join(dir, outName);
    const result = await runCli(['replay', '--config', configFile, '--events', eventsPath, '--labels', labelsFile, '--out', out]);
    assert.equal(result.code, 0, `replay exited with ${result.code}; stderr:\n${result.stderr}`);
    return { ...result, outputs: replayOutputs(out) };
  }

  let jsonlReplay: ReturnType<typeof replay> | undefined;
  const cleanReplay = () => (jsonlReplay ??= replay(eventsFile, 'jsonl.out.jsonl'));

  test('replay of JSONL files gives exactly the window reports, alerts and retraining requests serve publishes to Kafka', async () => {
    await assertStackUp();
    const registry = createRegistryClient({ url: stack.registryUrl });
    const kafka: Kafka = testKafka();
    const admin: Admin = kafka.admin();
    const producer: Producer = kafka.producer();
    await admin.connect();
    await producer.connect();
    try {
      const names = uniqueNames('replay');
      await createTopics(admin, [names.predictions, names.labels, names.alerts, names.windows, names.retrain, names.deadLetter]);
      await publishPredictions(producer, registry, names.predictions, events);
      await withServe({ ...connectionsOf(names), monitors }, async () => {
        await waitForGroupCaughtUp(admin, names.groupId, names.predictions);
        await publishLabels(producer, registry, names.labels, labels);
        await waitForGroupCaughtUp(admin, names.groupId, names.labels);
      });
      const kafkaOutputs = byId(
        await readTopic<WindowReportRecord>(kafka, registry, names.windows),
        await readTopic<AlertRecord>(kafka, registry, names.alerts),
        await readTopic<RetrainRequestRecord>(kafka, registry, names.retrain),
      );
      const { outputs, stderr } = await cleanReplay();
      assert.match(stderr, /driftwatch replay: 3500 events, 3000 labels \(3000 joined, 0 orphan, 0 late\), 0 records skipped/);

      // What the scenario must produce, so the comparison is not between two empty sets.
      const reports = [...outputs.reports.values()] as WindowReportRecord[];
      assert.equal(reports.filter((r) => r.stream === 'predictions').length, 5);
      assert.equal(reports.filter((r) => r.stream === 'labels').length, 12);
      const alerts = [...outputs.alerts.values()] as AlertRecord[];
      assert.ok(alerts.some((a) => a.detector === 'drift.psi' && a.feature === 'income'), 'the drift alerts');
      assert.ok(alerts.some((a) => a.detector === 'performance.threshold' && a.metric === 'accuracy'), 'the accuracy alert');
      assert.ok(outputs.retrains.size > 0, 'a retraining request');

      assertSameOutputs(outputs, kafkaOutputs, 'replay vs serve');
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
  });

  test('CSV and Parquet event files give the same outputs as JSONL; bad records are reported with their location and skipped', async () => {
    const { outputs: expected } = await cleanReplay();

    // JSONL with a line that is not JSON (3), one that is not an object (10), one without model_version (20), a blank line (25).
    const { model_version: _version, ...unversioned } = events[17];
    const badJsonl = join(dir, 'bad.jsonl');
    writeJsonl(badJsonl, events, new Map([[3, '{"event_id": "broken",'], [10, '[1, 2, 3]'], [20, JSON.stringify(unversioned)], [25, '']]));
    const jsonl = await replay(badJsonl, 'bad-jsonl.out.jsonl');
    // (Malformed lines currently name their location twice, 'skipped f:3: f:3: not valid JSON'; see the report.)
    assert.match(jsonl.stderr, new RegExp(`skipped ${escape(badJsonl)}:3: (.*: )?not valid JSON`));
    assert.match(jsonl.stderr, new RegExp(`skipped ${escape(badJsonl)}:10: (.*: )?expected a JSON object, got an array`));
    assert.match(jsonl.stderr, new RegExp(`skipped ${escape(badJsonl)}:20: .*model_version`));
    assert.match(jsonl.stderr, /3500 events, 3000 labels .*, 3 records skipped/);
    assertSameOutputs(jsonl.outputs, expected, 'JSONL with bad lines');

    // CSV with a row of the wrong width at line 6 (the header is line 1).
    const csv = join(dir, 'events.csv');
    writeCsv(csv, events, new Map([[6, 'credit-risk-x,credit-risk,v1']]));
    const fromCsv = await replay(csv, 'csv.out.jsonl');
    assert.match(fromCsv.stderr, new RegExp(`skipped ${escape(csv)}:6: (.*: )?the row has 3 cells but the header has 12 columns`));
    assert.match(fromCsv.stderr, /3500 events, .*, 1 records skipped/);
    assertSameOutputs(fromCsv.outputs, expected, 'CSV');

    // Parquet in row groups of 1,000, with a row whose event_id is empty (row 100, counted from 0).
    const parquet = join(dir, 'events.parquet');
    writeParquet(parquet, [...events.slice(0, 100), { ...events[100], event_id: '' }, ...events.slice(100)]);
    const fromParquet = await replay(parquet, 'parquet.out.jsonl');
    assert.match(fromParquet.stderr, new RegExp(`skipped ${escape(parquet)} row 100: .*event_id`));
    assert.match(fromParquet.stderr, /3500 events, .*, 1 records skipped/);
    assertSameOutputs(fromParquet.outputs, expected, 'Parquet');
  });

  test('validate-config exits 2 naming file:line:column and the key of every problem', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, [
      'monitors:',
      '  - model: credit-risk',
      '    window:',
      '      type: sliding',
      '      size: 1000',
      '  - model: churn',
      '    colour: blue',
      '    window:',
      '      type: eventTime',
      '      size: 10 minutes',
      '',
    ].join('\n'));
    const result = await runCli(['validate-config', bad]);
    assert.equal(result.code, 2, result.stderr);
    const problems = result.stderr.split('\n').filter((line) => line.startsWith(`  ${bad}:`)).map((line) => line.trim()).sort();
    assert.equal(problems.length, 3, result.stderr);
    assert.match(problems[0], new RegExp(`^${escape(bad)}:10:7: monitors\\[1\\]\\.window\\.size: expected a duration .*got "10 minutes"`));
    assert.match(problems[1], new RegExp(`^${escape(bad)}:4:7: monitors\\[0\\]\\.window\\.type: .*'count' \\| 'eventTime'`));
    assert.match(problems[2], new RegExp(`^${escape(bad)}:7:5: monitors\\[1\\]\\.colour: unknown key 'colour'`));

    // The same file stops replay before it reads anything; the replay config above is valid.
    const replayed = await runCli(['replay', '--config', bad, '--events', eventsFile]);
    assert.equal(replayed.code, 2, replayed.stderr);
    const good = await runCli(['validate-config', configFile]);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /valid \(1 monitor: credit-risk\)/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
