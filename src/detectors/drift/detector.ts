import type { Finding, FindingSeverity, WindowBounds } from '../finding.ts';
import type { CategoricalReference } from '../reference/categoricalReference.ts';
import type { NumericReference } from '../reference/numericReference.ts';
import type { CategoricalWindowState } from '../window/categoricalWindowState.ts';
import { ReferenceMismatchError } from '../window/errors.ts';
import type { NumericWindowState } from '../window/numericWindowState.ts';
import type { ComputeContext, DriftTest, DriftTestName, FeatureKind, Thresholds } from './driftTest.ts';
import { driftTests, type DriftTestRegistry } from './registry.ts';
import { ksPValueMemo } from './ksPValueMemo.ts';
import type { KsMethod } from './ksPValueMemo.ts';

/** How a test's thresholds were set: the registry's defaults, calibration on reference chunks, or the config. */
export type ThresholdSource = 'default' | 'calibrated' | 'configured';
import { driftSummary } from './summary.ts';

export interface DriftDetectorOptions {
  /** Where tests are looked up; default `driftTests` (the built-ins and every test registered there). */
  registry?: DriftTestRegistry;
  /** Tests computed per feature kind. Default: every registered test of that kind. */
  tests?: Partial<Record<FeatureKind, readonly DriftTestName[]>>;
  /** Tests whose crossings are warning / critical; other crossings are 'info'. Default: the registry's defaultMethod per kind. */
  alertOn?: Partial<Record<FeatureKind, readonly DriftTestName[]>>;
  /** Per-test thresholds replacing the registry defaults (e.g. from calibration). */
  thresholds?: Partial<Record<DriftTestName, Thresholds>>;
  /** How each test's thresholds were set, for findings' details.threshold_source; default: 'configured' for a test in `thresholds`, else 'default'. */
  thresholdSources?: Partial<Record<DriftTestName, ThresholdSource>>;
  /**
   * Fewest usable values a window needs to be judged; smaller windows get severity 'none' and a
   * "not judged" summary. Default 100: below it the chi-square approximations behind p-values and
   * significance gates get unreliable.
   */
  minCount?: number;
  /**
   * Significance level of the gate on effect-size tests (see builtInTests.ts): a PSI / Wasserstein / JS
   * crossing raises severity only when its gate p-value is below this. Default 1e-4; null turns the
   * gate off (fixed thresholds alone, as Evidently).
   */
  significanceLevel?: number | null;
  /**
   * KS p-value method, as scipy.stats.ks_2samp's `method`. Default 'asymp': O(1) per window. scipy's
   * own default 'auto' runs the exact distribution whenever max(n_ref, n_window) ≤ 10,000, which costs
   * about 4 ms per feature per window at 10,000 × 1,000 (one core) and moves p by < 0.002 there.
   */
  ksMethod?: KsMethod;
}

export const DRIFT_DETECTOR_DEFAULTS: { minCount: number; significanceLevel: number; ksMethod: KsMethod } = { minCount: 100, significanceLevel: 1e-4, ksMethod: 'asymp' };

type AnyReference = NumericReference | CategoricalReference;
type AnyWindow = NumericWindowState | CategoricalWindowState;

/** Runs the registry's drift tests on one feature's window and turns each into a Finding. */
export class DriftDetector {
  readonly minCount: number;
  readonly significanceLevel: number | null;
  private readonly context: ComputeContext;
  private readonly tests: Record<FeatureKind, DriftTest[]>;
  private readonly alerting: Record<FeatureKind, ReadonlySet<DriftTestName>>;
  /** What an 'info' finding's summary names as the alerting metric. */
  private readonly alertingLabels: Record<FeatureKind, string>;
  private readonly thresholds: Partial<Record<DriftTestName, Thresholds>>;
  private readonly thresholdSources: Partial<Record<DriftTestName, ThresholdSource>>;

  constructor(options: DriftDetectorOptions = {}) {
    this.minCount = options.minCount ?? DRIFT_DETECTOR_DEFAULTS.minCount;
    this.significanceLevel = options.significanceLevel === undefined ? DRIFT_DETECTOR_DEFAULTS.significanceLevel : options.significanceLevel;
    this.context = { ksPValue: ksPValueMemo(options.ksMethod ?? DRIFT_DETECTOR_DEFAULTS.ksMethod) };
    this.thresholds = options.thresholds ?? {};
    this.thresholdSources = options.thresholdSources ?? {};
    const registry = options.registry ?? driftTests;
    // Without `tests`, the registry's default set plus the alerting tests computed only on request.
    const pick = (kind: FeatureKind): DriftTest[] => {
      const names = options.tests?.[kind];
      if (names) return names.map((name) => registry.require(name, kind));
      const defaults = registry.list(kind);
      const requested = (options.alertOn?.[kind] ?? []).map((name) => registry.require(name, kind)).filter((t) => !defaults.includes(t));
      return [...defaults, ...requested];
    };
    this.tests = { numeric: pick('numeric'), categorical: pick('categorical') };
    this.alerting = {
      numeric: new Set(options.alertOn?.numeric ?? [registry.defaultMethod('numeric').name]),
      categorical: new Set(options.alertOn?.categorical ?? [registry.defaultMethod('categorical').name]),
    };
    const label = (kind: FeatureKind) => [...this.alerting[kind]].map((name) => registry.require(name, kind).label).join(' / ') || 'no metric';
    this.alertingLabels = { numeric: label('numeric'), categorical: label('categorical') };
  }

