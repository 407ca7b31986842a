/**
 * A library user's own drift test, end to end: registered on the default registry, named in the config,
 * run by the engine over events; its findings are in the window reports and its crossings alert.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { predictionStream } from '../../test/support/predictionStream.ts';
import { seededRandom } from '../../test/support/random.ts';
import { parseConfig } from '../config/loadConfig.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import { chiSquareOfWindow, driftTests, type CategoricalDriftTest } from '../index.ts';
import { appendOutput, emptyOutput, type EngineOutput } from './engineOutput.ts';
import { MonitorEngine } from './monitorEngine.ts';

const hellinger: CategoricalDriftTest = {
  name: 'hellinger', metric: 'hellinger_distance', label: 'Hellinger distance', kind: 'categorical', direction: 'higher_is_worse',
  thresholds: { warning: 0.1, critical: 0.2 }, calibratable: true,
  compute: (reference, window) => {
    let overlap = 0;
    reference.counts.forEach((c, i) => (overlap += Math.sqrt((c / reference.n) * (window.counts[i] / window.count))));
    return { value: Math.sqrt(Math.max(0, 1 - overlap)) };
  },
  significance: { label: 'chi-square', pValue: (reference, window) => chiSquareOfWindow(reference, window).pValue },
};

const MODEL = 'credit-risk';
const YAML = `monitors:
  - model: ${MODEL}
    features: { income: numeric, region: categorical }
    monitorPrediction: false
    reference: { source: firstEvents, events: 2000 }
    window: { type: count, size: 1000 }
    drift:
      categorical: { method: hellinger }
`;

/** 6,000 events; from the 4,000th on, region's shares turn round (north 0.4 → 0.1, …, west 0.1 → 0.4). */
function events(): PredictionEvent[] {
  const rng = seededRandom(21);
  return predictionStream(rng, { modelId: MODEL, count: 6000 }).map((e, i) =>
    i < 4000 ? e : { ...e, features: { ...e.features, region: rng.pick(['north', 'south', 'east', 'west'], [0.1, 0.2, 0.3, 0.4]) } });
}

function run(engine: MonitorEngine, input: PredictionEvent[], from: number, to: number): EngineOutput {
  const out = emptyOutput();
  for (let i = from; i < to; i++) appendOutput(out, engine.ingest('predictions', input[i], i));
  return out;
}

describe('a drift test a library registered, through the engine', () => {
  driftTests.register(hellinger);
  const config = parseConfig(YAML, 'driftwatch.yaml').monitors[0];
  const input = events();
  const output = run(new MonitorEngine({ monitors: [config], now: () => 0 }), input, 0, input.length);

  test('every window report carries its finding on the categorical feature: none before the shift, critical after', () => {
    const findings = output.reports.map((r) => r.findings.find((f) => f.detector === 'drift.hellinger'));
    assert.equal(output.reports.length, 4);
    for (const f of findings) {
      assert.ok(f, 'each report has a Hellinger finding');
      assert.equal(f.feature, 'region');
      assert.equal(f.metric, 'hellinger_distance');
    }
    assert.deepEqual(findings.map((f) => f!.severity), ['none', 'none', 'critical', 'critical']);
    assert.deepEqual(findings.map((f) => f!.threshold), [0.1, 0.1, 0.2, 0.2], 'its default thresholds, from its entry');
    assert.ok(findings[0]!.value < 0.05 && findings[2]!.value > 0.3, findings.map((f) => f!.value).join(', '));
    assert.ok(!output.reports.some((r) => r.findings.some((f) => f.detector === 'drift.hellinger' && f.feature === 'income')), 'categorical features only');
    const js = output.reports[3].findings.find((f) => f.detector === 'drift.jensen_shannon' && f.feature === 'region');
    assert.equal(js?.severity, 'info', 'Jensen–Shannon is still computed, and no longer alerts');
  });

  test('its crossings alert (2 of 3 windows), with its summary', () => {
    const drift = output.alerts.filter((a) => a.detector.startsWith('drift.'));
    assert.deepEqual(drift.map((a) => [a.detector, a.feature, a.severity, a.status]), [['drift.hellinger', 'region', 'critical', 'firing']]);
    const [alert] = drift;
    assert.deepEqual(alert.window, output.reports[3].window, 'on the second drifted window');
    assert.equal(alert.threshold, 0.2);
    assert.match(alert.summary, /^Feature 'region': Hellinger distance 0\.\d+ is at or above the critical threshold 0\.2 over 1,000 values: the feature has drifted from the reference\.$/);
  });

  test("bounds the config gives replace the entry's, one by one", () => {
    const bounded = parseConfig(YAML.replace('{ method: hellinger }', '{ method: hellinger, critical: 0.5 }'), 'driftwatch.yaml').monitors[0];
    const out = run(new MonitorEngine({ monitors: [bounded], now: () => 0 }), input, 0, input.length);
    const findings = out.reports.map((r) => r.findings.find((f) => f.detector === 'drift.hellinger')!);
    assert.deepEqual(findings.map((f) => [f.severity, f.threshold]), [['none', 0.1], ['none', 0.1], ['warning', 0.1], ['warning', 0.1]], 'warning from the entry, critical 0.5 from the config');
    assert.deepEqual(out.alerts.filter((a) => a.detector === 'drift.hellinger').map((a) => a.severity), ['warning']);
  });

  test('a restart in the middle restores its state and gives the same outputs', () => {
    const first = new MonitorEngine({ monitors: [config], now: () => 0 });
    const out = run(first, input, 0, 4500);
    const saved = new Map(first.takeDirty().map((key) => [key, first.snapshot(key)!]));
    const second = new MonitorEngine({ monitors: [config], now: () => 0 });
    second.restoreAll(saved);
    const resume = Math.min(4500, ...[...saved.keys()].map((key) => second.resumeFrom(key) ?? 4500));
    appendOutput(out, run(second, input, resume, input.length));
    assert.deepEqual(out.alerts, output.alerts);
    assert.deepEqual(out.reports, output.reports);
  });
});
