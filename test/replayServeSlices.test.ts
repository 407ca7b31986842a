import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import type { AlertRecord, PredictionEvent } from '../src/contracts/events.ts';
import type { WindowReportRecord } from '../src/contracts/reports.ts';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { runCli } from './support/cliProcess.ts';
import { writeJsonl } from './support/eventFiles.ts';
import { publishPredictions } from './support/kafkaPublish.ts';
import { assertStackUp, connectionsOf, createTopics, stack, testKafka, uniqueNames, waitForGroupCaughtUp } from './support/liveStack.ts';
import { predictionStream } from './support/predictionStream.ts';
import { seededRandom } from './support/random.ts';
import { withServe } from './support/serveRun.ts';
import { assertSameOutputs, replayedOutputs, servedOutputs } from './support/outputRecords.ts';

/**
 * Performance estimated without labels (CBPE, with business value), multivariate drift and segments, live:
 * serve (Kafka, the registry's Avro contracts, Redis) gives the same window reports and alerts as replay over
 * the same events, with the CBPE model and the PCA fitted on the same reference file, and the slices'
 * reports and alerts carrying their segment through Avro (retraining requests too). Only created_at and replay's
 * `type` tag are left out.
 */

const MODEL = 'loan-default';
const WINDOW = 500;
const rng = seededRandom(61);

/** The synthetic stream with a channel per event and, for the reference, the outcome the score predicts. */
function withChannels(events: PredictionEvent[]): PredictionEvent[] {
  return events.map((e) => ({ ...e, attributes: { channel: rng.pick(['web', 'app', 'phone'], [0.5, 0.3, 0.2]) } }));
}
const reference = withChannels(predictionStream(rng, { modelId: MODEL, count: 4000 })).map((e) => ({ ...e, target: rng.uniform() < e.prediction.score! ? 'default' : 'repay' }));
const events = withChannels([
  ...predictionStream(rng, { modelId: MODEL, count: 2 * WINDOW, from: 4000 }),
  ...predictionStream(rng, { modelId: MODEL, count: 4 * WINDOW, from: 4000 + 2 * WINDOW, incomeShift: 1.5 }),
]);

test('serve and replay give the same CBPE estimates, reconstruction drift and per-segment reports and alerts', async () => {
  await assertStackUp();
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-slices-'));
  const referenceFile = join(dir, 'reference.jsonl');
  writeJsonl(referenceFile, reference);
  const monitors = [{
    model: MODEL,
    features: { income: 'numeric', age: 'numeric', debt_ratio: 'numeric', region: 'categorical' },
    reference: { source: 'file', path: referenceFile },
    window: { type: 'count', size: WINDOW },
    performance: { task: 'classification', positiveLabel: 'default', estimate: 'cbpe', windowSize: WINDOW, businessValue: { tp: 5, fp: -1, tn: 0, fn: -20 } },
    multivariate: {},
    segments: [{ attribute: 'channel', values: ['web', 'app'] }],
  }];
  const configFile = join(dir, 'driftwatch.yaml');
  const eventsFile = join(dir, 'events.jsonl');
  const outFile = join(dir, 'out.jsonl');
  writeFileSync(configFile, stringify({ monitors }));
  writeJsonl(eventsFile, events);

  const registry = createRegistryClient({ url: stack.registryUrl });
  const kafka = testKafka();
  const admin = kafka.admin();
  const producer = kafka.producer();
  await admin.connect();
  await producer.connect();
  const names = uniqueNames('replay-slices');
  try {
    await createTopics(admin, [names.predictions, names.labels, names.alerts, names.windows, names.retrain, names.deadLetter]);
    await publishPredictions(producer, registry, names.predictions, events);
    await withServe({ ...connectionsOf(names), monitors }, async () => {
      await waitForGroupCaughtUp(admin, names.groupId, names.predictions);
    });
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
  const served = await servedOutputs(kafka, registry, names);

  const replayed = await runCli(['replay', '--config', configFile, '--events', eventsFile, '--out', outFile]);
  assert.equal(replayed.code, 0, replayed.stderr);
  const fromFiles = replayedOutputs(outFile);

  // Not empty: estimates for the population and each slice, reconstruction errors, slices' drift alerts.
  const reports = [...fromFiles.reports.values()] as WindowReportRecord[];
  const slices = (stream: string) => new Set(reports.filter((r) => r.stream === stream).map((r) => (r.segment ? `${r.segment.attribute}=${r.segment.value}` : 'all')));
  assert.deepEqual([...slices('predictions')].sort(), ['all', 'channel=app', 'channel=other', 'channel=web']);
  assert.deepEqual([...slices('estimates')].sort(), ['all', 'channel=app', 'channel=other', 'channel=web']);
  const population = reports.filter((r) => r.stream === 'predictions' && !r.segment);
  assert.equal(population.length, events.length / WINDOW);
  assert.ok(population.every((r) => Number.isFinite(r.model_metrics.reconstruction_error)));
  const estimates = reports.filter((r) => r.stream === 'estimates' && !r.segment);
  assert.ok(estimates.length === events.length / WINDOW && estimates.every((r) => Number.isFinite(r.model_metrics.estimated_roc_auc) && Number.isFinite(r.model_metrics.estimated_business_value)));
  const alerts = [...fromFiles.alerts.values()] as AlertRecord[];
  assert.ok(alerts.some((a) => a.segment?.value === 'web' && a.detector === 'drift.psi' && a.feature === 'income'), 'a slice alerts on its drift');

  assertSameOutputs(fromFiles, served);
});