  /**
   * One finding per configured test; none when the window holds no usable value (data-quality
   * detectors report that).
   */
  evaluate(feature: string, reference: NumericReference, window: NumericWindowState, bounds: WindowBounds): Finding[];
  evaluate(feature: string, reference: CategoricalReference, window: CategoricalWindowState, bounds: WindowBounds): Finding[];
  evaluate(feature: string, reference: AnyReference, window: AnyWindow, bounds: WindowBounds): Finding[] {
    if (window.reference !== reference && window.reference.fingerprint !== reference.fingerprint) {
      throw new ReferenceMismatchError(`feature '${feature}': the window state was built on another reference`);
    }
    if (window.count === 0) return [];
    const kind = reference.kind;
    const judged = window.count >= this.minCount;
    const findings: Finding[] = [];
    for (const test of this.tests[kind]) {
      const outcome = test.kind === 'numeric'
        ? test.compute(reference as NumericReference, window as NumericWindowState, this.context)
        : test.compute(reference as CategoricalReference, window as CategoricalWindowState, this.context);
      const thresholds = this.thresholds[test.name] ?? test.thresholds;
      let severity = judged ? severityOf(test, outcome.value, thresholds) : 'none';
      const alerting = this.alerting[kind].has(test.name);
      const thresholdSource = this.thresholdSources[test.name] ?? (this.thresholds[test.name] ? 'configured' : 'default');
      const details: Record<string, number | string | boolean> = { reference_count: reference.n, window_count: window.count, alerting, threshold_source: thresholdSource, ...outcome.details };
      let gate: { label: string; pValue: number; level: number } | undefined;
      const belowLower = thresholds.lower !== undefined && outcome.value < thresholds.lower && test.direction === 'higher_is_worse';
      // The gate asks whether a rise is noise; a fall below a lower band has no such test.
      if (severity !== 'none' && !belowLower && test.significance && this.significanceLevel !== null) {
        const pValue = gatePValue(test, reference, window, this.context);
        details.significance_p_value = pValue;
        if (!(pValue < this.significanceLevel)) {
          severity = 'none';
          gate = { label: test.significance.label, pValue, level: this.significanceLevel };
        }
      }
      if (!alerting && severity !== 'none') severity = 'info';
      const threshold = severity === 'critical' ? thresholds.critical : belowLower && severity !== 'none' ? thresholds.lower! : thresholds.warning;
      const windowCount = window.count;
      const minCount = judged ? undefined : this.minCount;
      const alertingLabel = alerting ? undefined : this.alertingLabels[kind];
      let summary: string | undefined;
      const finding: Finding = {
        detector: `drift.${test.name}`,
        feature,
        metric: test.metric,
        value: outcome.value,
        threshold,
        severity,
        window: bounds,
        // Written on first read: most findings of a window are within their thresholds and never shown.
        get summary() {
          summary ??= driftSummary({ feature, test, value: outcome.value, threshold, severity, windowCount, minCount, alertingLabel, gate, belowLower });
          return summary;
        },
        details,
      };
      if (outcome.pValue !== undefined) finding.pValue = outcome.pValue;
      findings.push(finding);
    }
    return findings;
  }
}

function gatePValue(test: DriftTest, reference: AnyReference, window: AnyWindow, context: ComputeContext): number {
  if (test.kind === 'numeric') return test.significance!.pValue(reference as NumericReference, window as NumericWindowState, context);
  return test.significance!.pValue(reference as CategoricalReference, window as CategoricalWindowState, context);
}

function severityOf(test: DriftTest, value: number, t: Thresholds): FindingSeverity {
  if (test.direction === 'p_value') return value < t.critical ? 'critical' : value < t.warning ? 'warning' : 'none';
  if (value >= t.critical) return 'critical';
  return value >= t.warning || (t.lower !== undefined && value < t.lower) ? 'warning' : 'none';
}
