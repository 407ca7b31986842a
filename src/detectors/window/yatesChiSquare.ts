import { chiSquareFromRows } from '../stats/chiSquareFromRows.ts';
import type { ChiSquareResult } from './categoricalStatistics.ts';

/**
 * Chi-square test of homogeneity with Yates' continuity correction, as scipy.stats.chi2_contingency
 * (correction=True): only when the test has one degree of freedom (two categories present); otherwise the plain test.
 */
export function yatesChiSquareFromRows(referenceRow: ArrayLike<number>, currentRow: ArrayLike<number>): ChiSquareResult {
  return chiSquareFromRows(referenceRow, currentRow, { yates: true });
}
