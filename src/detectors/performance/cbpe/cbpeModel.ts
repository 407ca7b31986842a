import { InvalidOptionError } from '../../common/validation.ts';
import { businessValue, costOfErrorsPerPrediction, type BusinessValueMatrix, type Confusion } from '../businessValue.ts';
import { ClassificationWindow } from '../classificationWindow.ts';
import { calibratedBand, type CalibratedBand } from '../metricBands.ts';
import { needsCalibration } from './calibrationNeed.ts';
import { CbpeWindow } from './cbpeWindow.ts';
import { IsotonicCalibrator } from './isotonicCalibrator.ts';
import { samplingError, samplingErrorComponents, type EstimatedMetricName, type SamplingErrorComponents } from './samplingErrors.ts';

/** What CBPE estimates: five classification metrics, and business value when fitted with a value matrix. */
export type CbpeMetricName = EstimatedMetricName | 'business_value';

export const ESTIMATED_METRIC_NAMES: readonly CbpeMetricName[] = ['roc_auc', 'accuracy', 'precision', 'recall', 'f1', 'business_value'];

/** `auto`: NannyML's rule (needsCalibration); `isotonic`: always; `none`: the scores are taken as calibrated. */
export type CalibrationChoice = 'auto' | 'isotonic' | 'none';

/** One reference row: the model's score of the positive class, whether it predicted the positive class, and whether it was. */
export interface CbpeReferenceRow {
  score: number;
  predictedPositive: boolean;
  positive: boolean;
}

export interface CbpeFitOptions {
  /** Predictions per performance window: the reference is cut into chunks of this many for the default bands. */
  chunkSize: number;
  calibration?: CalibrationChoice;
  /** Value per outcome: business value is estimated too (NaN without it). */
  businessValue?: BusinessValueMatrix;
}

/**
 * A window's estimates: each metric with its sampling error (NaN when undefined), the expected confusion matrix,
 * and the expected cost of errors per prediction (NaN without a value matrix).
 */
export type CbpeEstimates = Record<CbpeMetricName, { value: number; samplingError: number }> & { count: number; confusion: Confusion; costOfErrors: number };

export class CbpeFitError extends Error {
  override name = 'CbpeFitError';
}

interface ValueModel {
  matrix: BusinessValueMatrix;
  /** NannyML's business-value sampling-error component: σ of the reference rows' values. */
  std: number;
  /** The reference's realized cost of errors per prediction. */
  referenceCost: number;
}

/**
 * Confidence-based performance estimation for a binary classifier (NannyML's CBPE), fitted once on a
 * reference with true outcomes: the calibrator (isotonic when needed), the sampling-error components and the
 * default band of each metric — NannyML's mean ± 3σ of the realized metric over the reference's complete
 * chunks, clipped to the metric's range. Monitored predictions then need no labels: a window's expected
 * confusion matrix is the sum of calibrated probabilities, and its ROC AUC is read from calibrated
 * probabilities in score order.
 */
export class CbpeModel {
  readonly calibrated: boolean;
  readonly #calibrator: IsotonicCalibrator | undefined;
  readonly components: SamplingErrorComponents;
  /** Default band per metric (absent when fewer than two reference chunks define the metric). */
  readonly bands: Partial<Record<CbpeMetricName, CalibratedBand>>;
  /** Realized metrics over the whole reference. */
  readonly reference: Record<CbpeMetricName, number>;
  readonly #value: ValueModel | undefined;

  private constructor(calibrator: IsotonicCalibrator | undefined, components: SamplingErrorComponents, bands: CbpeModel['bands'], reference: CbpeModel['reference'], value: ValueModel | undefined) {
    this.#calibrator = calibrator;
    this.calibrated = calibrator !== undefined;
    this.components = components;
    this.bands = bands;
    this.reference = reference;
    this.#value = value;
  }

  /** The reference's realized cost of errors per prediction; undefined without a value matrix. */
  get referenceCostOfErrors(): number | undefined {
    return this.#value?.referenceCost;
  }

  static fit(rows: readonly CbpeReferenceRow[], options: CbpeFitOptions): CbpeModel {
    if (!Number.isInteger(options.chunkSize) || options.chunkSize < 1) throw new InvalidOptionError('CBPE', 'chunkSize', options.chunkSize, 'a positive integer');
    const bad = rows.findIndex((r) => !(r.score >= 0 && r.score <= 1));
    if (bad >= 0) throw new CbpeFitError(`reference row ${bad + 1} has score ${rows[bad].score}: CBPE needs the probability of the positive class, in [0, 1]`);
    const positives = rows.filter((r) => r.positive).length;
    if (positives === 0 || positives === rows.length) throw new CbpeFitError(`the reference's ${rows.length} targets are all ${positives === 0 ? 'negative' : 'positive'}: CBPE needs both classes in the reference`);
    const scores = Float64Array.from(rows, (r) => r.score);
    const outcomes = Uint8Array.from(rows, (r) => (r.positive ? 1 : 0));
    const predicted = Uint8Array.from(rows, (r) => (r.predictedPositive ? 1 : 0));
    const choice = options.calibration ?? 'auto';
    const calibrate = choice === 'isotonic' || (choice === 'auto' && needsCalibration(scores, outcomes));
    const calibrator = calibrate ? IsotonicCalibrator.fit(scores, outcomes) : undefined;
    const matrix = options.businessValue;
    const chunks: Record<CbpeMetricName, number>[] = [];
    for (let start = 0; start + options.chunkSize <= rows.length; start += options.chunkSize) chunks.push(realized(rows.slice(start, start + options.chunkSize), matrix));
    const bands: CbpeModel['bands'] = {};
    for (const metric of ESTIMATED_METRIC_NAMES) {
      const values = chunks.map((c) => c[metric]);
      if (values.filter(Number.isFinite).length >= 2) bands[metric] = calibratedBand(metric, values);
    }
    const whole = labelledWindow(rows);
    const value = matrix && { matrix, std: rowValueStd(rows, matrix), referenceCost: costOfErrorsPerPrediction(matrix, whole.confusion()) };
    return new CbpeModel(calibrator, samplingErrorComponents(scores, outcomes, predicted), bands, realizedOf(whole, matrix), value);
  }

