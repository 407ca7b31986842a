/**
 * Two-sided two-sample Kolmogorov–Smirnov test, as
 * scipy.stats.ks_2samp(reference, current, alternative='two-sided', method='auto') (scipy 1.17).
 *
 * D = sup_x |F_ref(x) − F_cur(x)| over the right-continuous ECDFs (ties handled by comparing after all
 * equal values, like searchsorted(side='right')). The p-value follows ksTwoSamplePValue: exact when
 * max(n1, n2) ≤ 10000, else asymptotic; options.method forces 'exact' or 'asymp' (with scipy's fallbacks).
 * Under the exact method the returned statistic is D snapped to the 1/lcm(n1, n2) lattice, as scipy.
 * O((n1 + n2) log(n1 + n2)) for the statistic: each sample is copied to a Float64Array and sorted numerically.
 */
import { ksTwoSampleProbability } from './ksTwoSampleProbability.ts';
import type { KsMethod } from './ksTwoSampleProbability.ts';
import { sortedCopy } from './sortedCopy.ts';
import { validateKsMethod } from './validateKsMethod.ts';

export interface KsTestOptions {
  method?: KsMethod;
}

export interface KsTestResult {
  statistic: number;
  pValue: number;
}

export function ksTest(reference: ArrayLike<number>, current: ArrayLike<number>, options: KsTestOptions = {}): KsTestResult {
  const method = validateKsMethod(options.method ?? 'auto', 'options.method');
  const a = sortedCopy(reference, 'reference');
  const b = sortedCopy(current, 'current');
  const n1 = a.length;
  const n2 = b.length;

  let maxDiff = 0;
  let minDiff = 0;
  let i = 0;
  let j = 0;
  while (i < n1 || j < n2) {
    const x = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
    while (i < n1 && a[i] <= x) i++;
    while (j < n2 && b[j] <= x) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxDiff) maxDiff = diff;
    if (diff < minDiff) minDiff = diff;
  }
  const d = -minDiff > maxDiff ? -minDiff : maxDiff;
  const { statistic, pValue } = ksTwoSampleProbability(d, n1, n2, method);
  return { statistic, pValue };
}
