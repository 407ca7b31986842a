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
import { chiSquareFromRows, type ChiSquareTestResult } from './chiSquareFromRows.ts';

export type { ChiSquareTestResult };

export function chiSquareTest(referenceCounts: CategoryCounts, currentCounts: CategoryCounts): ChiSquareTestResult {
  const ref = categoryCounts(referenceCounts, 'referenceCounts');
  const cur = categoryCounts(currentCounts, 'currentCounts');
  const categories = [...new Set([...ref.keys(), ...cur.keys()])];
  return chiSquareFromRows(categories.map((k) => ref.get(k) ?? 0), categories.map((k) => cur.get(k) ?? 0));
}
