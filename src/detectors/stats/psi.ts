/**
 * Population Stability Index of current against reference with reference-quantile bins (driftwatch's
 * pinned convention, see README "Statistics, pinned"):
 * - edges = quantileEdges(sorted reference, bins): the distinct reference quantiles at k/bins,
 *   k = 1 … bins−1 (numpy's default linear quantile);
 * - bin i holds x with edges[i−1] < x ≤ edges[i] (right-closed), the outer bins are open: so there are
 *   edges.length + 1 bins;
 * - PSI = psiFromCounts(reference counts, current counts): zero share → 1e−4, natural log.
 * Not Evidently's binning. O((n1 + n2) log n1).
 */
import { lowerBound } from '../common/lowerBound.ts';
import { describeValue } from './describeValue.ts';
import { InvalidArgumentError } from './errors.ts';
import { psiFromCounts } from './psiFromCounts.ts';
import { quantileEdges } from './quantileEdges.ts';
import { sortedCopy } from './sortedCopy.ts';
import { validateSample } from './validateSample.ts';

export interface PsiOptions {
  /** Number of quantile bins before ties merge any (default 10). */
  bins?: number;
}

export interface PsiResult {
  value: number;
  edges: number[];
}

export function psi(reference: ArrayLike<number>, current: ArrayLike<number>, options: PsiOptions = {}): PsiResult {
  const bins = options.bins ?? 10;
  if (!Number.isSafeInteger(bins) || bins < 1) {
    throw new InvalidArgumentError('options.bins', `options.bins must be a positive integer, got ${describeValue(bins)}`, bins);
  }
  const sorted = sortedCopy(reference, 'reference');
  validateSample(current, 'current');
  const edges = quantileEdges(sorted, bins);
  const referenceCounts = new Float64Array(edges.length + 1);
  const currentCounts = new Float64Array(edges.length + 1);
  // The right-closed bin of x is the first edge ≥ x (the last, open bin when none is).
  for (let i = 0; i < sorted.length; i++) referenceCounts[lowerBound(edges, sorted[i])]++;
  for (let i = 0; i < current.length; i++) currentCounts[lowerBound(edges, current[i])]++;
  return { value: psiFromCounts(referenceCounts, currentCounts), edges };
}
