import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expected, loadFixture, relClose } from '../../../test/fixtures/stats/fixtures.ts';
import { InvalidArgumentError } from './errors.ts';
import { ksTwoSampleProbability } from './ksTwoSampleProbability.ts';
import { ksTwoSamplePValue } from './ksTwoSamplePValue.ts';

interface Case {
  statistic: number;
  n1: number;
  n2: number;
  method: 'auto' | 'exact' | 'asymp';
  roundedStatistic: number;
  pValue: number | null;
}

const fixture = loadFixture<Case>('ks_pvalue.json');

describe(`ksTwoSamplePValue matches the p-value path of scipy ${fixture.versions.scipy} ks_2samp`, () => {
  const bySizes = new Map<string, Case[]>();
  for (const c of fixture.cases) {
    const key = `n1 = ${c.n1}, n2 = ${c.n2}`;
    bySizes.set(key, [...(bySizes.get(key) ?? []), c]);
  }
  for (const [key, cases] of bySizes) {
    it(key, () => {
      for (const c of cases) {
        const want = expected(c.pValue);
        const p = ksTwoSamplePValue(c.statistic, c.n1, c.n2, c.method);
        assert.ok(relClose(p, want, 1e-6), `D = ${c.statistic}, ${c.method}: ${p} vs scipy ${want}`);
        if (c.n1 * c.n2 < 1e7) assert.equal(ksTwoSamplePValue(c.statistic, c.n2, c.n1, c.method), p, 'symmetric in n1, n2');
        const r = ksTwoSampleProbability(c.statistic, c.n1, c.n2, c.method);
        assert.ok(Math.abs(r.statistic - c.roundedStatistic) <= 1e-12);
      }
    });
  }

  it('defaults to method auto', () => {
    assert.equal(ksTwoSamplePValue(0.1, 300, 200), ksTwoSamplePValue(0.1, 300, 200, 'auto'));
  });

  it('rejects bad arguments with InvalidArgumentError', () => {
    for (const call of [
      () => ksTwoSamplePValue(NaN, 10, 10),
      () => ksTwoSamplePValue(-0.1, 10, 10),
      () => ksTwoSamplePValue(1.5, 10, 10),
      () => ksTwoSamplePValue(0.5, 0, 10),
      () => ksTwoSamplePValue(0.5, 10, 2.5),
      () => ksTwoSamplePValue(0.5, 10, 10, 'approx' as never),
    ]) {
      assert.throws(call, InvalidArgumentError);
    }
  });
});
