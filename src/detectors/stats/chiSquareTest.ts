/**
 * Chi-square test of homogeneity between two samples of a categorical variable, as
 * scipy.stats.chi2_contingency(table, correction=False) on the 2 × k table whose columns are the
 * categories present (count > 0) in either sample: expected = row total · column total / grand total,
 * statistic = Σ (observed − expected)² / expected, dof = k − 1, p = chiSquareSurvival(statistic, dof).
 * No continuity correction. A single category gives statistic 0, p 1, dof 0 (scipy's degenerate case).
 * Counts may be a plain object or a Map of category → count (non-negative, finite; need not be integers).
 * Throws InvalidSampleError when a count is invalid or a sample's counts sum to 0.
 */
import { categoryCounts } from './categoryCounts.ts';
import type { CategoryCounts } from './categoryCounts.ts';
import { chiSquareSurvival } from './chiSquareSurvival.ts';
import { InvalidSampleError } from './errors.ts';
import { CompensatedSum } from '../common/compensatedSum.ts';

export interface ChiSquareTestResult {
  statistic: number;
  pValue: number;
  dof: number;
}

export function chiSquareTest(referenceCounts: CategoryCounts, currentCounts: CategoryCounts): ChiSquareTestResult {
  const ref = categoryCounts(referenceCounts, 'referenceCounts');
  const cur = categoryCounts(currentCounts, 'currentCounts');
  const categories: string[] = [];
  for (const key of new Set([...ref.keys(), ...cur.keys()])) {
    if ((ref.get(key) ?? 0) + (cur.get(key) ?? 0) > 0) categories.push(key);
  }
  const refRow = categories.map((k) => ref.get(k) ?? 0);
  const curRow = categories.map((k) => cur.get(k) ?? 0);
  const refTotal = sum(refRow);
  const curTotal = sum(curRow);
  if (!(refTotal > 0)) throw new InvalidSampleError('referenceCounts', 'referenceCounts is empty: its counts sum to 0');
  if (!(curTotal > 0)) throw new InvalidSampleError('currentCounts', 'currentCounts is empty: its counts sum to 0');

  const dof = categories.length - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, dof: 0 };
  const total = refTotal + curTotal;
  const statistic = new CompensatedSum();
  for (const [row, rowTotal] of [
    [refRow, refTotal],
    [curRow, curTotal],
  ] as const) {
    for (let j = 0; j < categories.length; j++) {
      const expected = (rowTotal * (refRow[j] + curRow[j])) / total;
      const diff = row[j] - expected;
      statistic.add((diff * diff) / expected);
    }
  }
  const value = statistic.value;
  return { statistic: value, pValue: chiSquareSurvival(value, dof), dof };
}

function sum(values: readonly number[]): number {
  const s = new CompensatedSum();
  for (const v of values) s.add(v);
  return s.value;
}
