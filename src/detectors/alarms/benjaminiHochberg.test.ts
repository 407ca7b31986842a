import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { InvalidPValueError, benjaminiHochberg } from './benjaminiHochberg.ts';

interface Case {
  name: string;
  pValues: number[];
  q: number;
  rejected: boolean[];
  adjusted: number[];
}
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/detectors/benjamini_hochberg.json', import.meta.url), 'utf8')) as {
  versions: Record<string, string>;
  cases: Case[];
};

describe('benjaminiHochberg', () => {
  for (const c of fixture.cases) {
    it(`matches statsmodels ${fixture.versions.statsmodels} multipletests(fdr_bh) on "${c.name}"`, () => {
      const result = benjaminiHochberg(c.pValues, c.q);
      assert.deepEqual(result.rejected, c.rejected);
      result.adjusted.forEach((a, i) => assert.ok(Math.abs(a - c.adjusted[i]) <= 1e-12, `adjusted[${i}] ${a} vs ${c.adjusted[i]}`));
    });
  }

  it('handles no tests and rejects invalid p-values', () => {
    assert.deepEqual(benjaminiHochberg([]), { rejected: [], adjusted: [] });
    assert.throws(() => benjaminiHochberg([0.1, Number.NaN]), InvalidPValueError);
    assert.throws(() => benjaminiHochberg([0.1], 0), /q is 0/);
  });
});
