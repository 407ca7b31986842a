import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DriftwatchMetrics } from './metrics.ts';

/** The value of the sample `name{labels}` in the exposition text; label order does not matter. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = [...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)]
      .map(([, key, value]) => [key, value] as [string, string])
      .sort(([a], [b]) => a.localeCompare(b));
    if (JSON.stringify(found) === JSON.stringify(wanted)) return Number(match[3]);
  }
  return undefined;
}

test('event outcomes are counted per topic, model and outcome', async () => {
  const metrics = new DriftwatchMetrics();
  metrics.eventProcessed('ml.predictions', 'churn');
  metrics.eventProcessed('ml.predictions', 'churn');
  metrics.eventLate('ml.predictions', 'churn');
  metrics.eventUnmonitored('ml.predictions');
  metrics.eventSkippedAlreadyApplied('ml.features');
  const text = await metrics.exposition();
  assert.match(text, /# HELP driftwatch_events_total \S/);
  assert.match(text, /# TYPE driftwatch_events_total counter/);
  assert.equal(sample(text, 'driftwatch_events_total', { topic: 'ml.predictions', model_id: 'churn', outcome: 'processed' }), 2);
  assert.equal(sample(text, 'driftwatch_events_total', { topic: 'ml.predictions', model_id: 'churn', outcome: 'late' }), 1);
  assert.equal(sample(text, 'driftwatch_events_total', { topic: 'ml.predictions', outcome: 'unmonitored' }), 1);
  assert.equal(sample(text, 'driftwatch_events_total', { topic: 'ml.features', outcome: 'skipped_already_applied' }), 1);
});

test('a dead letter counts both as an event outcome and by error kind', async () => {
  const metrics = new DriftwatchMetrics();
  metrics.deadLettered('ml.predictions', 'decode');
  metrics.deadLettered('ml.predictions', 'validation');
  metrics.deadLettered('ml.predictions', 'validation');
  const text = await metrics.exposition();
  assert.equal(sample(text, 'driftwatch_events_total', { topic: 'ml.predictions', outcome: 'dead_lettered' }), 3);
  assert.equal(sample(text, 'driftwatch_dead_letters_total', { topic: 'ml.predictions', error_kind: 'decode' }), 1);
  assert.equal(sample(text, 'driftwatch_dead_letters_total', { topic: 'ml.predictions', error_kind: 'validation' }), 2);
});

test('alerts, window reports, retrain requests and labels carry their labels', async () => {
  const metrics = new DriftwatchMetrics();
  metrics.alertPublished({ model_id: 'churn', detector: 'psi', severity: 'critical', status: 'firing' });
  metrics.alertPublished({ model_id: 'churn', detector: 'psi', severity: 'critical', status: 'resolved' });
  metrics.windowReported('churn', 'predictions');
  metrics.windowReported('churn', 'labels');
  metrics.retrainRequested('churn');
  metrics.labelJoined('churn');
  metrics.labelJoined('churn');
  metrics.labelOrphaned('churn');
  const text = await metrics.exposition();
  const alert = { model_id: 'churn', detector: 'psi', severity: 'critical' };
  assert.equal(sample(text, 'driftwatch_alerts_total', { ...alert, status: 'firing' }), 1);
  assert.equal(sample(text, 'driftwatch_alerts_total', { ...alert, status: 'resolved' }), 1);
  assert.equal(sample(text, 'driftwatch_window_reports_total', { model_id: 'churn', stream: 'predictions' }), 1);
  assert.equal(sample(text, 'driftwatch_window_reports_total', { model_id: 'churn', stream: 'labels' }), 1);
  assert.equal(sample(text, 'driftwatch_retrain_requests_total', { model_id: 'churn' }), 1);
  assert.equal(sample(text, 'driftwatch_labels_total', { model_id: 'churn', outcome: 'joined' }), 2);
  assert.equal(sample(text, 'driftwatch_labels_total', { model_id: 'churn', outcome: 'orphan' }), 1);
});

test('dependency retries, pauses and checkpoints start at zero and move', async () => {
  const metrics = new DriftwatchMetrics();
  const before = await metrics.exposition();
  for (const dependency of ['kafka', 'registry', 'redis']) {
    assert.equal(sample(before, 'driftwatch_dependency_retries_total', { dependency }), 0);
    assert.equal(sample(before, 'driftwatch_paused', { dependency }), 0);
  }
  assert.equal(sample(before, 'driftwatch_checkpoints_total', { outcome: 'saved' }), 0);
  assert.equal(sample(before, 'driftwatch_checkpoints_total', { outcome: 'fenced' }), 0);

  metrics.dependencyRetried('redis');
  metrics.dependencyRetried('redis');
  metrics.setPaused('redis', true);
  metrics.checkpointSaved(1000);
  metrics.checkpointSaved(5000);
  metrics.checkpointFenced();
  const after = await metrics.exposition();
  assert.equal(sample(after, 'driftwatch_dependency_retries_total', { dependency: 'redis' }), 2);
  assert.equal(sample(after, 'driftwatch_paused', { dependency: 'redis' }), 1);
  assert.equal(sample(after, 'driftwatch_checkpoints_total', { outcome: 'saved' }), 2);
  assert.equal(sample(after, 'driftwatch_checkpoints_total', { outcome: 'fenced' }), 1);
  assert.equal(sample(after, 'driftwatch_checkpoint_bytes_count'), 2);
  assert.equal(sample(after, 'driftwatch_checkpoint_bytes_sum'), 6000);
  assert.equal(sample(after, 'driftwatch_checkpoint_bytes_bucket', { le: '1024' }), 1);
  assert.equal(sample(after, 'driftwatch_checkpoint_bytes_bucket', { le: '+Inf' }), 2);

  metrics.setPaused('redis', false);
  assert.equal(sample(await metrics.exposition(), 'driftwatch_paused', { dependency: 'redis' }), 0);
});

test('timeStage records the elapsed seconds in the stage histogram', async () => {
  const metrics = new DriftwatchMetrics();
  const end = metrics.timeStage('monitor');
  await new Promise((resolve) => setTimeout(resolve, 20));
  const seconds = end();
  assert.ok(seconds >= 0.015 && seconds < 5, `elapsed ${seconds}`);
  metrics.observeStage('commit', 0.003);
  const text = await metrics.exposition();
  assert.equal(sample(text, 'driftwatch_batch_duration_seconds_count', { stage: 'monitor' }), 1);
  assert.equal(sample(text, 'driftwatch_batch_duration_seconds_sum', { stage: 'monitor' }), seconds);
  assert.equal(sample(text, 'driftwatch_batch_duration_seconds_bucket', { stage: 'commit', le: '0.0025' }), 0);
  assert.equal(sample(text, 'driftwatch_batch_duration_seconds_bucket', { stage: 'commit', le: '0.005' }), 1);
  assert.equal(sample(text, 'driftwatch_batch_duration_seconds_count', { stage: 'publish' }), 0);
});

test('partition gauges are set by the caller and a revoked partition is dropped', async () => {
  const metrics = new DriftwatchMetrics();
  metrics.setAssignedPartitions(3);
  metrics.setConsumerLag('ml.predictions', 0, 42);
  metrics.setConsumerLag('ml.predictions', 1, 7);
  metrics.clearConsumerLag('ml.predictions', 1);
  const text = await metrics.exposition();
  assert.equal(sample(text, 'driftwatch_assigned_partitions'), 3);
  assert.equal(sample(text, 'driftwatch_consumer_lag', { topic: 'ml.predictions', partition: '0' }), 42);
  assert.equal(sample(text, 'driftwatch_consumer_lag', { topic: 'ml.predictions', partition: '1' }), undefined);
});

test('each instance has its own registry with the default process metrics', async () => {
  const first = new DriftwatchMetrics();
  const second = new DriftwatchMetrics();
  first.eventProcessed('ml.predictions', 'churn');
  const text = await second.exposition();
  assert.equal(sample(text, 'driftwatch_events_total', { topic: 'ml.predictions', model_id: 'churn', outcome: 'processed' }), undefined);
  assert.match(text, /^process_cpu_user_seconds_total \d/m);
  assert.match(text, /^nodejs_eventloop_lag_seconds \d/m);
  assert.match(second.contentType, /^text\/plain/);
});
