import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { avroContract } from '../src/contracts/avroContracts.ts';
import type { AlertRecord, DeadLetterRecord, PredictionEvent } from '../src/contracts/events.ts';
import { withWrappedFeatures } from '../src/contracts/featureValueUnion.ts';
import type { RetrainRequestRecord, WindowReportRecord } from '../src/contracts/reports.ts';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { publishAvro, publishJson, publishLabels, publishPredictions, registerAvroSchema, setSubjectCompatibility } from './support/kafkaPublish.ts';
import { interleave, labelsForAccuracy, orphanLabels, plannedAccuracies } from './support/labelStream.ts';
import { connectionsOf, createTopics, stack, uniqueNames, waitForGroupCaughtUp, type TestNames, connectLiveStack, type LiveStackClients } from './support/liveStack.ts';
import { predictionStream } from './support/predictionStream.ts';
import { seededRandom, type Random } from './support/random.ts';
import { metricSample, metricsPort, scrapeMetrics, withServe } from './support/serveRun.ts';
import { readTopic } from './support/topicReader.ts';

/**
 * The inputs `driftwatch serve` (a real process) takes besides Avro predictions, on the live stack: delayed labels
 * joined through Redis into performance windows, a producer changing its writer schema, JSON payloads in the
 * PredictionEvent shape and in a producer's own shape (mapped by config), and drift that persists long enough to
 * ask for retraining.
 */
