/**
 * NannyML's default performance rule — mean ± 3σ of the reference chunks' metric, clipped to its range,
 * alerting on either side — against NannyML's realized performance (test/fixtures/peers/nannymlRules/
 * generatePerformance.py): bands and chunk metrics to 1e-9, alerted chunks identical, on classification
 * (ROC AUC, accuracy, F1) and regression (MAE, RMSE, where the error also falls below its lower band).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ClassificationWindow } from './classificationWindow.ts';
import { bandFindings, calibratedBand } from './metricBands.ts';
import type { PerformanceMetric } from './performanceThresholds.ts';
import { RegressionWindow } from './regressionWindow.ts';

interface Rows { value: number[]; lower_threshold: number[]; upper_threshold: number[]; alert: boolean[] }
interface Part { reference: Record<string, number[]>; analysis: Record<string, number[]>; metrics: Record<string, Rows> }
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/peers/nannymlRules/nannymlPerformance.json', import.meta.url), 'utf8')) as {
  chunk_size: number; classification: Part; regression: Part;
};
const CHUNK = fixture.chunk_size;

function chunkMetrics(task: 'classification' | 'regression', data: Record<string, number[]>): Record<string, number>[] {
  const out: Record<string, number>[] = [];
  for (let start = 0; start + CHUNK <= data.y_true.length; start += CHUNK) {
    if (task === 'classification') {
      const w = new ClassificationWindow({ positiveLabel: 1 });
      for (let i = start; i < start + CHUNK; i++) w.update({ label: data.y_pred[i], score: data.y_pred_proba[i] }, data.y_true[i]);
      const m = w.metrics();
      out.push({ roc_auc: m.rocAuc, accuracy: m.accuracy, f1: m.f1 });
    } else {
      const w = new RegressionWindow();
      for (let i = start; i < start + CHUNK; i++) w.update(data.y_pred[i], data.y_true[i]);
      const m = w.metrics();
      out.push({ mae: m.mae, rmse: m.rmse });
    }
  }
  return out;
}

for (const task of ['classification', 'regression'] as const) {
  describe(`NannyML's calibrated two-sided performance bands: ${task}`, () => {
    const part = fixture[task];
    const reference = chunkMetrics(task, part.reference);
    const analysis = chunkMetrics(task, part.analysis);
    for (const [metric, expected] of Object.entries(part.metrics) as [PerformanceMetric, Rows][]) {
      it(`${metric}: band, chunk values and alerts`, () => {
        const band = calibratedBand(metric, reference.map((r) => r[metric]));
        assert.ok(Math.abs(band.lower - expected.lower_threshold[0]) <= 1e-9, `lower ${band.lower} vs ${expected.lower_threshold[0]}`);
        assert.ok(Math.abs(band.upper - expected.upper_threshold[0]) <= 1e-9, `upper ${band.upper} vs ${expected.upper_threshold[0]}`);
        const alerts = analysis.map((values, c) => {
          assert.ok(Math.abs(values[metric] - expected.value[c]) <= 1e-9, `chunk ${c}: ${values[metric]} vs ${expected.value[c]}`);
          const [finding] = bandFindings(values, CHUNK, { [metric]: band }, 100, { start: c, end: c + 1, count: CHUNK });
          return finding.severity === 'warning';
        });
        assert.deepEqual(alerts, expected.alert);
      });
    }
    if (task === 'regression') {
      it('the error metric alerts below its lower band too', () => {
        const band = calibratedBand('mae', reference.map((r) => r.mae));
        const low = analysis.filter((v) => v.mae < band.lower).length;
        assert.ok(low > 0 && low < analysis.length, `${low} chunks below the lower band`);
      });
    }
  });
}

describe('calibratedBand', () => {
  it('clips to the metric range and refuses a non-positive k or fewer than 2 chunks', () => {
    assert.equal(calibratedBand('accuracy', [0.99, 1, 0.97, 1]).upper, 1);
    assert.equal(calibratedBand('mae', [0.01, 0.5, 0.02]).lower, 0);
    assert.throws(() => calibratedBand('mae', [1, 2], 0), /k/);
    assert.throws(() => calibratedBand('mae', [1, Number.NaN]), /at least 2 chunks/);
  });
});
