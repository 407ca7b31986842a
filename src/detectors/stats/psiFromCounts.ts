/**
 * Population Stability Index from per-bin counts: shares r_i = ref_i/Σref and c_i = cur_i/Σcur, a zero
 * share replaced by 1e−4 (no renormalisation), PSI = Σ (c_i − r_i)·ln(c_i / r_i). Natural log.
 * Counts must be aligned (same bins, same length), finite, ≥ 0, with a positive total on each side.
 */
import { InvalidSampleError } from './errors.ts';
import { CompensatedSum } from '../common/compensatedSum.ts';
import { validateCounts } from './validateCounts.ts';

const ZERO_SHARE = 1e-4;

export function psiFromCounts(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): number {
  const refTotal = validateCounts(referenceCounts, 'referenceCounts');
  const curTotal = validateCounts(currentCounts, 'currentCounts');
  if (referenceCounts.length !== currentCounts.length) {
    throw new InvalidSampleError(
      'currentCounts',
      `referenceCounts and currentCounts must have one count per bin each, got ${referenceCounts.length} and ${currentCounts.length} bins`,
    );
  }
  const psi = new CompensatedSum();
  for (let i = 0; i < referenceCounts.length; i++) {
    const r = referenceCounts[i] / refTotal || ZERO_SHARE;
    const c = currentCounts[i] / curTotal || ZERO_SHARE;
    psi.add((c - r) * Math.log(c / r));
  }
  return psi.value;
}
