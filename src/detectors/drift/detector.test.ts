import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../test/support/random.ts';
import { CategoricalReference } from '../reference/categoricalReference.ts';
import { NumericReference } from '../reference/numericReference.ts';
import { CategoricalWindowState } from '../window/categoricalWindowState.ts';
import { ReferenceMismatchError } from '../window/errors.ts';
import { NumericWindowState } from '../window/numericWindowState.ts';
import { DriftDetector } from './detector.ts';
import { DEFAULT_DRIFT_METHOD, DRIFT_TESTS, driftTestsFor } from './registry.ts';

const r = seededRandom(99);
const numericRef = NumericReference.fromValues(Array.from({ length: 5000 }, () => r.normal(10, 2)));
const categoricalRef = CategoricalReference.fromValues(Array.from({ length: 5000 }, () => r.pick(['x', 'y', 'z'], [5, 3, 2])));
const bounds = { start: 0, end: 1000, count: 1000 };

function numericWindow(mean: number, n = 1000): NumericWindowState {
  const w = new NumericWindowState(numericRef);
  for (let i = 0; i < n; i++) w.update(r.normal(mean, 2));
  return w;
}

function categoricalWindow(weights: number[], n = 1000): CategoricalWindowState {
  const w = new CategoricalWindowState(categoricalRef);
  for (let i = 0; i < n; i++) w.update(r.pick(['x', 'y', 'z'], weights));
  return w;
}

describe('drift registry', () => {
  it('has one entry per test with kind, direction and ordered default thresholds', () => {
    assert.deepEqual(Object.keys(DRIFT_TESTS).sort(), ['chi_square', 'jensen_shannon', 'ks', 'psi', 'unseen_share', 'wasserstein_norm']);
    for (const t of Object.values(DRIFT_TESTS)) {
      if (t.direction === 'p_value') assert.ok(t.thresholds.critical < t.thresholds.warning, t.name);
      else assert.ok(t.thresholds.critical > t.thresholds.warning, t.name);
    }
    assert.deepEqual(DRIFT_TESTS.psi.thresholds, { warning: 0.1, critical: 0.25 });
    assert.equal(DRIFT_TESTS[DEFAULT_DRIFT_METHOD.numeric].kind, 'numeric');
    assert.equal(DRIFT_TESTS[DEFAULT_DRIFT_METHOD.categorical].kind, 'categorical');
    assert.deepEqual(driftTestsFor('numeric').map((t) => t.name), ['psi', 'ks', 'wasserstein_norm']);
  });
});

describe('DriftDetector', () => {
  const detector = new DriftDetector();

  it('one finding per numeric test, none severe on a window like the reference', () => {
    const findings = detector.evaluate('age', numericRef, numericWindow(10), bounds);
    assert.deepEqual(findings.map((f) => f.metric), ['psi', 'ks_p_value', 'wasserstein_norm']);
    for (const f of findings) {
      assert.equal(f.severity, 'none');
      assert.equal(f.feature, 'age');
      assert.equal(f.window, bounds);
      assert.match(f.summary, /^Feature 'age': .* no drift\.$/);
    }
    const psi = findings[0];
    assert.equal(psi.detector, 'drift.psi');
    assert.equal(psi.threshold, 0.1);
    assert.ok(psi.summary.includes('PSI') && psi.summary.includes('0.1'));
    assert.equal(typeof findings[1].pValue, 'number');
    assert.equal(typeof findings[1].details?.statistic, 'number');
  });

  it('a shifted window: PSI alerts, the other tests report their crossing as info', () => {
    const findings = detector.evaluate('age', numericRef, numericWindow(11.5), bounds);
    const [psi, ks, wasserstein] = findings;
    assert.equal(psi.severity, 'critical');
    assert.equal(psi.threshold, 0.25);
    assert.match(psi.summary, /^Feature 'age': PSI [\d.]+ is at or above the critical threshold 0\.25 over 1,000 values: the feature has drifted/);
    assert.equal(ks.severity, 'info');
    assert.equal(ks.threshold, 0.05);
    assert.equal(wasserstein.severity, 'info');
    assert.match(wasserstein.summary, /reported only, as PSI is the alerting drift metric\.$/);
  });

  it('categorical: Jensen–Shannon alerts by default; chi-square and unseen share report', () => {
    const quiet = detector.evaluate('colour', categoricalRef, categoricalWindow([5, 3, 2]), bounds);
    assert.deepEqual(quiet.map((f) => [f.metric, f.severity]), [['chi_square_p_value', 'none'], ['jensen_shannon_distance', 'none'], ['unseen_share', 'none']]);
    const shifted = detector.evaluate('colour', categoricalRef, categoricalWindow([2, 3, 5]), bounds);
    assert.equal(shifted.find((f) => f.metric === 'jensen_shannon_distance')?.severity, 'critical');
    assert.equal(shifted.find((f) => f.metric === 'chi_square_p_value')?.severity, 'info');
  });

  it('options: which tests run, which alert, thresholds', () => {
    const d = new DriftDetector({ tests: { numeric: ['ks'] }, alertOn: { numeric: ['ks'] }, thresholds: { ks: { warning: 0.5, critical: 1e-300 } } });
    const [ks] = d.evaluate('age', numericRef, numericWindow(10.05), bounds);
    assert.equal(ks.metric, 'ks_p_value');
    assert.ok(ks.value < 0.5 ? ks.severity === 'warning' : ks.severity === 'none');
    assert.throws(() => new DriftDetector({ tests: { numeric: ['chi_square'] } }), RangeError);
  });

  it('a window below minCount is reported but not judged; an empty window gives no finding', () => {
    const small = detector.evaluate('age', numericRef, numericWindow(15, 50), bounds);
    assert.equal(small.length, 3);
    for (const f of small) {
      assert.equal(f.severity, 'none');
      assert.match(f.summary, /not judged: the window has 50 values, fewer than the 100 needed\.$/);
    }
    const empty = new NumericWindowState(numericRef);
    empty.update(null);
    assert.deepEqual(detector.evaluate('age', numericRef, empty, bounds), []);
  });

  it('significance gate: a high-cardinality window over the JS band by sampling noise alone does not alert', () => {
    const tail = Array.from({ length: 60 }, (_, i) => `c${i}`);
    const weights = tail.map((_, i) => 1 / (i + 1) ** 1.1);
    const ref = CategoricalReference.fromValues(Array.from({ length: 10_000 }, () => r.pick(tail, weights)));
    const w = new CategoricalWindowState(ref);
    for (let i = 0; i < 1000; i++) w.update(r.pick(tail, weights));
    const js = detector.evaluate('country', ref, w, bounds).find((f) => f.metric === 'jensen_shannon_distance')!;
    assert.ok(js.value >= 0.1, `JS ${js.value}`);
    assert.equal(js.severity, 'none');
    assert.ok(Number(js.details?.significance_p_value) >= 1e-4);
    assert.match(js.summary, /is at or above the warning threshold 0\.1 but is not significant over 1,000 values \(chi-square p = .*\): sampling noise, no drift\.$/);
    const ungated = new DriftDetector({ significanceLevel: null }).evaluate('country', ref, w, bounds).find((f) => f.metric === 'jensen_shannon_distance')!;
    assert.notEqual(ungated.severity, 'none');
  });

  it('refuses a window built on another reference', () => {
    const other = NumericReference.fromValues([1, 2, 3]);
    assert.throws(() => detector.evaluate('age', other, numericWindow(10), bounds), ReferenceMismatchError);
  });
});
