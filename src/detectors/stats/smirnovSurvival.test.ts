import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFixture, relClose } from '../../../test/fixtures/stats/fixtures.ts';
import { smirnovSurvival } from './smirnovSurvival.ts';

const fixture = loadFixture<{ x: number; n: number; sf: number }>('smirnov.json');

describe(`smirnovSurvival matches scipy ${fixture.versions.scipy} special.smirnov`, () => {
  const byN = new Map<number, { x: number; sf: number }[]>();
  for (const c of fixture.cases) byN.set(c.n, [...(byN.get(c.n) ?? []), c]);
  for (const [n, cases] of byN) {
    it(`n = ${n}`, () => {
      for (const c of cases) {
        const got = smirnovSurvival(n, c.x);
        assert.ok(relClose(got, c.sf, 1e-6), `x = ${c.x}: ${got} vs scipy ${c.sf}`);
      }
    });
  }

  it('is NaN outside its domain', () => {
    assert.ok(Number.isNaN(smirnovSurvival(0, 0.5)));
    assert.ok(Number.isNaN(smirnovSurvival(5, 1.5)));
    assert.ok(Number.isNaN(smirnovSurvival(5, -0.1)));
  });
});
