/**
 * Exact two-sided two-sample Kolmogorov–Smirnov tail probability P(D ≥ h / lcm(n1, n2)) under H0, as the
 * exact branch of scipy.stats.ks_2samp(method='exact') computes it (scipy 1.17):
 * - n1 = n2 = n: the reflection formula P = 2·Σ_{k≥1} (−1)^{k−1} C(2n, n−kh) / C(2n, n), evaluated as a
 *   Horner-like nest of ratios (no binomials, no cancellation), O(n) time;
 * - otherwise: Hodges' lattice-path "inside" method with Viehmann's recursion, which propagates the
 *   probability of having already left the band |x/n1 − y/n2| < h/lcm, column by column over a sliding
 *   window: O(n1·band) time, O(band) memory.
 * Both are written from the published algorithms (Hodges 1958; Viehmann 2021, arXiv:2102.08037).
 * The result may be outside [0, 1] or NaN when floating point fails; the caller falls back as scipy does.
 */
import { gcd } from '../common/gcd.ts';

export function ksTwoSampleExact(n1: number, n2: number, h: number): number {
  if (n1 === n2) return outsideSquare(n1, h);
  return outsideBand(n1, n2, gcd(n1, n2), h);
}

/** P(D_{n,n} ≥ h/n) = 2·A0·(1 − A1·(1 − A2·(…))) with A_k = C(2n, n−(k+1)h)/C(2n, n−kh) built from h ratios. */
function outsideSquare(n: number, h: number): number {
  let nested = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    const base = k * h;
    for (let j = 0; j < h; j++) ratio = ((n - base - j) * ratio) / (n + base + j + 1);
    nested = ratio * (1 - nested);
  }
  return 2 * nested;
}

/**
 * Proportion of monotone lattice paths (0,0)→(m,n) that touch |x·ng − y·mg| ≥ h at least once
 * (mg = m/g, ng = n/g). Column x = i holds, for each y in the band, the probability that a uniformly
 * random path reaching (i, y) has already left the band; cells outside the band count as 1.
 */
function outsideBand(n1: number, n2: number, g: number, h: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const mg = m / g;
  const ng = n / g;

  let lo = 0;
  let hi = Math.min(Math.ceil(h / mg), n + 1);
  let width = hi - lo;
  const column = new Float64Array(Math.min(2 * hi + 2, n + 1)).fill(1);
  column.fill(0, lo, hi);

  for (let i = 1; i <= m; i++) {
    const previousLo = lo;
    const previousWidth = width;
    lo = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    hi = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (hi <= lo) return 1;
    const shift = lo - previousLo;
    let below = lo === 0 ? 0 : 1;
    for (let k = 0, j = lo; j < hi; k++, j++) {
      below = (column[k + shift] * i + below * j) / (i + j);
      column[k] = below;
    }
    width = hi - lo;
    if (previousWidth > width) column.fill(1, width, previousWidth);
  }
  return column[hi - lo - 1];
}
