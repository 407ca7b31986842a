import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../test/support/random.ts';
import { CategoricalReference } from '../reference/categoricalReference.ts';
import { NumericReference } from '../reference/numericReference.ts';
import { CategoricalWindowState } from '../window/categoricalWindowState.ts';
import { chiSquareOfWindow } from '../window/categoricalStatistics.ts';
import { NumericWindowState } from '../window/numericWindowState.ts';
import { DEFAULT_DRIFT_METHOD, DRIFT_TESTS } from './builtInTests.ts';
import { calibrateCategorical, calibrateNumeric, CalibrationError } from './calibration.ts';
import { DriftDetector } from './detector.ts';
import type { CategoricalDriftTest, NumericDriftTest } from './driftTest.ts';
import { DriftTestRegistry, driftTests } from './registry.ts';
import { InvalidDriftTestError, UnknownDriftTestError } from './registryErrors.ts';

/** Hellinger distance between the reference's and the window's category shares (unseen categories add nothing to the overlap). */
function hellinger(): CategoricalDriftTest {
  return {
    name: 'hellinger', metric: 'hellinger_distance', label: 'Hellinger distance', kind: 'categorical', direction: 'higher_is_worse',
    thresholds: { warning: 0.1, critical: 0.2 }, calibratable: true,
    compute: (reference, window) => {
      let overlap = 0;
      reference.counts.forEach((c, i) => (overlap += Math.sqrt((c / reference.n) * (window.counts[i] / window.count))));
      return { value: Math.sqrt(Math.max(0, 1 - overlap)) };
    },
    significance: { label: 'chi-square', pValue: (reference, window) => chiSquareOfWindow(reference, window).pValue },
  };
}

/** Share of window values above the reference's largest: a p-value-free numeric test with no gate. */
function aboveMax(overrides: Partial<NumericDriftTest> = {}): NumericDriftTest {
  return {
    name: 'above_max', metric: 'above_max_share', label: 'share above the reference maximum', kind: 'numeric', direction: 'higher_is_worse',
    thresholds: { warning: 0.05, critical: 0.2 }, calibratable: false,
    compute: (reference, window) => ({ value: window.max > reference.max ? 1 : 0 }),
    ...overrides,
  };
}

const fresh = () => new DriftTestRegistry(Object.values(DRIFT_TESTS), DEFAULT_DRIFT_METHOD);
const r = seededRandom(11);
const categoricalRef = CategoricalReference.fromValues(Array.from({ length: 4000 }, () => r.pick(['a', 'b', 'c', 'd'], [4, 3, 2, 1])));
const bounds = { start: 0, end: 1000, count: 1000 };

function categoricalWindow(weights: number[], n = 1000): CategoricalWindowState {
  const w = new CategoricalWindowState(categoricalRef);
  for (let i = 0; i < n; i++) w.update(r.pick(['a', 'b', 'c', 'd'], weights));
  return w;
}

