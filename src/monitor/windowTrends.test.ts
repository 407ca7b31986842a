import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { predictionStream } from '../../test/support/predictionStream.ts';
import { seededRandom } from '../../test/support/random.ts';
import { configSchema, type MonitorConfig } from '../config/configSchema.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import { readStateKind } from '../detectors/common/stateCodec.ts';
import { appendOutput, emptyOutput, type EngineOutput } from './engineOutput.ts';
import { entryKey, MonitorEngine } from './monitorEngine.ts';
import { decodeVersionMonitor } from './versionMonitorCodec.ts';

const MODEL = 'series-model';
const clock = () => 0;
const PREDICTIONS = entryKey('predictions', MODEL, 'v1');

function monitorConfig(monitor: Record<string, unknown>): MonitorConfig {
  return configSchema.parse({ monitors: [{ model: MODEL, reference: { source: 'firstEvents', events: 200 }, window: { type: 'count', size: 100 }, drift: { minCount: 50 }, ...monitor }] }).monitors[0];
}

function events(count: number, from = 0, incomeShift = 0): PredictionEvent[] {
  return predictionStream(seededRandom(9 + from), { modelId: MODEL, count, from, incomeShift });
}

function run(engine: MonitorEngine, stream: readonly PredictionEvent[], from: number): EngineOutput {
  const out = emptyOutput();
  stream.forEach((event, i) => appendOutput(out, engine.ingest('predictions', event, from + i)));
  return out;
}

function saveAll(engine: MonitorEngine): Map<string, Buffer> {
  return new Map(engine.takeDirty().map((key) => [key, engine.snapshot(key)!]));
}

const savedSeries = (bytes: Uint8Array) => Object.fromEntries(decodeVersionMonitor(bytes).seriesTrends.map(([name, states]) => [name, states.map(readStateKind)]));

const SERIES = {
  trend: { series: ['drift:income:psi', 'quality_score', { name: 'volume', pageHinkley: { threshold: 50 } }] },
  anomaly: { series: ['drift:age:ks_p_value'], ewma: { warmup: 5 } },
};

describe('trend and anomaly detectors on window series: saved, restored, bounded', () => {
  test('restored, they go on exactly as an uninterrupted run, and the saved state names each detector\'s kind', () => {
    const config = monitorConfig(SERIES);
    const stream = [...events(1200), ...events(1500, 1200, 0.5)];
    const uninterrupted = new MonitorEngine({ monitors: [config], now: clock });
    const expected = run(uninterrupted, stream, 0);

    const first = new MonitorEngine({ monitors: [config], now: clock });
    run(first, stream.slice(0, 1200), 0);
    const saved = saveAll(first);
    const kinds = ['trend.slope', 'trend.page_hinkley', 'trend.cusum'];
    assert.deepEqual(savedSeries(saved.get(PREDICTIONS)!), { 'drift:income:psi': kinds, quality_score: kinds, volume: kinds });
    const anomalies = Object.fromEntries(decodeVersionMonitor(saved.get(PREDICTIONS)!).anomalies.map(([name, s]) => [name, readStateKind(s)]));
    assert.equal(anomalies['drift:age:ks_p_value'], 'anomaly.ewma');

    const second = new MonitorEngine({ monitors: [config], now: clock });
    second.restoreAll(saved);
    assert.deepEqual(second.takeRestoreWarnings(), []);
    for (const [key, bytes] of saved) assert.deepEqual(second.snapshot(key), bytes, key);
    const after = run(second, stream.slice(1200), 1200);
    const tail = (o: EngineOutput) => ({ reports: o.reports.filter((r) => r.window.start >= 1000), alerts: o.alerts.filter((a) => a.window.start >= 1000) });
    assert.deepEqual(tail(after), tail(expected));
    const findings = expected.reports.flatMap((r) => r.findings);
    assert.ok(findings.some((f) => f.detector === 'trend.slope' && f.feature === 'income' && f.metric === 'psi_slope_change'));
    assert.ok(findings.some((f) => f.detector === 'trend.cusum' && f.metric === 'quality_score_cusum'));
    assert.ok(findings.some((f) => f.detector === 'anomaly.ewma' && f.feature === 'age' && f.metric === 'ks_p_value_ewma'));
    // One detector set per watched series whatever the run's length: the state does not grow with windows.
    assert.equal(second.snapshot(PREDICTIONS)!.length, uninterrupted.snapshot(PREDICTIONS)!.length);
  });

  test('a series no longer listed is dropped with a warning; a switched-off detector too', () => {
    const first = new MonitorEngine({ monitors: [monitorConfig(SERIES)], now: clock });
    run(first, events(800), 0);
    const saved = saveAll(first);
    const second = new MonitorEngine({ monitors: [monitorConfig({ trend: { series: ['drift:income:psi'], cusum: false } })], now: clock });
    second.restoreAll(saved);
    const warnings = second.takeRestoreWarnings().map(({ series, saved: was, configured }) => ({ series, was, configured }));
    const key = (w: { series: string; was: string | null; configured: string | null }) => JSON.stringify([w.series, w.was, w.configured]);
    assert.deepEqual(warnings.map(key).sort(), [
      { series: 'drift:income:psi', was: 'trend.cusum', configured: null },
      ...['quality_score', 'volume'].flatMap((series) => ['trend.slope', 'trend.page_hinkley', 'trend.cusum'].map((was) => ({ series, was, configured: null }))),
      { series: 'drift:age:ks_p_value', was: 'anomaly.ewma', configured: null },
    ].map(key).sort());
    assert.equal(warnings.length, 8);
    assert.deepEqual(savedSeries(second.snapshot(PREDICTIONS)!), { 'drift:income:psi': ['trend.slope', 'trend.page_hinkley'] });
  });

  test('drift:*:<metric> watches that metric of every watched feature, each with its own detectors, restored alike', () => {
    const config = monitorConfig({ features: { income: 'numeric', age: 'numeric', region: 'categorical' }, monitorPrediction: false, trend: { series: ['drift:*:psi', { name: 'drift:*:jensen_shannon_distance', direction: 'both' }] } });
    const first = new MonitorEngine({ monitors: [config], now: clock });
    const out = run(first, events(1200), 0);
    const saved = saveAll(first);
    assert.deepEqual(Object.keys(savedSeries(saved.get(PREDICTIONS)!)).sort(), ['drift:age:psi', 'drift:income:psi', 'drift:region:jensen_shannon_distance']);
    const slopes = out.reports.flatMap((r) => r.findings).filter((f) => f.detector === 'trend.slope');
    assert.deepEqual([...new Set(slopes.map((f) => `${f.feature}/${f.metric}`))].sort(), ['age/psi_slope_change', 'income/psi_slope_change', 'region/jensen_shannon_distance_slope_change']);
    const second = new MonitorEngine({ monitors: [config], now: clock });
    second.restoreAll(saved);
    assert.deepEqual(second.takeRestoreWarnings(), []);
    for (const [key, bytes] of saved) assert.deepEqual(second.snapshot(key), bytes, key);
    assert.throws(() => monitorConfig({ trend: { series: ['drift:inc*:psi'] } }), /'\*' stands only for the feature, as in drift:\*:psi/);
  });
});
