/**
 * CBPE against NannyML 0.13.1 (test/fixtures/peers/nannymlCbpe/generate.py): on an overconfident and a
 * calibrated model whose scores drift towards the undecided middle, the calibration decision, every chunk's
 * estimated ROC AUC, accuracy, precision, recall, F1 and business value, their sampling errors, the default thresholds and the
 * alerted chunks equal NannyML's (1e-12), with no labels in the analysis chunks.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CbpeFitError, CbpeModel, ESTIMATED_METRIC_NAMES } from './cbpeModel.ts';
import { CbpeWindow } from './cbpeWindow.ts';

interface Columns { y_true: number[]; y_pred_proba: number[]; y_pred: number[] }
interface Case {
  needs_calibration: boolean;
  reference: Columns;
  analysis: Columns;
  metrics: Record<string, { value: number[]; sampling_error: number[]; lower_threshold: number[]; upper_threshold: number[]; alert: boolean[] }>;
}
const fixture = JSON.parse(readFileSync(new URL('../../../../test/fixtures/peers/nannymlCbpe/nannymlCbpe.json', import.meta.url), 'utf8')) as
  { chunk_size: number; business_value: { tp: number; fp: number; tn: number; fn: number }; overconfident: Case; calibrated: Case };
const CHUNK = fixture.chunk_size;
const TOLERANCE = 1e-12;
/** Business value is a sum over the chunk (hundreds), so its tolerance is relative. */
const close = (a: number, b: number) => Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(b));

const referenceRows = (c: Case) => c.reference.y_true.map((y, i) => ({ score: c.reference.y_pred_proba[i], predictedPositive: c.reference.y_pred[i] === 1, positive: y === 1 }));

for (const name of ['overconfident', 'calibrated'] as const) {
  describe(`CBPE equals NannyML (${name} model)`, () => {
    const c = fixture[name];
    const model = CbpeModel.fit(referenceRows(c), { chunkSize: CHUNK, businessValue: fixture.business_value });

    it('decides calibration as NannyML does', () => assert.equal(model.calibrated, c.needs_calibration));

    it('estimates every chunk, with sampling errors, thresholds and alerts', () => {
      const chunks = c.analysis.y_pred.length / CHUNK;
      for (let k = 0; k < chunks; k++) {
        const window = new CbpeWindow();
        for (let i = k * CHUNK; i < (k + 1) * CHUNK; i++) {
          const score = c.analysis.y_pred_proba[i];
          window.add(score, model.probability(score), c.analysis.y_pred[i] === 1);
        }
        const estimates = model.estimate(window);
        for (const metric of ESTIMATED_METRIC_NAMES) {
          const peer = c.metrics[metric];
          const band = model.bands[metric]!;
          const at = `${metric} chunk ${k}`;
          assert.ok(close(estimates[metric].value, peer.value[k]), `${at}: ${estimates[metric].value} vs ${peer.value[k]}`);
          assert.ok(close(estimates[metric].samplingError, peer.sampling_error[k]), `${at} sampling error`);
          assert.ok(close(band.lower, peer.lower_threshold[k]) && close(band.upper, peer.upper_threshold[k]), `${at} thresholds`);
          const value = estimates[metric].value;
          assert.equal(value < band.lower || value > band.upper, peer.alert[k], `${at} alert`);
        }
      }
    });

    it('keeps its state through bytes', () => {
      const window = new CbpeWindow();
      for (let i = 0; i < CHUNK; i++) window.add(c.analysis.y_pred_proba[i], model.probability(c.analysis.y_pred_proba[i]), c.analysis.y_pred[i] === 1);
      assert.deepEqual(model.estimate(CbpeWindow.fromBytes(window.toBytes())), model.estimate(window));
    });
  });
}

describe('CBPE refuses a reference it cannot use', () => {
  it('with one class only', () => {
    assert.throws(() => CbpeModel.fit([{ score: 0.2, predictedPositive: false, positive: false }, { score: 0.7, predictedPositive: true, positive: false }], { chunkSize: 1 }), CbpeFitError);
  });
  it('with a score that is not a probability', () => {
    assert.throws(() => CbpeModel.fit([{ score: 1.5, predictedPositive: true, positive: true }, { score: 0.1, predictedPositive: false, positive: false }], { chunkSize: 1 }), /row 1 has score 1.5/);
  });
});
