import { chiSquareFromRows } from '../stats/chiSquareFromRows.ts';
import { ksTwoSamplePValue, psiFromCounts } from '../stats/index.ts';
import type { NumericReference } from '../reference/numericReference.ts';
import { EmptyWindowError } from './errors.ts';
import type { NumericWindowState } from './numericWindowState.ts';
import { rankKsStatistic } from './rankKsStatistic.ts';

/**
 * Window-versus-reference statistics computed from bucket counts alone, O(buckets).
 * KS D and PSI are exactly what ks_2samp and psi() give on the raw values, for a reference of any
 * cardinality: with an uncompressed reference (every distinct reference value is a cut) from the
 * buckets, with a compressed one from the window's rank counts (rankKsStatistic.ts). Only a compressed
 * reference saved before rank counts existed (no `ranks`) treats the reference mass inside open
 * buckets as sitting on the cut just above it.
 */

function requireValues(window: NumericWindowState): void {
  if (window.count === 0) throw new EmptyWindowError('the window holds no finite value');
}

/** Two-sample KS statistic D = sup |F_window − F_reference|. */
export function ksStatistic(reference: NumericReference, window: NumericWindowState): number {
  requireValues(window);
  if (reference.ranks && window.rankCounts) return rankKsStatistic(reference.ranks, window.rankCounts, reference.n, window.count);
  const rc = reference.counts;
  const wc = window.counts;
  const n = reference.n;
  const m = window.count;
  // Integer cumulative counts; the largest |cw·n − cr·m| marks where |cw/m − cr/n| peaks.
  let cw = 0;
  let cr = 0;
  let best = -1;
  let bestW = 0;
  let bestR = 0;
  const last = wc.length - 1;
  for (let b = 0; b <= last; b += 2) {
    // Open bucket: the reference is flat here (its in-bucket mass counts at the next cut), the window
    // rises through its values, so the largest gap on this stretch is just below the next cut.
    cw += wc[b];
    let gap = Math.abs(cw * n - cr * m);
    if (gap > best) {
      best = gap;
      bestW = cw;
      bestR = cr;
    }
    if (b < last) {
      cw += wc[b + 1];
      cr += rc[b] + rc[b + 1];
      gap = Math.abs(cw * n - cr * m);
      if (gap > best) {
        best = gap;
        bestW = cw;
        bestR = cr;
      }
    }
  }
  return Math.abs(bestW / m - bestR / n);
}

export interface KsResult {
  statistic: number;
  pValue: number;
}

/** KS statistic with its p-value as scipy.stats.ks_2samp(reference, window, method). */
export function ksWindowTest(
  reference: NumericReference,
  window: NumericWindowState,
  method: 'auto' | 'exact' | 'asymp' = 'auto',
): KsResult {
  const statistic = ksStatistic(reference, window);
  return { statistic, pValue: ksTwoSamplePValue(statistic, reference.n, window.count, method) };
}

/** Window count per PSI bin of the reference. */
export function psiBinCounts(reference: NumericReference, window: NumericWindowState): Float64Array {
  const starts = reference.psiBinStarts;
  const out = new Float64Array(starts.length - 1);
  const wc = window.counts;
  for (let bin = 0; bin < out.length; bin++) {
    let sum = 0;
    for (let b = starts[bin]; b < starts[bin + 1]; b++) sum += wc[b];
    out[bin] = sum;
  }
  return out;
}

/** PSI of the window against the reference (reference-quantile bins, zero share → 1e-4, natural log). */
export function psiOfWindow(reference: NumericReference, window: NumericWindowState): number {
  requireValues(window);
  return psiFromCounts(reference.psiCounts, psiBinCounts(reference, window));
}

/** Chi-square test of homogeneity over the PSI bins: is the window's bin profile different beyond sampling noise? */
export function psiBinsChiSquare(reference: NumericReference, window: NumericWindowState): { statistic: number; pValue: number; dof: number } {
  requireValues(window);
  return chiSquareFromRows(reference.psiCounts, psiBinCounts(reference, window));
}

export interface WassersteinResult {
  /** Estimate of W1 = ∫ |F_window − F_reference| dx. */
  value: number;
  /** |value − true W1| ≤ errorBound; 0 when the result is exact. */
  errorBound: number;
}

/**
 * Wasserstein-1 from bucket counts and offset sums. In every open bucket the signed integral of
 * F_window − F_reference is exact; so is its absolute integral when the difference keeps one sign
 * across the bucket (always so in the outer buckets). Where it may change sign, the absolute integral
 * lies between |signed integral| and an upper bound from the range of the difference; the midpoint is
 * taken and half the spread added to errorBound. Buckets are as narrow as the gaps between reference
 * values, so the bound is small unless the reference is compressed or coarse.
 */
export function wassersteinOfWindow(reference: NumericReference, window: NumericWindowState): WassersteinResult {
  requireValues(window);
  const cuts = reference.cuts;
  const k = cuts.length;
  const rc = reference.counts;
  const ro = reference.offsets;
  const wc = window.counts;
  const wo = window.offsets;
  const n = reference.n;
  const m = window.count;

  const im = 1 / m;
  const inn = 1 / n;
  // Below c_0 and above c_{K−1} one distribution is flat at 0 (resp. 1), so the sign is fixed.
  let value = Math.abs(wo[0] * im - ro[0] * inn) + Math.abs(wo[k] * im - ro[k] * inn);
  let errorBound = 0;
  let fw = (wc[0] + wc[1]) * im;
  let fr = (rc[0] + rc[1]) * inn;
  for (let i = 1; i < k; i++) {
    const b = 2 * i;
    const width = cuts[i] - cuts[i - 1];
    const aw = wc[b];
    const ar = rc[b];
    const signed = width * (fw - fr) + (aw * width - wo[i]) * im - (ar * width - ro[i]) * inn;
    const low = fw - fr - ar * inn;
    const high = fw - fr + aw * im;
    if (low >= 0 || high <= 0) value += Math.abs(signed);
    else {
      const lower = Math.abs(signed);
      const upper = Math.min(width * Math.max(-low, high), signed + 2 * -low * width, -signed + 2 * high * width);
      value += (lower + upper) / 2;
      errorBound += (upper - lower) / 2;
    }
    fw += (aw + wc[b + 1]) * im;
    fr += (ar + rc[b + 1]) * inn;
  }
  return { value, errorBound };
}

/** Minimum scale for normalising Wasserstein, as Evidently does (max(std, 0.001)). */
export const WASSERSTEIN_MIN_SCALE = 0.001;

/** W1 divided by the reference's population standard deviation (at least 0.001). */
export function normalisedWasserstein(reference: NumericReference, window: NumericWindowState): WassersteinResult {
  const scale = Math.max(reference.std, WASSERSTEIN_MIN_SCALE);
  const w = wassersteinOfWindow(reference, window);
  return { value: w.value / scale, errorBound: w.errorBound / scale };
}