describe('DriftTestRegistry', () => {
  it('the default registry holds the built-in tests, in order, with their default methods', () => {
    assert.deepEqual(driftTests.names(), ['psi', 'ks', 'wasserstein_norm', 'chi_square', 'jensen_shannon', 'unseen_share']);
    assert.deepEqual(driftTests.names('categorical'), ['chi_square', 'jensen_shannon', 'unseen_share']);
    assert.equal(driftTests.get('psi'), DRIFT_TESTS.psi);
    assert.equal(driftTests.defaultMethod('numeric').name, 'psi');
    assert.equal(driftTests.defaultMethod('categorical').name, 'jensen_shannon');
    assert.equal(driftTests.byMetric('ks_p_value'), DRIFT_TESTS.ks);
    for (const t of driftTests.list()) assert.equal(t.calibratable, t.direction === 'higher_is_worse', `${t.name}: the effect sizes are calibratable, p-values not`);
  });

  it('entries are frozen once registered: a default cannot be changed afterwards', () => {
    assert.throws(() => { (DRIFT_TESTS.psi.thresholds as { warning: number }).warning = 0.5; }, TypeError);
    assert.throws(() => { (DRIFT_TESTS.psi as { calibratable: boolean }).calibratable = false; }, TypeError);
    assert.equal(DRIFT_TESTS.psi.thresholds.warning, 0.1);
  });

  it('registers a test: get, has, list and names see it; another registry does not', () => {
    const registry = fresh();
    const test = registry.register(hellinger());
    assert.equal(registry.get('hellinger'), test);
    assert.ok(registry.has('hellinger', 'categorical'));
    assert.ok(!registry.has('hellinger', 'numeric'));
    assert.deepEqual(registry.names('categorical'), ['chi_square', 'jensen_shannon', 'unseen_share', 'hellinger']);
    assert.equal(driftTests.get('hellinger'), undefined, 'the default registry is untouched');
    assert.ok(Object.isFrozen(test) && Object.isFrozen(test.thresholds));
  });

  it('require names the registered tests of the kind, and says when the kind is wrong', () => {
    assert.throws(() => driftTests.require('hellinger', 'categorical'), (e: Error) => {
      assert.ok(e instanceof UnknownDriftTestError && e instanceof RangeError);
      assert.equal(e.message, "'hellinger' is not a registered categorical drift test (registered: chi_square, jensen_shannon, unseen_share); register it first");
      return true;
    });
    assert.throws(() => driftTests.require('psi', 'categorical'), /'psi' is a numeric drift test, not a categorical one \(categorical tests: chi_square, jensen_shannon, unseen_share\)/);
  });

  it('refuses an entry that is incomplete or inconsistent, or whose name or metric is taken, saying why', () => {
    const registry = fresh();
    const refused = (entry: unknown, why: RegExp) =>
      assert.throws(() => registry.register(entry as NumericDriftTest), (e: Error) => e instanceof InvalidDriftTestError && why.test(e.message), String(why));
    refused(aboveMax({ name: 'psi' }), /"psi": a test of that name is already registered/);
    refused(aboveMax({ metric: 'psi' }), /metric 'psi' is already the metric of 'psi'/);
    refused(aboveMax({ name: 'Above Max' }), /lower-case letters, digits and _/);
    refused(aboveMax({ kind: 'text' as 'numeric' }), /kind is 'numeric' or 'categorical', got "text"/);
    refused(aboveMax({ direction: 'lower_is_worse' as 'p_value' }), /direction is 'higher_is_worse' or 'p_value'/);
    refused(aboveMax({ thresholds: { warning: 0.2, critical: 0.1 } }), /higher-is-worse test needs warning < critical, got 0.2 and 0.1/);
    refused(aboveMax({ thresholds: { warning: 0.1, critical: Number.NaN } }), /both finite numbers/);
    refused(aboveMax({ direction: 'p_value', thresholds: { warning: 0.001, critical: 0.05 } }), /0 < critical < warning ≤ 1/);
    refused(aboveMax({ direction: 'p_value', thresholds: { warning: 0.05, critical: 0.001 }, calibratable: true }), /a p-value test cannot be calibratable/);
    refused(aboveMax({ calibratable: undefined as unknown as boolean }), /calibratable is true or false/);
    refused(aboveMax({ compute: undefined as unknown as NumericDriftTest['compute'] }), /compute\(reference, window, context\) is a function/);
    refused(aboveMax({ label: '' }), /label/);
    refused(aboveMax({ significance: { label: 'x' } as NumericDriftTest['significance'] }), /significance is \{ label, pValue/);
    assert.deepEqual(registry.names('numeric'), ['psi', 'ks', 'wasserstein_norm'], 'nothing refused was registered');
    assert.doesNotThrow(() => registry.register(aboveMax()));
  });

  it('a registry needs its default methods among its tests, of their kind', () => {
    assert.throws(() => new DriftTestRegistry([DRIFT_TESTS.psi], DEFAULT_DRIFT_METHOD), UnknownDriftTestError);
    assert.throws(() => new DriftTestRegistry([DRIFT_TESTS.psi, DRIFT_TESTS.chi_square], { numeric: 'chi_square', categorical: 'chi_square' }), /not a numeric one/);
    const small = new DriftTestRegistry([DRIFT_TESTS.ks, DRIFT_TESTS.chi_square], { numeric: 'ks', categorical: 'chi_square' });
    assert.deepEqual(small.names(), ['ks', 'chi_square']);
  });
});

describe('DriftDetector and calibration on a registry with a registered test', () => {
  const registry = fresh();
  registry.register(hellinger());

  it('runs the registered test beside the built-ins, with its default thresholds and gate, and alerts on it when chosen', () => {
    const detector = new DriftDetector({ registry, alertOn: { categorical: ['hellinger'] } });
    const quiet = detector.evaluate('plan', categoricalRef, categoricalWindow([4, 3, 2, 1]), bounds);
    assert.deepEqual(quiet.map((f) => f.detector), ['drift.chi_square', 'drift.jensen_shannon', 'drift.unseen_share', 'drift.hellinger']);
    const h = quiet[3];
    assert.equal(h.metric, 'hellinger_distance');
    assert.equal(h.severity, 'none');
    assert.equal(h.threshold, 0.1);
    assert.ok(h.value < 0.05, `no-drift Hellinger ${h.value}`);
    assert.match(h.summary, /^Feature 'plan': Hellinger distance .* is below the warning threshold 0\.1 over 1,000 values: no drift\.$/);

    const drifted = detector.evaluate('plan', categoricalRef, categoricalWindow([1, 2, 3, 4]), bounds);
    const hd = drifted.find((f) => f.detector === 'drift.hellinger')!;
    assert.equal(hd.severity, 'critical');
    assert.equal(hd.threshold, 0.2);
    assert.ok((hd.details?.significance_p_value as number) < 1e-4, 'its gate ran');
    assert.equal(drifted.find((f) => f.detector === 'drift.jensen_shannon')!.severity, 'info', 'the default method no longer alerts');
  });

  it('its significance gate holds back a crossing that could be noise', () => {
    const detector = new DriftDetector({ registry, alertOn: { categorical: ['hellinger'] }, minCount: 10 });
    const w = categoricalWindow([4, 3, 2, 1], 12);
    const h = detector.evaluate('plan', categoricalRef, w, { start: 0, end: 12, count: 12 }).find((f) => f.detector === 'drift.hellinger')!;
    assert.ok(h.value >= 0.1, `a 12-value window crosses 0.1 by chance (${h.value})`);
    assert.equal(h.severity, 'none');
    assert.match(h.summary, /is not significant over 12 values \(chi-square p = /);
  });

  it('the default registry does not know the test: a detector naming it says so', () => {
    assert.throws(() => new DriftDetector({ alertOn: { categorical: ['hellinger'] } }), UnknownDriftTestError);
    assert.throws(() => new DriftDetector({ tests: { categorical: ['hellinger'] } }), UnknownDriftTestError);
  });

  it('calibration takes the calibratable registered test, and refuses one registered as not calibratable', () => {
    const values = Array.from({ length: 3000 }, () => r.pick(['a', 'b', 'c', 'd'], [4, 3, 2, 1]));
    const { calibrations } = calibrateCategorical(values, { windowSize: 500, registry });
    assert.deepEqual(calibrations.map((c) => c.test), ['jensen_shannon', 'unseen_share', 'hellinger']);
    const h = calibrations[2];
    assert.equal(h.thresholds.warning, h.mean + 3 * h.std);
    assert.equal(h.thresholds.critical, Math.max(0.2, h.mean + 6 * h.std));
    const numeric = fresh();
    numeric.register(aboveMax());
    const numbers = Array.from({ length: 3000 }, () => r.normal(0, 1));
    assert.throws(
      () => calibrateCategorical(values, { windowSize: 500, registry: numeric, tests: ['above_max'] }),
      (e: Error) => e instanceof CalibrationError && e.message === 'not a categorical drift test: above_max',
    );
    assert.throws(
      () => calibrateNumeric(numbers, { windowSize: 500, registry: numeric, tests: ['above_max'] }),
      (e: Error) => e instanceof CalibrationError && e.message === 'above_max is registered as not calibratable',
    );
    assert.deepEqual(calibrateNumeric(numbers, { windowSize: 500, registry: numeric }).calibrations.map((c) => c.test), ['psi', 'wasserstein_norm']);
    const ref = NumericReference.fromValues(Array.from({ length: 2000 }, (_, i) => i));
    const w = new NumericWindowState(ref);
    w.update(5000);
    const finding = new DriftDetector({ registry: numeric, minCount: 1, alertOn: { numeric: ['above_max'] } })
      .evaluate('x', ref, w, { start: 0, end: 1, count: 1 }).find((f) => f.detector === 'drift.above_max')!;
    assert.equal(finding.severity, 'critical', 'a test without a gate alerts on its thresholds alone');
  });
});
