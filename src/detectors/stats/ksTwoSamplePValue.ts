/**
 * Two-sided p-value of the two-sample Kolmogorov–Smirnov statistic D for sample sizes n1 and n2, exactly
 * as scipy.stats.ks_2samp(alternative='two-sided', method=method) computes it from the same D (scipy 1.17):
 * exact null distribution when max(n1, n2) ≤ 10000 under 'auto' (and whenever 'exact' is forced and the
 * lattice is small enough), otherwise kstwo.sf(D, round(n1·n2/(n1+n2))). Fallbacks and edge cases as
 * described in ksTwoSampleProbability.ts (notably: n1 = n2 = 1 with 'asymp' gives NaN, as scipy).
 *
 * D must be the exact ECDF difference |i/n1 − j/n2| (any value in [0, 1] is accepted; under 'exact' it is
 * snapped to the nearest multiple of 1/lcm(n1, n2)).
 */
import { describeValue } from './describeValue.ts';
import { InvalidArgumentError } from './errors.ts';
import { ksTwoSampleProbability } from './ksTwoSampleProbability.ts';
import type { KsMethod } from './ksTwoSampleProbability.ts';
import { validateKsMethod } from './validateKsMethod.ts';

export function ksTwoSamplePValue(statistic: number, n1: number, n2: number, method: KsMethod = 'auto'): number {
  if (typeof statistic !== 'number' || !(statistic >= 0 && statistic <= 1)) {
    throw new InvalidArgumentError('statistic', `statistic must be a number in [0, 1], got ${describeValue(statistic)}`, statistic);
  }
  checkSize(n1, 'n1');
  checkSize(n2, 'n2');
  return ksTwoSampleProbability(statistic, n1, n2, validateKsMethod(method, 'method')).pValue;
}

function checkSize(n: number, argument: string): void {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError(argument, `${argument} must be a positive integer sample size, got ${describeValue(n)}`, n);
  }
}
