/**
 * Wasserstein-1 (earth mover's) distance between the empirical distributions of two samples, as
 * scipy.stats.wasserstein_distance(reference, current) with unit weights: ∫ |F_ref(x) − F_cur(x)| dx,
 * the integral of the gap between the two ECDFs, computed exactly over the merged sorted values.
 * O((n1 + n2) log(n1 + n2)); sums are compensated.
 */
import { CompensatedSum } from '../common/compensatedSum.ts';
import { sortedCopy } from './sortedCopy.ts';

export function wasserstein(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const a = sortedCopy(reference, 'reference');
  const b = sortedCopy(current, 'current');
  const n1 = a.length;
  const n2 = b.length;
  const total = new CompensatedSum();
  let i = 0;
  let j = 0;
  let x = Math.min(a[0], b[0]);
  while (i < n1 || j < n2) {
    while (i < n1 && a[i] <= x) i++;
    while (j < n2 && b[j] <= x) j++;
    if (i === n1 && j === n2) break;
    const next = j >= n2 || (i < n1 && a[i] < b[j]) ? a[i] : b[j];
    total.add(Math.abs(i / n1 - j / n2) * (next - x));
    x = next;
  }
  return total.value;
}
