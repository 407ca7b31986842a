import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { yatesChiSquareFromRows } from './yatesChiSquare.ts';

// scipy.stats.chi2_contingency(table, correction=True), scipy 1.x (values printed by the venv of test/fixtures/peers/nannymlRules).
const SCIPY: [number[], number[], number, number, number][] = [
  [[300, 700], [340, 660], 3.494944852941176, 0.06155645834191496, 1],
  [[10, 5], [7, 9], 0.8467743347338933, 0.3574664672997162, 1],
  [[100, 200, 300], [120, 190, 290], 2.244083600015803, 0.3256142761947753, 2],
  [[3, 0], [1, 2], 0.75, 0.3864762307712325, 1],
];

describe("chi-square with Yates' correction equals scipy's chi2_contingency(correction=True)", () => {
  for (const [ref, cur, statistic, pValue, dof] of SCIPY) {
    it(`${JSON.stringify(ref)} vs ${JSON.stringify(cur)}`, () => {
      const got = yatesChiSquareFromRows(ref, cur);
      assert.equal(got.dof, dof);
      assert.ok(Math.abs(got.statistic - statistic) <= 1e-12 * Math.max(1, statistic), `statistic ${got.statistic} vs ${statistic}`);
      assert.ok(Math.abs(got.pValue - pValue) <= 1e-12, `p ${got.pValue} vs ${pValue}`);
    });
  }
});
