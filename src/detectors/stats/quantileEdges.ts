/**
 * PSI bin edges: the DISTINCT values among the quantiles of the reference at k/bins, k = 1 … bins−1,
 * with numpy's default quantile (method='linear', Hyndman & Fan type 7: position (n−1)·q, linear
 * interpolation between neighbours, evaluated as numpy's _lerp does), i.e.
 * np.unique(np.quantile(reference, np.arange(1, bins) / bins)). Ascending; at most bins − 1 edges (fewer
 * when ties make quantiles coincide). sortedReference must be sorted ascending (checked).
 *
 * Our own code, not simple-statistics' quantileSorted: that one takes the order statistic at ⌈n·q⌉ (averaging
 * two neighbours when n·q is whole), not numpy's interpolation, so its edges would differ from numpy's and
 * PSI would no longer match the fixtures generated with numpy.
 */
import { describeValue } from './describeValue.ts';
import { InvalidArgumentError, InvalidSampleError } from './errors.ts';
import { validateSample } from './validateSample.ts';

export function quantileEdges(sortedReference: ArrayLike<number>, bins: number): number[] {
  validateSample(sortedReference, 'sortedReference');
  if (!Number.isSafeInteger(bins) || bins < 1) {
    throw new InvalidArgumentError('bins', `bins must be a positive integer, got ${describeValue(bins)}`, bins);
  }
  const a = sortedReference;
  const n = a.length;
  for (let i = 1; i < n; i++) {
    if (a[i] < a[i - 1]) {
      throw new InvalidSampleError(
        'sortedReference',
        `sortedReference must be sorted ascending, but sortedReference[${i}] = ${describeValue(a[i])} < sortedReference[${i - 1}] = ${describeValue(a[i - 1])}`,
        i,
        a[i],
      );
    }
  }
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const position = (n - 1) * (k / bins);
    let value: number;
    if (position >= n - 1) {
      value = a[n - 1];
    } else {
      const lo = Math.floor(position);
      const t = position - lo;
      const below = a[lo];
      const above = a[lo + 1];
      const diff = above - below;
      value = t >= 0.5 ? above - diff * (1 - t) : below + diff * t;
    }
    if (edges.length === 0 || value !== edges[edges.length - 1]) edges.push(value);
  }
  return edges;
}
