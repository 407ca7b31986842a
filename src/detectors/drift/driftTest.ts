import type { CategoricalReference } from '../reference/categoricalReference.ts';
import type { NumericReference } from '../reference/numericReference.ts';
import type { CategoricalWindowState } from '../window/categoricalWindowState.ts';
import type { NumericWindowState } from '../window/numericWindowState.ts';

export type FeatureKind = 'numeric' | 'categorical';
export const FEATURE_KINDS: readonly FeatureKind[] = ['numeric', 'categorical'];

/** The tests driftwatch ships (see builtInTests.ts). */
export type BuiltInDriftTestName = 'psi' | 'ks' | 'wasserstein_norm' | 'chi_square' | 'jensen_shannon' | 'unseen_share';
/** Built-ins computed only when named (see DriftTestBase.onRequest): onRequestTests.ts. */
export type OnRequestDriftTestName = 'ks_statistic' | 'jensen_shannon_numeric' | 'psi_categorical' | 'chi_square_yates';
/** A registered test's name: a built-in's, or one a library registered (see DriftTestRegistry). */
export type DriftTestName = string;

/**
 * 'higher_is_worse': severity when value ≥ threshold. 'p_value': value is a p-value, severity when
 * value < threshold (the significance level).
 */
export type Direction = 'higher_is_worse' | 'p_value';

export interface Thresholds {
  warning: number;
  critical: number;
  /**
   * Two-sided bounds (higher-is-worse statistics only): a value below `lower` is a warning too, as NannyML
   * alerts below its lower band (e.g. calibrated mean − kσ). Absent: one-sided.
   */
  lower?: number;
}

export interface DriftTestOutcome {
  value: number;
  pValue?: number;
  details?: Record<string, number | string | boolean>;
}

export interface ComputeContext {
  /** KS p-value of D for sizes n1 (reference), n2 (window): ksTwoSamplePValue with the detector's method, memoised. */
  ksPValue(statistic: number, n1: number, n2: number): number;
}

interface DriftTestBase {
  /** Unique; the finding's detector is `drift.<name>`, and the config names it in `drift.<kind>.method`. */
  name: DriftTestName;
  /** Finding.metric; unique. */
  metric: string;
  /** Name in summaries. */
  label: string;
  direction: Direction;
  /** Default thresholds: stated here and nowhere else. */
  thresholds: Thresholds;
  /**
   * Whether calibration on reference chunks (mean + 3σ) may set its thresholds. Only for higher-is-worse
   * statistics: a p-value is already calibrated by its null distribution.
   */
  calibratable: boolean;
  /**
   * Computed only when a detector or config names it (alerting or in `tests`); absent from the default
   * set, so reports keep their findings unless asked. Default false.
   */
  onRequest?: boolean;
}

/**
 * For an effect size (higher_is_worse): the test that says whether the same difference could be
 * sampling noise. The detector only raises a crossing whose gate p-value is below its significance
 * level (see DriftDetectorOptions.significanceLevel).
 */
export interface SignificanceGate<R, W> {
  label: string;
  pValue(reference: R, window: W, context: ComputeContext): number;
}

export interface NumericDriftTest extends DriftTestBase {
  kind: 'numeric';
  compute(reference: NumericReference, window: NumericWindowState, context: ComputeContext): DriftTestOutcome;
  significance?: SignificanceGate<NumericReference, NumericWindowState>;
}

export interface CategoricalDriftTest extends DriftTestBase {
  kind: 'categorical';
  compute(reference: CategoricalReference, window: CategoricalWindowState, context: ComputeContext): DriftTestOutcome;
  significance?: SignificanceGate<CategoricalReference, CategoricalWindowState>;
}

export type DriftTest = NumericDriftTest | CategoricalDriftTest;
