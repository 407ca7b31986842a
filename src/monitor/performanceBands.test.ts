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

type NannymlMetric = { value: number[]; lower_threshold: number[]; upper_threshold: number[]; alert: boolean[] };
const calibrationFixture = fixture as unknown as {
  chunk_size: number;
  classification: { reference: { y_true: number[]; y_pred_proba: number[]; y_pred: number[] }; analysis: { y_true: number[]; y_pred_proba: number[]; y_pred: number[] }; metrics: Record<'roc_auc' | 'accuracy' | 'f1', NannymlMetric> };
  regression: { reference: { y_true: number[]; y_pred: number[] }; analysis: { y_true: number[]; y_pred: number[] }; metrics: Record<'mae' | 'rmse', NannymlMetric> };
};

type Pair = { score: number; label: string | null; truth: number };

function engineFor(yaml: string): MonitorEngine {
  return new MonitorEngine({ monitors: [parseConfig(yaml, 'driftwatch.yaml').monitors[0]], now: () => 0 });
}

/** Each pair as a prediction and its label (positions 2i and 2i + 1), into `engine`; what it produced. */
function feedPairs(engine: MonitorEngine, pairs: readonly Pair[]) {
  const out = emptyOutput();
  pairs.forEach(({ score, label, truth }, i) => {
    const event: PredictionEvent = {
      event_id: `e${i}`, model_id: 'm', model_version: 'v1', timestamp: i, features: { x: i % 7 },
      prediction: { score, label, probabilities: null }, latency_ms: null, attributes: {},
    };
    appendOutput(out, engine.ingest('predictions', event, 2 * i));
    appendOutput(out, engine.ingestLabel({ event_id: event.event_id, model_id: 'm', timestamp: i + 1, label: truth }, { modelVersion: 'v1', timestamp: i, score, label }, 2 * i + 1).output);
  });
  return out;
}

/** Labelled pairs through a new engine, the reference's first and the analysis' after. */
function replayPairs(yaml: string, pairs: readonly Pair[]) {
  const engine = engineFor(yaml);
  return { out: feedPairs(engine, pairs), engine };
}

describe('performance.calibrate: NannyML\'s default bands, calibrated on the first windows by the monitor itself', () => {
  const chunk = calibrationFixture.chunk_size;
  const monitorYaml = (task: string, metrics: string[], extra = '') => `monitors:
  - model: m
    features: { x: numeric }
    monitorPrediction: false
    reference: { source: firstEvents, events: 200 }
    window: { type: count, size: 1000 }
    persistence: { k: 1, n: 1 }
    performance:
      task: ${task}
      windowSize: ${chunk}
      positiveLabel: 1
      calibrate: { windows: ${calibrationFixture.regression.reference.y_true.length / chunk}, metrics: [${metrics.join(', ')}] }${extra}
`;

  const cases = [
    {
      task: 'regression', metrics: ['mae', 'rmse'] as const,
      pairs: (['reference', 'analysis'] as const).flatMap((part) => calibrationFixture.regression[part].y_true.map((truth, i) => ({ score: calibrationFixture.regression[part].y_pred[i], label: null, truth }))),
      expected: calibrationFixture.regression.metrics as Record<string, NannymlMetric>,
    },
    {
      task: 'classification', metrics: ['roc_auc', 'accuracy', 'f1'] as const,
      pairs: (['reference', 'analysis'] as const).flatMap((part) => calibrationFixture.classification[part].y_true.map((truth, i) => ({ score: calibrationFixture.classification[part].y_pred_proba[i], label: String(calibrationFixture.classification[part].y_pred[i]), truth }))),
      expected: calibrationFixture.classification.metrics as Record<string, NannymlMetric>,
    },
  ];

  for (const c of cases) {
    test(`${c.task}: bands equal NannyML's thresholds (1e-9) and fire on exactly its alerted chunks, the reference windows unjudged`, () => {
      const { out } = replayPairs(monitorYaml(c.task, [...c.metrics]), c.pairs);
      const reports = out.reports.filter((r) => r.stream === 'labels');
      const referenceWindows = calibrationFixture.regression.reference.y_true.length / chunk;
      assert.equal(reports.length, c.pairs.length / chunk);
      for (const r of reports.slice(0, referenceWindows)) assert.deepEqual(r.findings.filter((f) => f.detector === 'performance.band'), [], 'reference windows get no band finding');
      for (const metric of c.metrics) {
        const nanny = c.expected[metric];
        const findings = reports.slice(referenceWindows).map((r) => r.findings.find((f) => f.detector === 'performance.band' && f.metric === metric)!);
        assert.equal(findings.length, nanny.value.length, metric);
        findings.forEach((f, i) => {
          assert.ok(Math.abs(f.value - nanny.value[i]) <= 1e-9, `${metric} chunk ${i}: ${f.value} vs ${nanny.value[i]}`);
          assert.ok(Math.abs(f.details!.lower - nanny.lower_threshold[i]) <= 1e-9, `${metric} lower ${f.details!.lower} vs ${nanny.lower_threshold[i]}`);
          assert.ok(Math.abs(f.details!.upper - nanny.upper_threshold[i]) <= 1e-9, `${metric} upper ${f.details!.upper} vs ${nanny.upper_threshold[i]}`);
          assert.equal(f.threshold_source, 'calibrated');
        });
        assert.deepEqual(findings.map((f) => f.severity === 'warning'), nanny.alert, `${metric}: alerted chunks`);
      }
    });
  }

  test('the calibration survives a restore mid-reference and after it: the same reports as an uninterrupted run', () => {
    const c = cases[0];
    const yaml = monitorYaml(c.task, [...c.metrics]);
    const uninterrupted = replayPairs(yaml, c.pairs).out.reports.filter((r) => r.stream === 'labels');
    for (const cut of [3 * chunk + 17, 12 * chunk + 5]) {
      const first = replayPairs(yaml, c.pairs.slice(0, cut)).engine;
      const saved = new Map(first.takeDirty().map((key) => [key, first.snapshot(key)!]));
      const engine = engineFor(yaml);
      engine.restoreAll(saved);
      const out = feedPairs(engine, c.pairs);
      const labelsWindowsBefore = Math.floor(cut / chunk);
      assert.deepEqual(out.reports.filter((r) => r.stream === 'labels'), uninterrupted.slice(labelsWindowsBefore), `restored at pair ${cut}`);
    }
  });

  test('a metric with a fixed band and calibration both is refused with its line and key', () => {
    const yaml = monitorYaml('regression', ['mae'], '\n      bands: { mae: { lower: 1, upper: 2 } }');
    assert.throws(() => parseConfig(yaml, 'driftwatch.yaml'), /monitors\[0\]\.performance\.calibrate\.metrics: 'mae' has a fixed band in performance\.bands/);
  });
});