  /** The calibrated probability of a score (the score itself when the reference needed no calibration). */
  probability(score: number): number {
    return this.#calibrator ? this.#calibrator.calibrate(score) : score;
  }

  /** NannyML's estimated metrics of a window, with sampling errors. */
  estimate(window: CbpeWindow): CbpeEstimates {
    const n = window.count;
    const tp = window.expectedTruePositives;
    const fp = window.predictedPositives - tp;
    const fn = window.expectedFalseNegatives;
    const tn = n - window.predictedPositives - fn;
    const confusion = { tp, fp, tn, fn };
    const values: Record<CbpeMetricName, number> = {
      accuracy: n === 0 ? Number.NaN : (tp + tn) / n,
      precision: tp + fp === 0 ? 0 : tp / (tp + fp),
      recall: tp + fn === 0 ? 0 : tp / (tp + fn),
      f1: tp + 0.5 * (fp + fn) === 0 ? 0 : tp / (tp + 0.5 * (fp + fn)),
      roc_auc: estimatedRocAuc(window),
      business_value: this.#value ? businessValue(this.#value.matrix, confusion) : Number.NaN,
    };
    const out = { count: n, confusion, costOfErrors: this.#value ? costOfErrorsPerPrediction(this.#value.matrix, confusion) : Number.NaN } as CbpeEstimates;
    for (const metric of ESTIMATED_METRIC_NAMES) out[metric] = { value: values[metric], samplingError: n === 0 ? Number.NaN : this.#samplingError(metric, n) };
    return out;
  }

  #samplingError(metric: CbpeMetricName, n: number): number {
    // NannyML's business_value_sampling_error for a total (not normalised): σ · n / √n.
    if (metric === 'business_value') return this.#value ? this.#value.std * Math.sqrt(n) : Number.NaN;
    return samplingError(this.components[metric], n);
  }
}

/** Population σ of each reference row's value (its outcome's entry of the matrix). */
function rowValueStd(rows: readonly CbpeReferenceRow[], matrix: BusinessValueMatrix): number {
  const values = rows.map((r) => (r.predictedPositive ? (r.positive ? matrix.tp : matrix.fp) : r.positive ? matrix.fn : matrix.tn));
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
}

/** Labelled rows as a realized-performance window (positive class '1'). */
function labelledWindow(rows: readonly CbpeReferenceRow[]): ClassificationWindow {
  const window = new ClassificationWindow({ positiveLabel: '1' });
  for (const r of rows) window.update({ label: r.predictedPositive ? '1' : '0', score: r.score }, r.positive ? '1' : '0');
  return window;
}

/** The realized metrics of labelled rows, as NannyML computes them on reference chunks (sklearn's scores). */
function realized(rows: readonly CbpeReferenceRow[], matrix: BusinessValueMatrix | undefined): Record<CbpeMetricName, number> {
  return realizedOf(labelledWindow(rows), matrix);
}

function realizedOf(window: ClassificationWindow, matrix: BusinessValueMatrix | undefined): Record<CbpeMetricName, number> {
  const m = window.metrics();
  return { roc_auc: m.rocAuc, accuracy: m.accuracy, precision: m.precision, recall: m.recall, f1: m.f1, business_value: matrix ? businessValue(matrix, window.confusion()) : Number.NaN };
}

/**
 * NannyML's estimate_roc_auc: predictions in descending score order, expected true positives the running sum
 * of calibrated probabilities, expected false positives the rest, both rounded to 5 decimals (np.round, half to
 * even), and the trapezoidal area under (fpr, tpr). A bin's predictions count as tied (see SCORE_BINS).
 */
export function estimatedRocAuc(window: CbpeWindow): number {
  const bins = [...window.bins.keys()].sort((a, b) => b - a);
  let tps = 0;
  let k = 0;
  let prevTp = 0;
  let prevFp = 0;
  let area = 0;
  for (const bin of bins) {
    const [count, sum] = window.bins.get(bin)!;
    const p = sum / count;
    for (let j = 0; j < count; j++) {
      tps += p;
      k++;
      const tp = round5(tps);
      const fp = round5(k - tps);
      area += (fp - prevFp) * (tp + prevTp) / 2;
      prevTp = tp;
      prevFp = fp;
    }
  }
  if (!(prevTp > 0 && prevFp > 0)) return Number.NaN;
  return area / (prevTp * prevFp);
}

/** numpy's round(x, 5): x·10⁵ rounded half to even, divided back. */
function round5(x: number): number {
  const y = x * 1e5;
  let r = Math.round(y);
  if (r - y === 0.5 && r % 2 !== 0) r -= 1;
  return r / 1e5;
}