describe('serve inputs on the live stack: labels, schema changes, JSON and mappings, retraining', () => {
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

  const creditFeatures = { income: 'numeric', age: 'numeric', debt_ratio: 'numeric', region: 'categorical' };

  async function createAllTopics(names: TestNames): Promise<void> {
    await createTopics(admin, [names.predictions, names.features, names.labels, names.alerts, names.windows, names.retrain, names.deadLetter]);
  }

  async function outputs(names: TestNames) {
    const [alerts, reports, retrains, deadLetters] = await Promise.all([
      readTopic<AlertRecord>(kafka, registry, names.alerts),
      readTopic<WindowReportRecord>(kafka, registry, names.windows),
      readTopic<RetrainRequestRecord>(kafka, registry, names.retrain),
      readTopic<DeadLetterRecord>(kafka, registry, names.deadLetter),
    ]);
    // avsc decodes records as instances of generated classes; the assertions compare plain data.
    return { alerts: plain(alerts), reports: plain(reports), retrains: plain(retrains), deadLetters };
  }

  const plain = <T>(records: T[]): T[] => JSON.parse(JSON.stringify(records)) as T[];

  const byStart = <T extends { window: { start: number } }>(list: T[]) => [...list].sort((a, b) => a.window.start - b.window.start);

  test('delayed labels fill performance windows: a drop in accuracy alerts, a slow slide is caught by the trend detectors, orphans are counted', async () => {
    const names = uniqueNames('labels');
    const PAIRS = 200;
    const performance = { task: 'classification', positiveLabel: 'default', windowSize: PAIRS, thresholds: { accuracy: { warning: 0.8 } } };
    const monitor = (model: string) => ({
      model, features: creditFeatures, reference: { source: 'firstEvents', events: 500 }, window: { type: 'count', size: 5000 }, performance,
    });
    const config = { ...connectionsOf(names), monitors: [monitor('churn-step'), monitor('churn-slide')] };

    // churn-step: 4 windows at 0.9, then 4 at 0.6. churn-slide: 20 windows at 0.85 ± 0.005, a slide to 0.82 over
    // 20 windows, 4 more at 0.82 — never below the 0.8 bound, so only a trend detector can see it.
    const stepPlan = { windowSize: PAIRS, accuracies: [0.9, 0.9, 0.9, 0.9, 0.6, 0.6, 0.6, 0.6] };
    const slidePlan = {
      windowSize: PAIRS,
      accuracies: [
        ...Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 0.855 : 0.845)),
        ...Array.from({ length: 20 }, (_, i) => 0.85 - (0.03 * (i + 1)) / 20),
        0.82, 0.82, 0.82, 0.82,
      ],
    };
    const rng = seededRandom(21);
    const stepPredictions = predictionStream(rng, { modelId: 'churn-step', count: PAIRS * stepPlan.accuracies.length });
    const slidePredictions = predictionStream(rng, { modelId: 'churn-slide', count: PAIRS * slidePlan.accuracies.length });
    const ORPHANS = 5;
    const stepLabels = interleave(labelsForAccuracy(stepPredictions, stepPlan), orphanLabels('churn-step', ORPHANS, stepPredictions[0].timestamp));
    const slideLabels = labelsForAccuracy(slidePredictions, slidePlan);

    await createAllTopics(names);
    await publishPredictions(producer, registry, names.predictions, [...stepPredictions, ...slidePredictions]);
    const metrics = await withServe(config, async (serve) => {
      // Labels are produced once the predictions are checkpointed (their join records are in Redis).
      await waitForGroupCaughtUp(admin, names.groupId, names.predictions);
      await publishLabels(producer, registry, names.labels, [...stepLabels, ...slideLabels]);
      await waitForGroupCaughtUp(admin, names.groupId, names.labels);
      return scrapeMetrics(await metricsPort(serve));
    });
    const { alerts, reports, retrains, deadLetters } = await outputs(names);
    assert.deepEqual(deadLetters, []);

    // Every label found its prediction except the orphans, which are counted and fill no window.
    assert.equal(metricSample(metrics, 'driftwatch_labels_total', { model_id: 'churn-step', outcome: 'orphan' }), ORPHANS);
    assert.equal(metricSample(metrics, 'driftwatch_labels_total', { model_id: 'churn-step', outcome: 'joined' }), stepPredictions.length);
    assert.equal(metricSample(metrics, 'driftwatch_labels_total', { model_id: 'churn-slide', outcome: 'joined' }), slidePredictions.length);
    assert.equal(metricSample(metrics, 'driftwatch_labels_total', { model_id: 'churn-slide', outcome: 'orphan' }), undefined);

    // Performance windows: one report per PAIRS joined labels, with the planned accuracy and the other metrics.
    const labelReports = (model: string) => byStart(reports.filter((r) => r.model_id === model && r.stream === 'labels'));
    const stepReports = labelReports('churn-step');
    assert.deepEqual(stepReports.map((r) => r.window), stepPlan.accuracies.map((_, w) => ({ start: w * PAIRS, end: (w + 1) * PAIRS, count: PAIRS })));
    assert.deepEqual(stepReports.map((r) => r.model_metrics.accuracy), plannedAccuracies(stepPlan));
    for (const r of stepReports) {
      assert.equal(r.model_version, 'v1');
      assert.equal(r.model_metrics.labelled_pairs, PAIRS);
      for (const metric of ['precision', 'recall', 'f1', 'roc_auc', 'log_loss']) {
        assert.ok(Number.isFinite(r.model_metrics[metric]), `${metric} is reported (${JSON.stringify(r.model_metrics)})`);
      }
      const finding = r.findings.find((f) => f.detector === 'performance.threshold' && f.metric === 'accuracy');
      assert.ok(finding, 'the accuracy bound is evaluated in every window');
      assert.equal(finding.severity, r.model_metrics.accuracy < 0.8 ? 'warning' : 'none');
    }
    const slideReports = labelReports('churn-slide');
    assert.deepEqual(slideReports.map((r) => r.model_metrics.accuracy), plannedAccuracies(slidePlan));

    // The drop: one firing accuracy alert, on the second window below the bound (persistence 2 of 3).
    const accuracyAlerts = alerts.filter((a) => a.model_id === 'churn-step' && a.detector === 'performance.threshold');
    assert.equal(accuracyAlerts.length, 1, JSON.stringify(accuracyAlerts));
    const [drop] = accuracyAlerts;
    assert.equal(drop.metric, 'accuracy');
    assert.equal(drop.status, 'firing');
    assert.equal(drop.severity, 'warning');
    assert.equal(drop.model_version, 'v1');
    assert.equal(drop.value, 0.6);
    assert.equal(drop.threshold, 0.8);
    assert.deepEqual(drop.window, { start: 5 * PAIRS, end: 6 * PAIRS, count: PAIRS });
    assert.match(drop.summary, /Accuracy 0\.6\b.*below the warning bound 0\.8/);

    // The slide: caught by a trend detector, while the fixed bound never fires.
    const slideAlerts = alerts.filter((a) => a.model_id === 'churn-slide');
    assert.deepEqual(slideAlerts.filter((a) => a.detector === 'performance.threshold'), []);
    const trend = byStart(slideAlerts.filter((a) => a.detector.startsWith('trend.') && a.status === 'firing'));
    assert.ok(trend.length > 0, `a trend alert fires on the slide; alerts: ${JSON.stringify(slideAlerts.map((a) => [a.detector, a.window.start]))}`);
    assert.ok(trend[0].window.start >= 20 * PAIRS, 'not before the slide began');
    assert.match(trend[0].metric, /^accuracy_/);
    // A performance trend asks for retraining once (then the cooldown holds).
    const slideRetrains = retrains.filter((q) => q.model_id === 'churn-slide');
    assert.equal(slideRetrains.length, 1);
    assert.match(slideRetrains[0].reason, /performance trend/);
    assert.ok(slideRetrains[0].alert_ids.includes(trend[0].alert_id));
  });

  test('a writer schema change raises a schema.change alert: warning when compatible, critical when breaking', async () => {
    const names = uniqueNames('schema');
    const model = 'schema-model';
    const config = { ...connectionsOf(names), monitors: [{ model, features: creditFeatures, window: { type: 'count', size: 500 } }] };
    const rng = seededRandom(22);
    const batch = (from: number) => predictionStream(rng, { modelId: model, count: 200, from });

    const v1 = avroContract('PredictionEvent');
    // v2 adds an optional field with a default: both ways compatible, so the registry's BACKWARD rule accepts it.
    const v2 = { ...v1, fields: [...v1.fields, { name: 'request_source', type: ['null', 'string'], default: null }] };
    // v3 adds a required field without a default: readers on v3 cannot read v2 data, so it breaks BACKWARD.
    const v3 = { ...v2, fields: [...v2.fields, { name: 'tenant', type: 'string' }] };

    await createAllTopics(names);
    const id1 = await publishPredictions(producer, registry, names.predictions, batch(0));
    const id2 = await registerAvroSchema(registry, names.predictions, v2);
    await publishAvro(producer, registry, names.predictions, id2, batch(200).map((e) => ({ ...withWrappedFeatures(e), request_source: 'api' })));
    await assert.rejects(registerAvroSchema(registry, names.predictions, v3), (error: Error & { status?: number }) => {
      assert.equal(error.status, 409, `the registry refuses the breaking schema under BACKWARD: ${error.message}`);
      return true;
    });
    await setSubjectCompatibility(names.predictions, 'NONE');
    const id3 = await registerAvroSchema(registry, names.predictions, v3, 'NONE');
    await publishAvro(producer, registry, names.predictions, id3, batch(400).map((e) => ({ ...withWrappedFeatures(e), request_source: null, tenant: 'acme' })));
    assert.equal(new Set([id1, id2, id3]).size, 3);

    await withServe(config, () => waitForGroupCaughtUp(admin, names.groupId, names.predictions));
    const { alerts, deadLetters } = await outputs(names);
    assert.deepEqual(deadLetters, [], 'events of every writer schema decode');
    const changes = byStart(alerts.filter((a) => a.detector === 'schema.change'));
    assert.deepEqual(changes.map((a) => [a.details.old_schema_id, a.details.new_schema_id]), [[String(id1), String(id2)], [String(id2), String(id3)]]);
    const [compatible, breaking] = changes;
    for (const alert of changes) {
      assert.equal(alert.model_id, model);
      assert.equal(alert.status, 'firing');
      assert.equal(alert.feature, null);
    }
    assert.equal(compatible.severity, 'warning');
    assert.equal(compatible.details.breaking, 'false');
    assert.equal(compatible.details.backward_compatible, 'true');
    assert.equal(compatible.details.forward_compatible, 'true');
    assert.match(compatible.details.changes, /request_source/);
    assert.match(compatible.summary, new RegExp(`from id ${id1} to ${id2} \\(compatible\\)`));
    assert.equal(breaking.severity, 'critical');
    assert.equal(breaking.details.breaking, 'true');
    assert.equal(breaking.details.backward_compatible, 'false');
    assert.match(breaking.details.changes, /tenant/);
    assert.match(breaking.summary, new RegExp(`from id ${id2} to ${id3} \\(breaking\\)`));
    assert.ok(compatible.window.start < breaking.window.start, 'in stream order');
  });

  test('JSON payloads: a producer shape mapped by config, and JSON PredictionEvents, are both monitored', async () => {
    const names = uniqueNames('json');
    const BASE = 1_767_225_600_000; // 2026-01-01T00:00:00Z, aligned to 5-minute windows
    const FIVE_MINUTES = 300_000;
    const config = {
      ...connectionsOf(names),
      monitors: [
        {
          model: 'ext-scorer',
          mapping: { eventId: 'id', timestamp: 'ts', features: { amount: 'inputs.amount', merchant: 'inputs.merchant' }, score: 'out.p' },
          reference: { source: 'firstEvents', events: 900 },
          window: { type: 'eventTime', size: '5m' },
        },
        { model: 'json-credit', features: creditFeatures, reference: { source: 'firstEvents', events: 1000 }, window: { type: 'count', size: 500 } },
      ],
    };
    // The producer's own shape: { id, ts (ISO-8601), inputs: {...}, out: { p } }, one event a second. From event
    // 1800 on, amounts are three times larger.
    const rng = seededRandom(23);
    const foreign = (i: number, scale: number) => ({
      id: `tx-${i}`,
      ts: new Date(BASE + i * 1000).toISOString(),
      inputs: { amount: scale * Math.exp(3 + 0.5 * rng.normal()), merchant: rng.pick(['grocery', 'fuel', 'travel', 'online'], [0.4, 0.3, 0.1, 0.2]) },
      out: { p: rng.uniform() },
    });
    const foreignEvents = Array.from({ length: 3300 }, (_, i) => foreign(i, i < 1800 ? 1 : 3));
    const creditEvents: PredictionEvent[] = [
      ...predictionStream(rng, { modelId: 'json-credit', count: 2000 }),
      ...predictionStream(rng, { modelId: 'json-credit', count: 1500, from: 2000, incomeShift: 1 }),
    ];

    await createAllTopics(names);
    await publishJson(producer, names.predictions, foreignEvents, () => 'ext-scorer');
    await publishJson(producer, names.predictions, creditEvents, (e) => e.model_id);
    await withServe(config, () => waitForGroupCaughtUp(admin, names.groupId, names.predictions));
    const { alerts, reports, deadLetters } = await outputs(names);
    assert.deepEqual(deadLetters, []);

    // The mapped model: event-time windows from the ISO timestamps, version 'unversioned', drift on 'amount' only.
    const extReports = byStart(reports.filter((r) => r.model_id === 'ext-scorer'));
    assert.deepEqual(
      extReports.map((r) => [r.window.start - BASE, r.window.end - BASE, r.window.count]),
      [3, 4, 5, 6, 7, 8, 9].map((k) => [k * FIVE_MINUTES, (k + 1) * FIVE_MINUTES, 300]),
      'windows of 300 events aligned to five minutes (the last one is still open)',
    );
    for (const r of extReports) {
      assert.equal(r.model_version, 'unversioned');
      assert.deepEqual(r.features.map((f) => [f.feature, f.kind]).sort(), [['amount', 'numeric'], ['merchant', 'categorical'], ['prediction.score', 'numeric']]);
    }
    const extAlerts = alerts.filter((a) => a.model_id === 'ext-scorer' && a.status === 'firing');
    assert.deepEqual([...new Set(extAlerts.map((a) => a.feature))], ['amount'], JSON.stringify(extAlerts.map((a) => [a.detector, a.feature])));
    const amount = extAlerts.find((a) => a.detector === 'drift.psi');
    assert.ok(amount, 'a PSI alert on the mapped feature');
    assert.equal(amount.model_version, 'unversioned');
    assert.equal(amount.window.start, BASE + 7 * FIVE_MINUTES, 'fires on the second drifted window');

    // JSON in the PredictionEvent shape: monitored like Avro.
    const creditReports = reports.filter((r) => r.model_id === 'json-credit');
    assert.equal(creditReports.length, 5);
    const creditAlerts = alerts.filter((a) => a.model_id === 'json-credit' && a.status === 'firing');
    assert.deepEqual([...new Set(creditAlerts.map((a) => a.feature))], ['income']);
    assert.deepEqual(creditAlerts.filter((a) => a.detector === 'drift.psi').map((a) => a.window.start), [1500]);
  });

  test('critical drift persisting criticalDriftWindows windows asks for retraining once, naming the feature and the alerts', async () => {
    const names = uniqueNames('retrain');
    const model = 'retrain-credit';
    // A reference larger than one fetch (~1 MB), produced while serve runs: the events arrive over many batches.
    const REFERENCE = 7000;
    const WINDOW = 500;
    const config = {
      ...connectionsOf(names),
      monitors: [{
        model, features: creditFeatures, reference: { source: 'firstEvents', events: REFERENCE }, window: { type: 'count', size: WINDOW },
        retraining: { criticalDriftWindows: 3, cooldownWindows: 10 },
      }],
    };
    const rng: Random = seededRandom(24);
    const events = [
      ...predictionStream(rng, { modelId: model, count: REFERENCE + 2 * WINDOW }),
      ...predictionStream(rng, { modelId: model, count: 6 * WINDOW, from: REFERENCE + 2 * WINDOW, incomeShift: 2 }),
    ];

    await createAllTopics(names);
    const schemaId = await publishPredictions(producer, registry, names.predictions, []);
    await withServe(config, async () => {
      for (let i = 0; i < events.length; i += 1000) {
        await publishPredictions(producer, registry, names.predictions, events.slice(i, i + 1000), schemaId);
        await new Promise((r) => setTimeout(r, 100));
      }
      await waitForGroupCaughtUp(admin, names.groupId, names.predictions, 60_000);
    });
    const { alerts, reports, retrains, deadLetters } = await outputs(names);
    assert.deepEqual(deadLetters, []);
    assert.equal(reports.filter((r) => r.model_id === model).length, 8, 'every window after the reference is reported once');

    const psi = alerts.filter((a) => a.detector === 'drift.psi' && a.feature === 'income' && a.status === 'firing');
    assert.equal(psi.length, 1);
    assert.equal(psi[0].severity, 'critical');
    assert.equal(psi[0].window.start, 3 * WINDOW);

    assert.equal(retrains.length, 1, `exactly one request (cooldown): ${JSON.stringify(retrains)}`);
    const [request] = retrains;
    assert.equal(request.model_id, model);
    assert.equal(request.model_version, 'v1');
    assert.deepEqual(request.drifted_features, ['income']);
    assert.match(request.reason, /critical drift in income for 3 or more consecutive windows/);
    // Critical from the first drifted window [1000, 1500); the third in a row is [2000, 2500).
    assert.deepEqual(request.data_window, { start: 2 * WINDOW, end: 5 * WINDOW });
    assert.ok(request.alert_ids.includes(psi[0].alert_id), 'names the drift alert');
    const published = new Set(alerts.map((a) => a.alert_id));
    for (const id of request.alert_ids) assert.ok(published.has(id), `alert ${id} was published`);
    assert.ok(request.metrics['income.drift'] > 0.25, JSON.stringify(request.metrics));
  });
});
