import { CategoricalReference } from '../reference/categoricalReference.ts';
import type { CategoryValue } from '../reference/categoricalReference.ts';
import { NumericReference } from '../reference/numericReference.ts';
import type { NumericReferenceOptions } from '../reference/numericReference.ts';
import { CategoricalWindowState } from '../window/categoricalWindowState.ts';
import { NumericWindowState } from '../window/numericWindowState.ts';
import { DRIFT_DETECTOR_DEFAULTS } from './detector.ts';
import { ksPValueMemo } from './ksPValueMemo.ts';
import type { DriftTest, DriftTestName, FeatureKind, Thresholds } from './driftTest.ts';
import { driftTests, type DriftTestRegistry } from './registry.ts';

/** Calibration cannot run: too few reference values for two windows, or a test that cannot be calibrated. */
export class CalibrationError extends Error {
  override name = 'CalibrationError';
}

export interface Calibration {
  test: DriftTestName;
  chunks: number;
  mean: number;
  /** Population standard deviation of the chunk statistics. */
  std: number;
  /** mean − kσ: alerts only with twoSided (thresholds.lower). */
  lower: number;
  /** mean + kσ: the calibrated warning threshold. */
  upper: number;
  thresholds: Thresholds;
}

export interface CalibrationOptions {
  /** Values per chunk: the size of the windows the thresholds will judge. */
  windowSize: number;
  /** Tests to calibrate; default every calibratable test of the kind. */
  tests?: readonly DriftTestName[];
  /** Where tests are looked up; default `driftTests`. */
  registry?: DriftTestRegistry;
  /** k of mean ± kσ (NannyML's std_upper_multiplier); default 3. Critical is mean + 2kσ (or the registry's, if higher). */
  multiplier?: number;
  /** Also alert below mean − kσ (thresholds.lower), as NannyML's two-sided bands; default false. */
  twoSided?: boolean;
}

export const CALIBRATION_DEFAULTS = { multiplier: 3, twoSided: false } as const;

/**
 * Thresholds from the reference itself, as NannyML does: cut the reference, in order, into chunks
 * of windowSize values (a shorter tail is dropped), compute each chunk's statistic against the
 * reference built from ALL the values, and take mean ± 3σ (population σ) of those statistics.
 * Warning = mean + 3σ; critical = the larger of the registry's critical and mean + 6σ.
 *
 * Each chunk is part of the reference, so chunk statistics run lower than an independent window's:
 * for a reference of c chunks, roughly by a factor (1 − 1/c). Use ten or more chunks.
 * p-value tests (ks, chi_square) are not calibrated: a p-value is already calibrated by its null
 * distribution, and its mean − 3σ would be negative.
 */
export function calibrateNumeric(
  values: ArrayLike<number | null | undefined>,
  options: CalibrationOptions & { reference?: NumericReferenceOptions },
): { reference: NumericReference; calibrations: Calibration[] } {
  const reference = NumericReference.fromValues(Array.from(values), options.reference);
  const tests = calibratable('numeric', options);
  const stats = chunkStatistics(values, options.windowSize, (chunk) => {
    const w = new NumericWindowState(reference);
    for (const v of chunk) w.update(v);
    return tests.map((t) => (t.kind === 'numeric' ? t.compute(reference, w, CONTEXT).value : NaN));
  });
  return { reference, calibrations: tests.map((t, i) => summarise(t, stats.map((s) => s[i]), options)) };
}

export function calibrateCategorical(
  values: ArrayLike<CategoryValue>,
  options: CalibrationOptions,
): { reference: CategoricalReference; calibrations: Calibration[] } {
  const reference = CategoricalReference.fromValues(Array.from(values));
  const tests = calibratable('categorical', options);
  const stats = chunkStatistics(values, options.windowSize, (chunk) => {
    const w = new CategoricalWindowState(reference);
    for (const v of chunk) w.update(v);
    return tests.map((t) => (t.kind === 'categorical' ? t.compute(reference, w, CONTEXT).value : NaN));
  });
  return { reference, calibrations: tests.map((t, i) => summarise(t, stats.map((s) => s[i]), options)) };
}

/** The thresholds option of DriftDetector from calibrations. */
export function calibratedThresholds(calibrations: readonly Calibration[]): Partial<Record<DriftTestName, Thresholds>> {
  return Object.fromEntries(calibrations.map((c) => [c.test, c.thresholds]));
}

const CONTEXT = { ksPValue: ksPValueMemo(DRIFT_DETECTOR_DEFAULTS.ksMethod) };

function calibratable(kind: FeatureKind, options: CalibrationOptions): DriftTest[] {
  const registry = options.registry ?? driftTests;
  if (!options.tests) return registry.list(kind).filter((t) => t.calibratable);
  return options.tests.map((name) => {
    const t = registry.get(name);
    if (!t || t.kind !== kind) throw new CalibrationError(`not a ${kind} drift test: ${name}`);
    if (t.direction !== 'higher_is_worse') throw new CalibrationError(`${t.name} reports a p-value, which needs no calibration`);
    if (!t.calibratable) throw new CalibrationError(`${t.name} is registered as not calibratable`);
    return t;
  });
}

function chunkStatistics<V>(values: ArrayLike<V>, windowSize: number, statsOf: (chunk: V[]) => number[]): number[][] {
  if (!Number.isSafeInteger(windowSize) || windowSize < 1) throw new CalibrationError(`windowSize must be a positive integer, got ${windowSize}`);
  const chunks = Math.floor(values.length / windowSize);
  if (chunks < 2) throw new CalibrationError(`calibration needs at least 2 chunks of ${windowSize} values; the reference has ${values.length}`);
  const out: number[][] = [];
  for (let c = 0; c < chunks; c++) {
    out.push(statsOf(Array.prototype.slice.call(values, c * windowSize, (c + 1) * windowSize) as V[]));
  }
  return out;
}

function summarise(test: DriftTest, stats: number[], options: CalibrationOptions): Calibration {
  const k = options.multiplier ?? CALIBRATION_DEFAULTS.multiplier;
  if (!(Number.isFinite(k) && k > 0)) throw new CalibrationError(`multiplier (k of mean ± kσ) must be a positive number, got ${k}`);
  const finite = stats.filter((s) => Number.isFinite(s));
  // NannyML's StandardDeviationThreshold: np.mean and np.nanstd (population, ddof 0) of the chunk statistics.
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  const std = Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / finite.length);
  const upper = mean + k * std;
  const lower = mean - k * std;
  const thresholds: Thresholds = { warning: upper, critical: Math.max(test.thresholds.critical, mean + 2 * k * std) };
  if (options.twoSided ?? CALIBRATION_DEFAULTS.twoSided) thresholds.lower = lower;
  return { test: test.name, chunks: stats.length, mean, std, lower, upper, thresholds };
}
