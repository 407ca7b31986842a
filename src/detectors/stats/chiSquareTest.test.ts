import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { close, expected, loadFixture, relClose } from '../../../test/fixtures/stats/fixtures.ts';
import { chiSquareTest } from './chiSquareTest.ts';
import { InvalidSampleError } from './errors.ts';

interface Case {
  name: string;
  reference: Record<string, number>;
  current: Record<string, number>;
  statistic: number;
  pValue: number | null;
  dof: number;
}

const fixture = loadFixture<Case>('chi2_contingency.json');

describe(`chiSquareTest matches scipy ${fixture.versions.scipy} chi2_contingency(correction=False)`, () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      for (const r of [
        chiSquareTest(c.reference, c.current),
        chiSquareTest(new Map(Object.entries(c.reference)), new Map(Object.entries(c.current))),
      ]) {
        assert.equal(r.dof, c.dof);
        assert.ok(close(r.statistic, c.statistic, 1e-12), `statistic ${r.statistic} vs scipy ${c.statistic}`);
        const want = expected(c.pValue);
        assert.ok(relClose(r.pValue, want, 1e-6), `p-value ${r.pValue} vs scipy ${want}`);
      }
    });
  }

  it('does not depend on the order of categories beyond rounding', () => {
    const a = chiSquareTest({ x: 3, y: 9, z: 4 }, { z: 8, y: 2, x: 5 });
    const b = chiSquareTest({ z: 4, x: 3, y: 9 }, { x: 5, y: 2, z: 8 });
    assert.ok(Math.abs(a.statistic - b.statistic) < 1e-12);
  });

  it('rejects negative, NaN and infinite counts, naming the category', () => {
    assert.throws(() => chiSquareTest({ a: -1 }, { a: 1 }), (e: unknown) => e instanceof InvalidSampleError && /referenceCounts\["a"\] is -1/.test(e.message));
    assert.throws(() => chiSquareTest({ a: 1 }, { b: NaN }), (e: unknown) => e instanceof InvalidSampleError && /currentCounts\["b"\] is NaN/.test(e.message));
    assert.throws(() => chiSquareTest({ a: Infinity }, { a: 1 }), InvalidSampleError);
  });

  it('rejects an empty sample', () => {
    assert.throws(() => chiSquareTest({}, { a: 1 }), (e: unknown) => e instanceof InvalidSampleError && /referenceCounts is empty/.test(e.message));
    assert.throws(() => chiSquareTest({ a: 2 }, { a: 0 }), (e: unknown) => e instanceof InvalidSampleError && /currentCounts is empty/.test(e.message));
  });
});
