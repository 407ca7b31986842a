import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CategoricalReference } from '../reference/categoricalReference.ts';
import { NumericReference } from '../reference/numericReference.ts';
import { psiFromCounts } from '../stats/psiFromCounts.ts';
import { jensenShannon } from '../stats/jensenShannon.ts';
import { psiBinCounts } from '../window/numericStatistics.ts';
import { ksTest } from '../stats/ksTest.ts';
import { CategoricalWindowState } from '../window/categoricalWindowState.ts';
import { NumericWindowState } from '../window/numericWindowState.ts';
import { calibrateNumeric } from './calibration.ts';
import { DriftDetector } from './detector.ts';
import { driftTests } from './registry.ts';

const bounds = { start: 0, end: 1, count: 1 };

function numbers(n: number, seed: number, shift = 0): number[] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: n }, () => Math.round((next() + next() + next() - 1.5 + shift) * 100) / 100);
}

describe('tests computed on request', () => {
  it('are registered but not in the default set; naming one to alert on computes it', () => {
    assert.deepEqual(driftTests.names('numeric', { onRequest: true }), ['psi', 'ks', 'wasserstein_norm', 'ks_statistic', 'jensen_shannon_numeric']);
    assert.deepEqual(driftTests.names('categorical', { onRequest: true }), ['chi_square', 'jensen_shannon', 'unseen_share', 'psi_categorical', 'chi_square_yates']);
    assert.ok(!driftTests.names().includes('ks_statistic'));
    const ref = NumericReference.fromValues(numbers(2000, 1));
    const w = new NumericWindowState(ref);
    for (const v of numbers(500, 2, 0.3)) w.update(v);
    const plain = new DriftDetector().evaluate('x', ref, w, bounds);
    assert.ok(!plain.some((f) => f.metric === 'ks_statistic'));
    const found = new DriftDetector({ alertOn: { numeric: ['ks_statistic'] } }).evaluate('x', ref, w, bounds);
    const d = found.find((f) => f.metric === 'ks_statistic')!;
    assert.ok(Math.abs(d.value - ksTest(numbers(2000, 1), numbers(500, 2, 0.3)).statistic) <= 1e-12);
    assert.equal(d.severity, d.value >= 0.2 ? 'critical' : d.value >= 0.1 ? 'warning' : 'none');
    assert.equal(found.find((f) => f.metric === 'psi')!.details?.alerting, false);
  });

  it('jensen_shannon_numeric is JS over the PSI bins of the reference', () => {
    const ref = NumericReference.fromValues(numbers(2000, 1));
    const w = new NumericWindowState(ref);
    for (const v of numbers(500, 2, 0.3)) w.update(v);
    const [f] = new DriftDetector({ tests: { numeric: ['jensen_shannon_numeric'] } }).evaluate('x', ref, w, bounds);
    assert.equal(f.value, jensenShannon(ref.psiCounts, psiBinCounts(ref, w)));
    assert.ok(f.value > 0.05 && f.value < 1, String(f.value));
  });

  it('psi_categorical is PSI over the category shares, unseen categories included', () => {
    const ref = CategoricalReference.fromValues([...Array(600).fill('a'), ...Array(400).fill('b')]);
    const w = new CategoricalWindowState(ref);
    for (const v of [...Array(200).fill('a'), ...Array(250).fill('b'), ...Array(50).fill('c')]) w.update(v);
    const [f] = new DriftDetector({ tests: { categorical: ['psi_categorical'] }, alertOn: { categorical: ['psi_categorical'] } }).evaluate('c', ref, w, bounds);
    assert.equal(f.value, psiFromCounts([600, 400, 0], [200, 250, 50]));
    assert.equal(f.severity, 'critical');
  });

  it('chi_square_yates corrects two-category tables only', () => {
    const ref = CategoricalReference.fromValues([...Array(300).fill('y'), ...Array(700).fill('n')]);
    const w = new CategoricalWindowState(ref);
    for (const v of [...Array(340).fill('y'), ...Array(660).fill('n')]) w.update(v);
    const [f] = new DriftDetector({ tests: { categorical: ['chi_square_yates'] } }).evaluate('c', ref, w, bounds);
    assert.ok(Math.abs(f.pValue! - 0.06155645834191496) <= 1e-12);
    assert.equal(f.details?.yates, true);
  });
});

describe('calibrated thresholds: k and two-sided bands', () => {
  const values = numbers(5000, 7);
  it('k sets mean ± kσ; two-sided adds the lower band, which alerts below it', () => {
    const three = calibrateNumeric(values, { windowSize: 500, tests: ['ks_statistic'] }).calibrations[0];
    const two = calibrateNumeric(values, { windowSize: 500, tests: ['ks_statistic'], multiplier: 2, twoSided: true }).calibrations[0];
    assert.equal(three.mean, two.mean);
    assert.equal(three.thresholds.warning, three.mean + 3 * three.std);
    assert.equal(three.thresholds.lower, undefined);
    assert.equal(two.thresholds.warning, two.mean + 2 * two.std);
    assert.equal(two.thresholds.lower, two.mean - 2 * two.std);
    assert.equal(two.thresholds.critical, Math.max(0.2, two.mean + 4 * two.std));
    const ref = NumericReference.fromValues(values);
    const same = new NumericWindowState(ref);
    for (const v of values) same.update(v); // D = 0: below any positive lower band
    const detector = new DriftDetector({ alertOn: { numeric: ['ks_statistic'] }, thresholds: { ks_statistic: { ...two.thresholds, lower: 0.001 } } });
    const f = detector.evaluate('x', ref, same, bounds).find((x) => x.metric === 'ks_statistic')!;
    assert.equal(f.value, 0);
    assert.equal(f.severity, 'warning');
    assert.equal(f.threshold, 0.001);
    assert.match(f.summary, /below the lower threshold/);
  });
  it('refuses a non-positive k', () => {
    assert.throws(() => calibrateNumeric(values, { windowSize: 500, tests: ['ks_statistic'], multiplier: 0 }), /multiplier/);
  });
});
