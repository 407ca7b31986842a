/**
 * performance.bands through the engine: NannyML's calibrated MAE band (from the fixture) configured as a
 * fixed two-sided band, labels joined to predictions: each labels window's band finding fires exactly on
 * the chunks NannyML alerts, below the band (the error fell) as well as above it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseConfig } from '../config/loadConfig.ts';
import type { LabelEvent, PredictionEvent } from '../contracts/events.ts';
import { appendOutput, emptyOutput } from './engineOutput.ts';
import { MonitorEngine } from './monitorEngine.ts';

const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/peers/nannymlRules/nannymlPerformance.json', import.meta.url), 'utf8')) as {
  chunk_size: number;
  regression: { analysis: { y_true: number[]; y_pred: number[] }; metrics: { mae: { value: number[]; lower_threshold: number[]; upper_threshold: number[]; alert: boolean[] } } };
};
const { analysis, metrics: { mae } } = fixture.regression;

describe('performance.bands: two-sided, through the engine', () => {
  const yaml = `monitors:
  - model: reg
    features: { x: numeric }
    monitorPrediction: false
    reference: { source: firstEvents, events: 200 }
    window: { type: count, size: 1000 }
    persistence: { k: 1, n: 1 }
    performance:
      task: regression
      windowSize: ${fixture.chunk_size}
      bands: { mae: { lower: ${mae.lower_threshold[0]}, upper: ${mae.upper_threshold[0]} } }
`;
  const engine = new MonitorEngine({ monitors: [parseConfig(yaml, 'driftwatch.yaml').monitors[0]], now: () => 0 });
  const out = emptyOutput();
  let position = 0;
  analysis.y_true.forEach((y, i) => {
    const event: PredictionEvent = {
      event_id: `e${i}`, model_id: 'reg', model_version: 'v1', timestamp: i, features: { x: i % 7 },
      prediction: { score: analysis.y_pred[i], label: null, probabilities: null }, latency_ms: null, attributes: {},
    };
    appendOutput(out, engine.ingest('predictions', event, position++));
    const label: LabelEvent = { event_id: event.event_id, model_id: 'reg', timestamp: i + 1, label: y };
    appendOutput(out, engine.ingestLabel(label, { modelVersion: 'v1', timestamp: i, score: analysis.y_pred[i], label: null }, position++).output);
  });

  test('one band finding per labels window, firing on exactly NannyML\'s alerted chunks, both sides', () => {
    const findings = out.reports.filter((r) => r.stream === 'labels').map((r) => r.findings.find((f) => f.detector === 'performance.band')!);
    assert.equal(findings.length, mae.value.length);
    findings.forEach((f, c) => assert.ok(Math.abs(f.value - mae.value[c]) <= 1e-9, `chunk ${c}`));
    assert.deepEqual(findings.map((f) => f.severity === 'warning'), mae.alert);
    assert.ok(findings.some((f) => f.value < mae.lower_threshold[0]) && findings.some((f) => f.value > mae.upper_threshold[0]));
    assert.ok(out.alerts.some((a) => a.detector === 'performance.band'));
  });

  test('a band with lower ≥ upper is refused with its line and key', () => {
    assert.throws(() => parseConfig(yaml.replace(/bands: .*/, 'bands: { mae: { lower: 2, upper: 1 } }'), 'driftwatch.yaml'), /driftwatch\.yaml:11:\d+: monitors\[0\]\.performance\.bands\.mae: lower must be below upper/);
  });
});
