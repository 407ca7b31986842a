import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { predictionStream } from '../../test/support/predictionStream.ts';
import { seededRandom } from '../../test/support/random.ts';
import { configSchema, type MonitorConfig } from '../config/configSchema.ts';
import type { LabelEvent, PredictionEvent } from '../contracts/events.ts';
import { EwmaChart } from '../detectors/anomaly/ewmaChart.ts';
import { readStateKind, StateDecodeError, StateWriter } from '../detectors/common/stateCodec.ts';
import { appendOutput, emptyOutput, type EngineOutput } from './engineOutput.ts';
import { entryKey, MonitorEngine } from './monitorEngine.ts';
import { decodePerformanceMonitor } from './performanceMonitorCodec.ts';
import { readStateBundle } from './stateBundle.ts';
import { decodeVersionMonitor } from './versionMonitorCodec.ts';
import { WindowAnomalies } from './windowAnomalies.ts';

const MODEL = 'credit-risk';
const clock = () => 0;

function monitorConfig(monitor: Record<string, unknown>): MonitorConfig {
  return configSchema.parse({ monitors: [{ model: MODEL, reference: { source: 'firstEvents', events: 200 }, window: { type: 'count', size: 50 }, ...monitor }] }).monitors[0];
}

function events(count: number, from = 0): PredictionEvent[] {
  return predictionStream(seededRandom(5 + from), { modelId: MODEL, count, from });
}

/** Each event, then its label: fills prediction windows and performance windows alike. */
function run(engine: MonitorEngine, stream: readonly PredictionEvent[], from: number): EngineOutput {
  const out = emptyOutput();
  let position = from;
  for (const event of stream) {
    appendOutput(out, engine.ingest('predictions', event, position++));
    const label: LabelEvent = { event_id: event.event_id, model_id: MODEL, timestamp: event.timestamp + 1, label: event.prediction.label! };
    appendOutput(out, engine.ingestLabel(label, { modelVersion: event.model_version, timestamp: event.timestamp, score: event.prediction.score, label: event.prediction.label }, position++).output);
  }
  return out;
}

function saveAll(engine: MonitorEngine): Map<string, Buffer> {
  return new Map(engine.takeDirty().map((key) => [key, engine.snapshot(key)!]));
}

const PREDICTIONS = entryKey('predictions', MODEL, 'v1');
const LABELS = entryKey('labels', MODEL, 'v1');

/** Kinds of the saved anomaly detectors, by aggregate, as their bytes name them. */
function savedAnomalyKinds(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(decodeVersionMonitor(bytes).anomalies.map(([name, state]) => [name, readStateKind(state)]));
}

function savedTrendKinds(bytes: Uint8Array): Record<string, string[]> {
  return Object.fromEntries(decodePerformanceMonitor(bytes).trends.map(([metric, states]) => [metric, states.map(readStateKind)]));
}

