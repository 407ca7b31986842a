import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { close, loadFixture } from '../../../test/fixtures/stats/fixtures.ts';
import { InvalidSampleError } from './errors.ts';
import { jensenShannon } from './jensenShannon.ts';

const fixture = loadFixture<{ name: string; p: number[]; q: number[]; distance: number }>('jensenshannon.json');

describe(`jensenShannon matches scipy ${fixture.versions.scipy} spatial.distance.jensenshannon(base=2)`, () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const got = jensenShannon(c.p, c.q);
      assert.ok(close(got, c.distance, 1e-12), `${got} vs scipy ${c.distance}`);
      assert.equal(jensenShannon(Float64Array.from(c.p), Float32Array.from(c.q.map(Math.fround))) >= 0, true);
    });
  }

  it('accepts category tables, a missing category weighing 0', () => {
    const vector = jensenShannon([10, 40, 0], [3, 0, 9]);
    const table = jensenShannon({ a: 10, b: 40 }, new Map([['a', 3], ['c', 9]]) as ReadonlyMap<string, number>);
    assert.ok(Math.abs(vector - table) < 1e-15);
  });

  it('rejects mismatched lengths, negatives, NaN, empty and all-zero inputs', () => {
    for (const call of [
      () => jensenShannon([1, 2], [1, 2, 3]),
      () => jensenShannon([1, -2], [1, 2]),
      () => jensenShannon([1, NaN], [1, 2]),
      () => jensenShannon([1, 2], [Infinity, 2]),
      () => jensenShannon([], []),
      () => jensenShannon([0, 0], [1, 2]),
      () => jensenShannon([1, 2], { a: 1 }),
    ]) {
      assert.throws(call, InvalidSampleError);
    }
  });
});
