import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logGamma } from './logGamma.ts';

describe('logGamma', () => {
  it('matches known values', () => {
    const cases: [number, number][] = [
      [1, 0],
      [2, 0],
      [0.5, 0.5723649429247001], // ln √π (values from Python's math.lgamma)
      [3.5, 1.2009736023470738],
      [10, 12.801827480081467], // ln 9!
      [100, 359.1342053695754],
      [1e-8, 18.42068073818021],
      [12.5, 18.73434751193645],
      [1e6, 12815504.569147611],
    ];
    for (const [a, want] of cases) {
      const got = logGamma(a);
      assert.ok(Math.abs(got - want) <= 1e-14 * Math.max(1, Math.abs(want)), `lgamma(${a}) = ${got}, want ${want}`);
    }
  });

  it('is NaN for a ≤ 0', () => {
    assert.ok(Number.isNaN(logGamma(0)));
    assert.ok(Number.isNaN(logGamma(-1)));
  });
});