describe('restored detectors name their own kind: a config change re-initialises with a warning', () => {
  test('anomaly.method ewma → robust_z: the EWMA charts are dropped with a warning and robust z-scores start fresh', () => {
    const before = monitorConfig({ anomaly: { method: 'ewma' } });
    const first = new MonitorEngine({ monitors: [before], now: clock });
    run(first, events(600), 0);
    const saved = saveAll(first);
    assert.deepEqual(savedAnomalyKinds(saved.get(PREDICTIONS)!), { prediction_mean: 'anomaly.ewma', positive_rate: 'anomaly.ewma', latency_mean: 'anomaly.ewma' });

    const after = monitorConfig({ anomaly: { method: 'robust_z' } });
    const second = new MonitorEngine({ monitors: [after], now: clock });
    second.restoreAll(saved);
    const warnings = second.takeRestoreWarnings();
    assert.deepEqual(warnings.map(({ entry, series, saved: was, configured }) => ({ entry, series, was, configured })), ['prediction_mean', 'positive_rate', 'latency_mean'].map((series) => ({
      entry: PREDICTIONS, series, was: 'anomaly.ewma', configured: 'anomaly.robust_z',
    })));
    assert.match(warnings[0].message, /saved anomaly\.ewma state of prediction_mean is not the configured anomaly\.robust_z: anomaly\.robust_z starts fresh/);
    assert.deepEqual(second.takeRestoreWarnings(), [], 'each warning is handed out once');

    // The next windows are scored by fresh robust z-scores: silent for their 30-window history, no EWMA finding.
    const out = run(second, events(1500, 600), 1200);
    const anomalyDetectors = new Set(out.reports.flatMap((r) => r.findings.map((f) => f.detector)).filter((d) => d.startsWith('anomaly.')));
    assert.deepEqual([...anomalyDetectors], [], 'robust z-scores warm up over 30 windows first');
    assert.deepEqual(savedAnomalyKinds(second.snapshot(PREDICTIONS)!), { prediction_mean: 'anomaly.robust_z', positive_rate: 'anomaly.robust_z', latency_mean: 'anomaly.robust_z' });
    const later = run(second, events(150, 2100), 4200);
    assert.ok(later.reports.some((r) => r.findings.some((f) => f.detector === 'anomaly.robust_z')), 'after the history fills, robust z-scores report');
  });

  test('the same config restores every detector as saved, with no warning', () => {
    const config = monitorConfig({ performance: { task: 'classification', windowSize: 50, positiveLabel: 'default' } });
    const first = new MonitorEngine({ monitors: [config], now: clock });
    run(first, events(600), 0);
    const saved = saveAll(first);
    const second = new MonitorEngine({ monitors: [config], now: clock });
    second.restoreAll(saved);
    assert.deepEqual(second.takeRestoreWarnings(), []);
    for (const [key, bytes] of saved) assert.deepEqual(second.snapshot(key), bytes, key);
  });

  test('performance trends follow the config: a switched-off detector is dropped, a new metric starts fresh', () => {
    const before = monitorConfig({ performance: { task: 'classification', windowSize: 50, positiveLabel: 'default' } });
    const first = new MonitorEngine({ monitors: [before], now: clock });
    run(first, events(600), 0);
    const saved = saveAll(first);
    assert.deepEqual(savedTrendKinds(saved.get(LABELS)!), { accuracy: ['trend.slope', 'trend.page_hinkley', 'trend.cusum'] });
    // Saved states still carry the tags the builds before this one restored by.
    const document = readStateBundle(saved.get(LABELS)!).document as { trends: [string, [string, number][]][] };
    assert.deepEqual(document.trends[0][1].map(([tag]) => tag), ['slope', 'page_hinkley', 'cusum']);

    const after = monitorConfig({ performance: { task: 'classification', windowSize: 50, positiveLabel: 'default', trendMetrics: ['accuracy', 'f1'] }, trend: { cusum: false } });
    const second = new MonitorEngine({ monitors: [after], now: clock });
    second.restoreAll(saved);
    const warnings = second.takeRestoreWarnings().map(({ entry, series, saved: was, configured }) => ({ entry, series, was, configured }));
    assert.deepEqual(warnings, [
      { entry: LABELS, series: 'f1', was: null, configured: 'trend.slope' },
      { entry: LABELS, series: 'f1', was: null, configured: 'trend.page_hinkley' },
      { entry: LABELS, series: 'accuracy', was: 'trend.cusum', configured: null },
    ]);
    assert.deepEqual(savedTrendKinds(second.snapshot(LABELS)!), { accuracy: ['trend.slope', 'trend.page_hinkley'], f1: ['trend.slope', 'trend.page_hinkley'] });
    // The accuracy detectors kept what they had seen: their state is the saved one.
    const restored = decodePerformanceMonitor(second.snapshot(LABELS)!).trends[0][1];
    const original = decodePerformanceMonitor(saved.get(LABELS)!).trends[0][1];
    assert.deepEqual(restored, original.slice(0, 2));
  });
});

describe('WindowAnomalies.restore', () => {
  const config = monitorConfig({}).anomaly;

  test('drops a detector of an aggregate no longer watched, and of a disabled anomaly check', () => {
    const chart = new EwmaChart({ series: 'volume' });
    chart.update(3);
    const { anomalies, warnings } = WindowAnomalies.restore(config, [['volume', chart.toBytes()]]);
    assert.deepEqual([...anomalies.entries()], []);
    assert.deepEqual(warnings.map((w) => [w.series, w.saved, w.configured]), [['volume', 'anomaly.ewma', null]]);
    assert.match(warnings[0].message, /no longer configured: dropped/);
    const off = WindowAnomalies.restore({ ...config, enabled: false }, [['positive_rate', new EwmaChart({ series: 'positive_rate' }).toBytes()]]);
    assert.equal(off.warnings.length, 1);
  });

  test('keeps a detector of the configured kind exactly as saved', () => {
    const chart = new EwmaChart({ series: 'positive_rate', warmup: 2 });
    [0.1, 0.2, 0.3].forEach((x) => chart.update(x));
    const { anomalies, warnings } = WindowAnomalies.restore(config, [['positive_rate', chart.toBytes()]]);
    assert.deepEqual(warnings, []);
    assert.deepEqual([...anomalies.entries()].map(([name, d]) => [name, d.toBytes()]), [['positive_rate', chart.toBytes()]]);
  });

  test('refuses bytes that are no series detector\'s: they are corrupt, not a config change', () => {
    assert.throws(() => WindowAnomalies.restore(config, [['positive_rate', new StateWriter('window.numeric', 1).finish()]]), StateDecodeError);
  });
});
