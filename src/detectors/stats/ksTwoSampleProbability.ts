/**
 * The p-value path of scipy.stats.ks_2samp(alternative='two-sided') for an observed D (scipy 1.17):
 * - method 'auto' picks 'exact' when max(n1, n2) ≤ 10000, else 'asymp';
 * - forced 'exact' falls back to 'asymp' when n1/g ≥ (2^31 − 1)/(n2/g) (g = gcd; lcm too big), as
 *   scipy does with a RuntimeWarning;
 * - 'exact' snaps D to the lattice: h = round(D·lcm) (ties to even), D = h/lcm, and the returned
 *   statistic is that snapped D; h = 0 gives p = 1. If the exact probability is not in [0, 1] it falls
 *   back to 'asymp' (with the snapped D);
 * - 'asymp' is kstwo.sf(D, round(n1·n2/(n1+n2))), the one-sample two-sided distribution with the
 *   effective size rounded ties-to-even — for n1 = n2 = 1 that size is 0 and scipy's p-value is NaN,
 *   which is reproduced here.
 * p is clipped to [0, 1] (NaN stays NaN).
 */
import { gcd } from '../common/gcd.ts';
import { kolmogorovSurvival } from './kolmogorovSurvival.ts';
import { ksTwoSampleExact } from './ksTwoSampleExact.ts';
import { roundHalfEven } from './roundHalfEven.ts';

export type KsMethod = 'auto' | 'exact' | 'asymp';

export interface KsProbability {
  statistic: number;
  pValue: number;
  /** The method actually used, after 'auto' and any fallback. */
  method: 'exact' | 'asymp';
}

const MAX_AUTO_N = 10000;
const INT32_MAX = 2147483647;

export function ksTwoSampleProbability(d: number, n1: number, n2: number, method: KsMethod): KsProbability {
  const g = gcd(n1, n2);
  const n1g = n1 / g;
  const n2g = n2 / g;

  let mode: 'exact' | 'asymp';
  if (method === 'auto') mode = Math.max(n1, n2) <= MAX_AUTO_N ? 'exact' : 'asymp';
  else if (method === 'exact' && n1g >= INT32_MAX / n2g) mode = 'asymp';
  else mode = method;

  if (mode === 'exact') {
    const lcm = n1g * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    if (h === 0) return { statistic: d, pValue: 1, method: 'exact' };
    const p = ksTwoSampleExact(n1, n2, h);
    if (p >= 0 && p <= 1) return { statistic: d, pValue: p, method: 'exact' };
  }

  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const effective = roundHalfEven((m * n) / (m + n));
  const p = kolmogorovSurvival(d, effective);
  return { statistic: d, pValue: p < 0 ? 0 : p > 1 ? 1 : p, method: 'asymp' };
}
