import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFixture, relClose } from '../../../test/fixtures/stats/fixtures.ts';
import { kolmogorovSurvival } from './kolmogorovSurvival.ts';

const fixture = loadFixture<{ x: number; n: number; sf: number }>('kstwo_sf.json');

describe(`kolmogorovSurvival matches scipy ${fixture.versions.scipy} kstwo.sf`, () => {
  const byN = new Map<number, { x: number; sf: number }[]>();
  for (const c of fixture.cases) byN.set(c.n, [...(byN.get(c.n) ?? []), c]);
  for (const [n, cases] of byN) {
    it(`n = ${n}`, () => {
      for (const c of cases) {
        const got = kolmogorovSurvival(c.x, n);
        assert.ok(relClose(got, c.sf, 1e-6), `x = ${c.x}: ${got} vs scipy ${c.sf}`);
      }
    });
  }

  it('is NaN for a size that is not a positive integer (as scipy)', () => {
    assert.ok(Number.isNaN(kolmogorovSurvival(0.5, 0)));
    assert.ok(Number.isNaN(kolmogorovSurvival(0.5, 2.5)));
    assert.ok(Number.isNaN(kolmogorovSurvival(NaN, 3)));
  });
});
