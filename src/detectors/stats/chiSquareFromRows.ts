/**
 * The test of chiSquareTest on a 2 × k table given as two aligned rows of counts (column j is the same
 * category in both rows), for callers that hold counts as arrays: window states, PSI bins. Columns empty in
 * both rows are left out, as scipy's table holds only the categories present. The counts are not checked
 * here (chiSquareTest checks what users pass; window states only ever hold finite counts ≥ 0).
 * With `yates`, a test of one degree of freedom (two categories present) has Yates' continuity correction,
 * as scipy.stats.chi2_contingency(correction=True): each |observed − expected| less min(0.5, itself).
 * Throws InvalidSampleError when a row sums to 0.
 */
import { CompensatedSum } from '../common/compensatedSum.ts';
import { chiSquareSurvival } from './chiSquareSurvival.ts';
import { InvalidSampleError } from './errors.ts';

export interface ChiSquareTestResult {
  statistic: number;
  pValue: number;
  dof: number;
}

export function chiSquareFromRows(referenceRow: ArrayLike<number>, currentRow: ArrayLike<number>, options: { yates?: boolean } = {}): ChiSquareTestResult {
  const refTotal = new CompensatedSum();
  const curTotal = new CompensatedSum();
  let columns = 0;
  for (let j = 0; j < referenceRow.length; j++) {
    if (referenceRow[j] + currentRow[j] > 0) columns++;
    refTotal.add(referenceRow[j]);
    curTotal.add(currentRow[j]);
  }
  const r = refTotal.value;
  const c = curTotal.value;
  if (!(r > 0)) throw new InvalidSampleError('referenceCounts', 'referenceCounts is empty: its counts sum to 0');
  if (!(c > 0)) throw new InvalidSampleError('currentCounts', 'currentCounts is empty: its counts sum to 0');
  const dof = columns - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, dof: 0 };
  const total = r + c;
  const corrected = options.yates === true && dof === 1;
  const statistic = new CompensatedSum();
  for (const [row, rowTotal] of [[referenceRow, r], [currentRow, c]] as const) {
    for (let j = 0; j < referenceRow.length; j++) {
      const column = referenceRow[j] + currentRow[j];
      if (column === 0) continue;
      const expected = (rowTotal * column) / total;
      const diff = corrected ? Math.abs(row[j] - expected) - Math.min(0.5, Math.abs(row[j] - expected)) : row[j] - expected;
      statistic.add((diff * diff) / expected);
    }
  }
  const value = statistic.value;
  return { statistic: value, pValue: chiSquareSurvival(value, dof), dof };
}
