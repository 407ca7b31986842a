import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../test/support/random.ts';
import { NumericWindowState } from '../window/numericWindowState.ts';
import { psiOfWindow } from '../window/numericStatistics.ts';
import { calibrateCategorical, calibrateNumeric, calibratedThresholds, CalibrationError } from './calibration.ts';
import { DriftDetector } from './detector.ts';

const r = seededRandom(5);
const values = Array.from({ length: 10_500 }, () => r.normal(3, 1));

describe('threshold calibration on reference chunks', () => {
  it('mean + 3σ (population) of each chunk statistic against the whole reference', () => {
    const { reference, calibrations } = calibrateNumeric(values, { windowSize: 1000 });
    assert.deepEqual(calibrations.map((c) => c.test), ['psi', 'wasserstein_norm']);
    const psi = calibrations[0];
    assert.equal(psi.chunks, 10);
    const stats = Array.from({ length: 10 }, (_, c) => {
      const w = new NumericWindowState(reference);
      for (const v of values.slice(c * 1000, (c + 1) * 1000)) w.update(v);
      return psiOfWindow(reference, w);
    });
    const mean = stats.reduce((a, b) => a + b, 0) / 10;
    const std = Math.sqrt(stats.reduce((a, b) => a + (b - mean) ** 2, 0) / 10);
    assert.ok(Math.abs(psi.mean - mean) < 1e-15);
    assert.ok(Math.abs(psi.std - std) < 1e-15);
    assert.equal(psi.upper, psi.mean + 3 * psi.std);
    assert.equal(psi.thresholds.warning, psi.upper);
    assert.ok(psi.thresholds.critical >= 0.25);
    assert.ok(psi.upper < 0.1, 'for 1,000-value windows the calibrated PSI bound is tighter than the fixed 0.1');
    const thresholds = calibratedThresholds(calibrations);
    assert.deepEqual(Object.keys(thresholds), ['psi', 'wasserstein_norm']);
    assert.doesNotThrow(() => new DriftDetector({ thresholds }));
  });

  it('categorical calibration and its errors', () => {
    const cats = Array.from({ length: 3000 }, () => r.pick(['a', 'b', 'c'], [1, 2, 3]));
    const { calibrations } = calibrateCategorical(cats, { windowSize: 500 });
    assert.deepEqual(calibrations.map((c) => c.test), ['jensen_shannon', 'unseen_share']);
    assert.equal(calibrations[1].upper, 0);
    assert.throws(() => calibrateNumeric(values, { windowSize: 6000 }), CalibrationError);
    assert.throws(() => calibrateNumeric(values, { windowSize: 1000, tests: ['ks'] }), CalibrationError);
    assert.throws(() => calibrateCategorical(cats, { windowSize: 500, tests: ['psi'] }), CalibrationError);
  });
});
