import { CompensatedSum } from '../common/compensatedSum.ts';
import { chiSquareFromRows } from '../stats/chiSquareFromRows.ts';
import { chiSquareSurvival } from '../stats/chiSquareSurvival.ts';
import type { ChiSquareResult } from './categoricalStatistics.ts';

/**
 * Chi-square test of homogeneity with Yates' continuity correction, as scipy.stats.chi2_contingency
 * (correction=True): only when the test has one degree of freedom (two categories present), each
 * |observed − expected| is reduced by min(0.5, |observed − expected|); otherwise the plain test.
 */
export function yatesChiSquareFromRows(referenceRow: ArrayLike<number>, currentRow: ArrayLike<number>): ChiSquareResult {
  const plain = chiSquareFromRows(referenceRow, currentRow);
  if (plain.dof !== 1) return plain;
  let r = 0;
  let c = 0;
  for (let j = 0; j < referenceRow.length; j++) { r += referenceRow[j]; c += currentRow[j]; }
  const total = r + c;
  const statistic = new CompensatedSum();
  for (const [row, rowTotal] of [[referenceRow, r], [currentRow, c]] as const) {
    for (let j = 0; j < referenceRow.length; j++) {
      const column = referenceRow[j] + currentRow[j];
      if (column === 0) continue;
      const expected = (rowTotal * column) / total;
      const diff = Math.abs(row[j] - expected);
      const corrected = diff - Math.min(0.5, diff);
      statistic.add((corrected * corrected) / expected);
    }
  }
  const value = statistic.value;
  return { statistic: value, pValue: chiSquareSurvival(value, 1), dof: 1 };
}
