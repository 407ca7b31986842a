import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../test/support/random.ts';
import { CutIndex, bucketOf } from './buckets.ts';

function plainLowerBound(cuts: Float64Array, x: number): number {
  let i = 0;
  while (i < cuts.length && cuts[i] < x) i++;
  return i;
}

describe('CutIndex', () => {
  const r = seededRandom(8);
  const cases: Array<[string, Float64Array]> = [
    ['one cut', Float64Array.of(3)],
    ['two cuts', Float64Array.of(-1, 1)],
    ['skewed', Float64Array.from(new Set(Array.from({ length: 3000 }, () => Math.exp(r.normal(0, 3))))).sort()],
    ['huge range', Float64Array.of(-1.7e308, -1, 0, 5e-324, 1, 1.7e308)],
    ['tiny range', Float64Array.of(1, 1 + 2 ** -52, 1 + 2 ** -51)],
  ];
  for (const [name, cuts] of cases) {
    it(`finds the first cut ≥ x like a plain scan: ${name}`, () => {
      const index = new CutIndex(cuts);
      const probes = [...cuts, ...Array.from(cuts, (c) => c * (1 + 1e-12) + 1e-300), -Infinity, Infinity, 0, -0, 1e-300];
      for (let i = 0; i < 2000; i++) probes.push(cuts[r.int(cuts.length)] + r.normal() * Math.abs(cuts[0] - cuts[cuts.length - 1]) * 0.1);
      for (const x of probes) {
        if (Number.isNaN(x)) continue;
        assert.equal(index.lowerBound(x), plainLowerBound(cuts, x), `x = ${x}`);
      }
    });
  }

  it('bucketOf: cut buckets are odd, open buckets even', () => {
    const cuts = Float64Array.of(1, 2);
    assert.deepEqual([0, 1, 1.5, 2, 3].map((x) => bucketOf(cuts, x)), [0, 1, 2, 3, 4]);
  });
});
