/**
 * The package root as users import it: `import … from 'driftwatch'` resolves through package.json
 * `exports` to dist/ (built by `npm run build`, which `npm test` runs first). Checks that every
 * public name is there and that a few calls give the documented numbers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

const api = (await import('driftwatch')) as Record<string, unknown>;

const FUNCTIONS = [
  // statistics
  'ksTest', 'ksTwoSamplePValue', 'chiSquareTest', 'chiSquareSurvival', 'jensenShannon', 'wasserstein', 'psi', 'psiFromCounts', 'quantileEdges',
  // window statistics
  'ksStatistic', 'ksWindowTest', 'psiBinCounts', 'psiOfWindow', 'wassersteinOfWindow', 'normalisedWasserstein', 'chiSquareOfWindow', 'jensenShannonOfWindow',
  // drift, quality, alarms, schema
  'driftTestsFor', 'calibrateNumeric', 'calibrateCategorical', 'calibratedThresholds', 'calibratedBand', 'bandFindings', 'qualityFindings', 'benjaminiHochberg', 'diffAvroSchemas',
  // performance without labels, business value, multivariate drift
  'businessValue', 'costOfErrorsPerPrediction', 'reconstructionFinding',
  // contracts
  'withWrappedFeatures', 'wrapFeatureValue', 'unwrapFeatureValue',
];

const CLASSES = [
  'NumericReference', 'CategoricalReference', 'NumericWindowState', 'CategoricalWindowState', 'CountWindowAssigner', 'EventTimeWindowAssigner',
  'PaneLayout', 'DriftDetector', 'QualityWindow', 'ClassificationWindow', 'RegressionWindow', 'SlopeTrend', 'PageHinkley', 'Cusum', 'Adwin', 'Kswin', 'EwmaChart',
  'RobustZScore', 'Persistence', 'DriftTestRegistry', 'CbpeModel', 'CbpeWindow', 'ReconstructionModel', 'ReconstructionWindow',
  'PredictionPublisher',
];

const ERRORS = [
  'InvalidSampleError', 'InvalidArgumentError', 'InvalidReferenceError', 'StateDecodeError', 'EmptyWindowError', 'InvalidWindowError',
  'ReferenceMismatchError', 'CalibrationError', 'QualityReferenceMismatchError', 'InvalidPairError', 'InvalidOptionError', 'NonFiniteValueError',
  'InvalidPValueError', 'AvroSchemaError', 'InvalidDriftTestError', 'UnknownDriftTestError',
  'InvalidRecordError', 'CbpeFitError', 'ReconstructionFitError',
];

const CONSTANTS = [
  'NUMERIC_REFERENCE_DEFAULTS', 'DEFAULT_MAX_UNSEEN_CATEGORIES', 'WASSERSTEIN_MIN_SCALE', 'DRIFT_TESTS', 'DEFAULT_DRIFT_METHOD',
  'DRIFT_DETECTOR_DEFAULTS', 'DEFAULT_QUALITY_THRESHOLDS', 'PAGE_HINKLEY_RIVER_DEFAULTS', 'driftTests', 'ON_REQUEST_DRIFT_TESTS', 'CALIBRATION_DEFAULTS',
];

type Fn = (...args: unknown[]) => unknown;
type Ctor = new (...args: unknown[]) => unknown;
const fn = (name: string) => api[name] as Fn;
const ctor = (name: string) => api[name] as Ctor;

describe("the package root ('driftwatch')", () => {
  it('exports every public function and class', () => {
    for (const name of [...FUNCTIONS, ...CLASSES]) assert.equal(typeof api[name], 'function', `${name} is exported as a function`);
  });

  it('exports the error classes, each an Error subclass', () => {
    for (const name of ERRORS) {
      assert.equal(typeof api[name], 'function', `${name} is exported`);
      assert.ok((api[name] as { prototype: unknown }).prototype instanceof Error, `${name} extends Error`);
    }
  });

  it('exports the default tables', () => {
    for (const name of CONSTANTS) assert.notEqual(api[name], undefined, `${name} is exported`);
    assert.equal(api.DEFAULT_MAX_UNSEEN_CATEGORIES, 100);
    assert.equal(api.WASSERSTEIN_MIN_SCALE, 0.001);
    assert.deepEqual(api.DEFAULT_DRIFT_METHOD, { numeric: 'psi', categorical: 'jensen_shannon' });
  });

  it('exports the drift-test registry: the default instance holds the built-ins, and the exported DriftDetector runs a test registered there', () => {
    const registry = api.driftTests as { names(kind?: string): string[]; register(t: unknown): unknown };
    assert.ok(registry instanceof (api.DriftTestRegistry as Ctor));
    assert.deepEqual(registry.names(), ['psi', 'ks', 'wasserstein_norm', 'chi_square', 'jensen_shannon', 'unseen_share']);
    registry.register({
      name: 'mean_shift', metric: 'mean_shift_sigmas', label: 'mean shift in reference σ', kind: 'numeric', direction: 'higher_is_worse',
      thresholds: { warning: 0.5, critical: 1 }, calibratable: true,
      compute: (reference: { mean: number; std: number }, window: { mean: number }) => ({ value: Math.abs(window.mean - reference.mean) / reference.std }),
    });
    assert.deepEqual(registry.names('numeric'), ['psi', 'ks', 'wasserstein_norm', 'mean_shift']);
    const reference = (ctor('NumericReference') as unknown as { fromValues(v: number[]): unknown }).fromValues(Array.from({ length: 1000 }, (_, i) => i));
    const window = new (ctor('NumericWindowState'))(reference) as { update(x: number): void };
    for (let i = 0; i < 500; i++) window.update(500 + i);
    const detector = new (ctor('DriftDetector'))({ alertOn: { numeric: ['mean_shift'] } }) as { evaluate(...a: unknown[]): { detector: string; severity: string; value: number }[] };
    const finding = detector.evaluate('x', reference, window, { start: 0, end: 500, count: 500 }).find((f) => f.detector === 'drift.mean_shift');
    assert.equal(finding?.severity, 'warning', `mean shift ${finding?.value}σ`);
  });

  it('exports nothing it does not mean to: no internal helpers', () => {
    for (const name of ['StateWriter', 'StateReader', 'CompensatedSum', 'formatNumber', 'bucketOf', 'lowerBound', 'gcd']) {
      assert.equal(api[name], undefined, `${name} stays internal`);
    }
  });

  it("ksTest([1,2,3], [4,5,6]) is scipy's ks_2samp: statistic 1, p 0.1", () => {
    const r = fn('ksTest')([1, 2, 3], [4, 5, 6]) as { statistic: number; pValue: number };
    assert.equal(r.statistic, 1);
    assert.ok(Math.abs(r.pValue - 0.1) < 1e-15, `p = ${r.pValue}`);
  });

  it('chiSquareTest, jensenShannon, wasserstein and psi give their documented values', () => {
    const chi = fn('chiSquareTest')({ a: 10, b: 10 }, { a: 10, b: 10 }) as { statistic: number; pValue: number; dof: number };
    assert.deepEqual(chi, { statistic: 0, pValue: 1, dof: 1 });
    assert.equal(fn('jensenShannon')([1, 0], [0, 1]), 1);
    assert.equal(fn('wasserstein')([0, 1, 3], [5, 6, 8]), 5);
    const p = fn('psi')([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) as { value: number; edges: number[] };
    assert.equal(p.value, 0);
    assert.equal(p.edges.length, 9);
  });

  it('runs a drift check end to end: reference, window, detector', () => {
    const reference = (ctor('NumericReference') as unknown as { fromValues(v: number[]): unknown }).fromValues(Array.from({ length: 1000 }, (_, i) => i));
    const window = new (ctor('NumericWindowState'))(reference) as { update(x: number): void };
    for (let i = 0; i < 500; i++) window.update(500 + i);
    const detector = new (ctor('DriftDetector'))() as { evaluate(...a: unknown[]): { detector: string; severity: string }[] };
    const findings = detector.evaluate('x', reference, window, { start: 0, end: 500, count: 500 });
    const psiFinding = findings.find((f) => f.detector === 'drift.psi');
    assert.equal(psiFinding?.severity, 'critical');
  });

  it('wraps and unwraps Avro feature unions', () => {
    assert.deepEqual(fn('wrapFeatureValue')(3), { long: 3 });
    assert.deepEqual(fn('wrapFeatureValue')(1.5), { double: 1.5 });
    assert.equal(fn('unwrapFeatureValue')({ string: 'x' }), 'x');
    const event = { event_id: 'e', features: { a: 1, b: 'y', c: null } };
    assert.deepEqual(fn('withWrappedFeatures')(event), { event_id: 'e', features: { a: { long: 1 }, b: { string: 'y' }, c: null } });
  });
});
