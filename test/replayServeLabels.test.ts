import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import type { AlertRecord, LabelEvent, PredictionEvent } from '../src/contracts/events.ts';
import type { WindowReportRecord } from '../src/contracts/reports.ts';
import { sampledForJoin } from '../src/monitor/joinSampling.ts';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { runCli } from './support/cliProcess.ts';
import { writeJsonl, writeLabelsJsonl } from './support/eventFiles.ts';
import { publishLabels, publishPredictions } from './support/kafkaPublish.ts';
import { labelsForAccuracy } from './support/labelStream.ts';
import { assertStackUp, connectionsOf, createTopics, stack, testKafka, uniqueNames, waitForGroupCaughtUp } from './support/liveStack.ts';
import { predictionStream } from './support/predictionStream.ts';
import { seededRandom } from './support/random.ts';
import { metricSample, metricsPort, scrapeMetrics, withServe } from './support/serveRun.ts';
import { assertSameOutputs, replayedOutputs, servedOutputs } from './support/outputRecords.ts';

/**
 * serve (Kafka + Redis) and replay (files, memory) run one BatchPipeline, label join included: for the same
 * predictions and labels — sampled joins (sampleRate 0.5), labels later than joinTtl, labels with no
 * prediction — both give the same label outcomes and the same window reports, alerts and retraining requests.
 * Only created_at (the wall clock at publication) is left out of the comparison, and the `type` tag replay
 * adds to each JSONL line to say which record it is.
 */

const MODEL = 'loan-default';
const REFERENCE = 1000;
const WINDOW = 500;
const PAIRS = 200;
const HOUR = 3_600_000;

const monitors = [{
  model: MODEL,
  features: { income: 'numeric', age: 'numeric', debt_ratio: 'numeric', region: 'categorical' },
  reference: { source: 'firstEvents', events: REFERENCE },
  window: { type: 'count', size: WINDOW },
  performance: { task: 'classification', positiveLabel: 'default', windowSize: PAIRS, joinTtl: '2h', sampleRate: 0.5, thresholds: { accuracy: { warning: 0.8, critical: 0.65 } } },
}];

const rng = seededRandom(47);
const events: PredictionEvent[] = [
  ...predictionStream(rng, { modelId: MODEL, count: REFERENCE + 2 * WINDOW }),
  ...predictionStream(rng, { modelId: MODEL, count: 3 * WINDOW, from: REFERENCE + 2 * WINDOW, incomeShift: 1 }),
];
// 3,500 labels one minute after their predictions, accuracy 0.95 then 0.6; every 9th one 3 h late (beyond
// joinTtl), and 40 labels of events that never were.
const planned = labelsForAccuracy(events, { windowSize: 500, accuracies: [0.95, 0.95, 0.95, 0.95, 0.6, 0.6, 0.6], delayMs: 60_000 });
const labels: LabelEvent[] = planned.map((l, i) => (i % 9 === 4 ? { ...l, timestamp: l.timestamp + 3 * HOUR } : l));
for (let i = 0; i < 40; i++) labels.push({ event_id: `never-${i}`, model_id: MODEL, timestamp: events[80 * i].timestamp + 30_000, label: 'default' });
labels.sort((a, b) => a.timestamp - b.timestamp);

const expectedOutcomes = (() => {
  const counts = { joined: 0, orphan: 0, late: 0, unsampled: 0 };
  for (const l of labels) {
    if (!sampledForJoin(l.event_id, 0.5)) counts.unsampled++;
    else if (l.event_id.startsWith('never-')) counts.orphan++;
    else if (l.timestamp - events.find((e) => e.event_id === l.event_id)!.timestamp > 2 * HOUR) counts.late++;
    else counts.joined++;
  }
  return counts;
})();

test('serve and replay give the same label outcomes, window reports, alerts and retraining requests for the same events and labels', async () => {
  await assertStackUp();
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-replay-labels-'));
  const configFile = join(dir, 'driftwatch.yaml');
  const eventsFile = join(dir, 'events.jsonl');
  const labelsFile = join(dir, 'labels.jsonl');
  const outFile = join(dir, 'out.jsonl');
  writeFileSync(configFile, stringify({ monitors }));
  writeJsonl(eventsFile, events);
  writeLabelsJsonl(labelsFile, labels);

  const registry = createRegistryClient({ url: stack.registryUrl });
  const kafka = testKafka();
  const admin = kafka.admin();
  const producer = kafka.producer();
  await admin.connect();
  await producer.connect();
  const names = uniqueNames('replay-labels');
  let metrics: string;
  try {
    await createTopics(admin, [names.predictions, names.labels, names.alerts, names.windows, names.retrain, names.deadLetter]);
    await publishPredictions(producer, registry, names.predictions, events);
    metrics = await withServe({ ...connectionsOf(names), monitors }, async (serve) => {
      // Labels go out once the predictions are checkpointed, so their join records are in Redis (replay reads
      // both files in time order, and every label is later than its prediction).
      await waitForGroupCaughtUp(admin, names.groupId, names.predictions);
      await publishLabels(producer, registry, names.labels, labels);
      await waitForGroupCaughtUp(admin, names.groupId, names.labels);
      return scrapeMetrics(await metricsPort(serve));
    });
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
  const served = await servedOutputs(kafka, registry, names);

  const replayed = await runCli(['replay', '--config', configFile, '--events', eventsFile, '--labels', labelsFile, '--out', outFile]);
  assert.equal(replayed.code, 0, replayed.stderr);
  const fromFiles = replayedOutputs(outFile);

  // The same label outcomes, and the scenario has each kind.
  const { joined, orphan, late, unsampled } = expectedOutcomes;
  assert.ok(joined > 5 * PAIRS && orphan > 0 && late > 0 && unsampled > 0, JSON.stringify(expectedOutcomes));
  assert.match(replayed.stderr, new RegExp(`${events.length} events, ${labels.length} labels \\(${joined} joined, ${orphan} orphan, ${late} late, ${unsampled} unsampled\\)`));
  for (const [outcome, n] of Object.entries(expectedOutcomes)) {
    assert.equal(metricSample(metrics, 'driftwatch_labels_total', { model_id: MODEL, outcome }) ?? 0, n, `serve counted ${n} ${outcome} labels`);
  }

  // Not two empty sets: drift and performance windows, a drift alert, accuracy alerts, a retraining request.
  const reports = [...fromFiles.reports.values()] as WindowReportRecord[];
  assert.equal(reports.filter((r) => r.stream === 'predictions').length, 5);
  assert.equal(reports.filter((r) => r.stream === 'labels').length, Math.floor(joined / PAIRS));
  const alerts = [...fromFiles.alerts.values()] as AlertRecord[];
  assert.ok(alerts.some((a) => a.detector === 'drift.psi' && a.feature === 'income'), 'a drift alert');
  assert.ok(alerts.some((a) => a.detector === 'performance.threshold' && a.metric === 'accuracy'), 'an accuracy alert');
  assert.ok(fromFiles.retrains.size > 0, 'a retraining request');

  assertSameOutputs(fromFiles, served);
});
