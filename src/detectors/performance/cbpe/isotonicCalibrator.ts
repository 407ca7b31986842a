import { InvalidOptionError } from '../../common/validation.ts';

/**
 * scikit-learn's IsotonicRegression(increasing=True, out_of_bounds='clip'), as NannyML's CBPE calibrates
 * scores with it: equal scores are merged first (their outcomes averaged, weights added), pool-adjacent-violators
 * fits the non-decreasing step function, only the ends of each block are kept, and a score is clipped to the
 * fitted range and linearly interpolated between the kept points.
 */
export class IsotonicCalibrator {
  /** Ascending scores of the kept points. */
  readonly xs: Float64Array;
  /** The calibrated probability at each kept point. */
  readonly ys: Float64Array;

  private constructor(xs: Float64Array, ys: Float64Array) {
    this.xs = xs;
    this.ys = ys;
  }

  /** Fits on scores and 0/1 outcomes of the same length. */
  static fit(scores: ArrayLike<number>, outcomes: ArrayLike<number>): IsotonicCalibrator {
    const n = scores.length;
    if (n === 0 || outcomes.length !== n) throw new InvalidOptionError('IsotonicCalibrator', 'scores', n, `as many scores as outcomes (${outcomes.length}), at least one`);
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b] || outcomes[a] - outcomes[b]);
    // sklearn's _make_unique: runs of equal scores become one point with their mean outcome and summed weight.
    const ux: number[] = [];
    const uy: number[] = [];
    const uw: number[] = [];
    for (const i of order) {
      const x = scores[i];
      if (ux.length > 0 && x - ux[ux.length - 1] < RESOLUTION) {
        const k = ux.length - 1;
        uy[k] += outcomes[i];
        uw[k] += 1;
      } else {
        ux.push(x);
        uy.push(outcomes[i]);
        uw.push(1);
      }
    }
    for (let k = 0; k < uy.length; k++) uy[k] /= uw[k];
    const fitted = poolAdjacentViolators(uy, uw);
    // Keep the first and last point and every point whose value differs from a neighbour's.
    const keptX: number[] = [];
    const keptY: number[] = [];
    for (let k = 0; k < fitted.length; k++) {
      if (k === 0 || k === fitted.length - 1 || fitted[k] !== fitted[k - 1] || fitted[k] !== fitted[k + 1]) {
        keptX.push(ux[k]);
        keptY.push(fitted[k]);
      }
    }
    return new IsotonicCalibrator(Float64Array.from(keptX), Float64Array.from(keptY));
  }

  static fromPoints(xs: readonly number[], ys: readonly number[]): IsotonicCalibrator {
    if (xs.length === 0 || xs.length !== ys.length) throw new InvalidOptionError('IsotonicCalibrator', 'points', xs.length, 'as many ys as xs, at least one');
    return new IsotonicCalibrator(Float64Array.from(xs), Float64Array.from(ys));
  }

  /** The calibrated probability of a score. */
  calibrate(score: number): number {
    const { xs, ys } = this;
    const last = xs.length - 1;
    if (score <= xs[0]) return ys[0];
    if (score >= xs[last]) return ys[last];
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (xs[mid] <= score) lo = mid;
      else hi = mid;
    }
    if (score === xs[lo]) return ys[lo];
    // scipy's interp1d(kind='linear'): slope times the distance from the left point.
    const slope = (ys[hi] - ys[lo]) / (xs[hi] - xs[lo]);
    return slope * (score - xs[lo]) + ys[lo];
  }
}

/** sklearn merges scores closer than float64's resolution (np.finfo(float64).resolution). */
const RESOLUTION = 1e-15;

/** Weighted least-squares non-decreasing fit (pool adjacent violators), one value per input point. */
function poolAdjacentViolators(y: readonly number[], w: readonly number[]): number[] {
  const values: number[] = [];
  const weights: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < y.length; i++) {
    let value = y[i];
    let weight = w[i];
    let size = 1;
    while (values.length > 0 && values[values.length - 1] >= value) {
      const v = values.pop()!;
      const wt = weights.pop()!;
      size += sizes.pop()!;
      value = (v * wt + value * weight) / (wt + weight);
      weight += wt;
    }
    values.push(value);
    weights.push(weight);
    sizes.push(size);
  }
  const out: number[] = [];
  for (let b = 0; b < values.length; b++) for (let k = 0; k < sizes[b]; k++) out.push(values[b]);
  return out;
}
