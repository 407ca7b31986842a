import { DEFAULT_DRIFT_METHOD, DRIFT_TESTS } from './builtInTests.ts';
import { FEATURE_KINDS } from './driftTest.ts';
import { ON_REQUEST_DRIFT_TESTS } from './onRequestTests.ts';
import type { DriftTest, DriftTestName, FeatureKind } from './driftTest.ts';
import { InvalidDriftTestError, UnknownDriftTestError } from './registryErrors.ts';

export { DEFAULT_DRIFT_METHOD, DRIFT_TESTS } from './builtInTests.ts';
export { ON_REQUEST_DRIFT_TESTS } from './onRequestTests.ts';
export type {
  BuiltInDriftTestName, OnRequestDriftTestName, CategoricalDriftTest, ComputeContext, Direction, DriftTest, DriftTestName, DriftTestOutcome, FeatureKind,
  NumericDriftTest, SignificanceGate, Thresholds,
} from './driftTest.ts';

const NAME = /^[a-z][a-z0-9_]*$/;

/**
 * The drift tests a DriftDetector, calibration and the config can name, each entry stating once its
 * feature kind, statistic, direction, default thresholds, significance gate and whether it can be
 * calibrated. Open, as Evidently's `register_stattest`: `register` adds a test, which detectors built
 * after it run, and which a config parsed after it may name as `drift.<kind>.method`.
 */
export class DriftTestRegistry {
  readonly #tests = new Map<DriftTestName, DriftTest>();
  readonly #defaultMethods: Readonly<Record<FeatureKind, DriftTestName>>;

  /** `defaultMethods`: per feature kind, the test that alerts when none is chosen; each must be among `tests`. */
  constructor(tests: Iterable<DriftTest>, defaultMethods: Readonly<Record<FeatureKind, DriftTestName>>) {
    for (const test of tests) this.register(test);
    for (const kind of FEATURE_KINDS) this.require(defaultMethods[kind], kind);
    this.#defaultMethods = Object.freeze({ ...defaultMethods });
  }

  /**
   * Adds a test and freezes its entry (its defaults cannot change afterwards). Throws
   * InvalidDriftTestError when the entry is incomplete or inconsistent, or its name or metric is taken.
   */
  register(test: DriftTest): DriftTest {
    const problem = this.#problemWith(test);
    if (problem !== undefined) throw new InvalidDriftTestError(`cannot register drift test ${JSON.stringify(test?.name)}: ${problem}`);
    Object.freeze(test.thresholds);
    if (test.significance) Object.freeze(test.significance);
    Object.freeze(test);
    this.#tests.set(test.name, test);
    return test;
  }

  get(name: DriftTestName): DriftTest | undefined {
    return this.#tests.get(name);
  }

  has(name: DriftTestName, kind?: FeatureKind): boolean {
    const test = this.#tests.get(name);
    return test !== undefined && (kind === undefined || test.kind === kind);
  }

  /** The test, or UnknownDriftTestError naming the registered ones (of `kind`, when given). */
  require(name: DriftTestName, kind?: FeatureKind): DriftTest {
    const test = this.#tests.get(name);
    if (test !== undefined && (kind === undefined || test.kind === kind)) return test;
    const known = this.names(kind).join(', ');
    if (test !== undefined) throw new UnknownDriftTestError(`'${name}' is a ${test.kind} drift test, not a ${kind} one (${kind} tests: ${known})`);
    throw new UnknownDriftTestError(`'${name}' is not a registered ${kind === undefined ? '' : `${kind} `}drift test (registered: ${known}); register it first`);
  }

  /**
   * Tests in registration order, the built-ins first; only those of `kind` when given. Tests computed only
   * on request (DriftTest.onRequest) are left out unless `onRequest` is true.
   */
  list(kind?: FeatureKind, options: { onRequest?: boolean } = {}): DriftTest[] {
    const all = [...this.#tests.values()].filter((t) => options.onRequest === true || t.onRequest !== true);
    return kind === undefined ? all : all.filter((t) => t.kind === kind);
  }

  names(kind?: FeatureKind, options: { onRequest?: boolean } = {}): DriftTestName[] {
    return this.list(kind, options).map((t) => t.name);
  }

  /** The test that alerts for a feature kind when neither the config nor the detector's options choose one. */
  defaultMethod(kind: FeatureKind): DriftTest {
    return this.require(this.#defaultMethods[kind], kind);
  }

  /** The test whose findings carry this metric. */
  byMetric(metric: string): DriftTest | undefined {
    for (const test of this.#tests.values()) if (test.metric === metric) return test;
    return undefined;
  }

  #problemWith(test: DriftTest): string | undefined {
    if (test === null || typeof test !== 'object') return 'an entry is an object';
    if (typeof test.name !== 'string' || !NAME.test(test.name)) {
      return 'the name is lower-case letters, digits and _, starting with a letter (it becomes the detector drift.<name> and a config value)';
    }
    if (this.#tests.has(test.name)) return 'a test of that name is already registered';
    if (!FEATURE_KINDS.includes(test.kind)) return `kind is 'numeric' or 'categorical', got ${JSON.stringify(test.kind)}`;
    if (test.direction !== 'higher_is_worse' && test.direction !== 'p_value') return `direction is 'higher_is_worse' or 'p_value', got ${JSON.stringify(test.direction)}`;
    if (typeof test.metric !== 'string' || test.metric === '') return 'metric (the findings\' metric name) is a non-empty string';
    const sameMetric = this.byMetric(test.metric);
    if (sameMetric) return `metric '${test.metric}' is already the metric of '${sameMetric.name}'`;
    if (typeof test.label !== 'string' || test.label === '') return 'label (the name in summaries) is a non-empty string';
    if (typeof test.compute !== 'function') return 'compute(reference, window, context) is a function';
    const { warning, critical } = test.thresholds ?? {};
    if (!Number.isFinite(warning) || !Number.isFinite(critical)) return 'thresholds are { warning, critical }, both finite numbers';
    if (test.direction === 'higher_is_worse' && !(warning < critical)) return `a higher-is-worse test needs warning < critical, got ${warning} and ${critical}`;
    if (test.direction === 'p_value' && !(critical > 0 && critical < warning && warning <= 1)) {
      return `a p-value test needs 0 < critical < warning ≤ 1, got warning ${warning} and critical ${critical}`;
    }
    if (typeof test.calibratable !== 'boolean') return 'calibratable is true or false';
    if (test.onRequest !== undefined && typeof test.onRequest !== 'boolean') return 'onRequest is true or false';
    if (test.calibratable && test.direction === 'p_value') return 'a p-value test cannot be calibratable (its null distribution already calibrates it)';
    if (test.significance !== undefined && (typeof test.significance.label !== 'string' || typeof test.significance.pValue !== 'function')) {
      return 'significance is { label, pValue(reference, window, context) }';
    }
    return undefined;
  }
}

/** The registry driftwatch uses unless told otherwise: the built-in tests, and those a library registers. */
export const driftTests = new DriftTestRegistry([...Object.values(DRIFT_TESTS), ...Object.values(ON_REQUEST_DRIFT_TESTS)], DEFAULT_DRIFT_METHOD);

/** The tests of a feature kind in the default registry. */
export function driftTestsFor(kind: FeatureKind): DriftTest[] {
  return driftTests.list(kind);
}
