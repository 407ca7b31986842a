import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFixture, relClose } from '../../../test/fixtures/stats/fixtures.ts';
import { chiSquareSurvival } from './chiSquareSurvival.ts';
import { InvalidArgumentError } from './errors.ts';

const fixture = loadFixture<{ x: number; dof: number; sf: number }>('chi2_sf.json');

describe(`chiSquareSurvival matches scipy ${fixture.versions.scipy} chi2.sf`, () => {
  const byDof = new Map<number, { x: number; sf: number }[]>();
  for (const c of fixture.cases) byDof.set(c.dof, [...(byDof.get(c.dof) ?? []), c]);
  for (const [dof, cases] of byDof) {
    it(`dof = ${dof}`, () => {
      for (const c of cases) {
        const got = chiSquareSurvival(c.x, dof);
        assert.ok(relClose(got, c.sf, 1e-6), `x = ${c.x}: ${got} vs scipy ${c.sf}`);
      }
    });
  }

  it('covers p-values down to 1e-300', () => {
    assert.ok(fixture.cases.some((c) => c.sf > 0 && c.sf < 1e-290));
  });

  it('is 1 at x ≤ 0 and 0 at x = ∞', () => {
    assert.equal(chiSquareSurvival(0, 3), 1);
    assert.equal(chiSquareSurvival(-1, 3), 1);
    assert.equal(chiSquareSurvival(Infinity, 3), 0);
  });

  it('rejects NaN and bad degrees of freedom with InvalidArgumentError', () => {
    assert.throws(() => chiSquareSurvival(NaN, 1), InvalidArgumentError);
    assert.throws(() => chiSquareSurvival(1, 0), InvalidArgumentError);
    assert.throws(() => chiSquareSurvival(1, -2), InvalidArgumentError);
    assert.throws(() => chiSquareSurvival(1, Infinity), InvalidArgumentError);
  });
});
