import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../test/support/random.ts';
import { quantileEdges } from '../stats/index.ts';
import { StateDecodeError } from '../common/stateCodec.ts';
import { InvalidReferenceError } from './errors.ts';
import { NumericReference } from './numericReference.ts';

function normals(seed: number, n: number, mean = 0, sd = 1): number[] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => r.normal(mean, sd));
}

describe('NumericReference', () => {
  it('keeps every distinct value as a cut with its count, plus PSI edges', () => {
    const values = [3, 1, 2, 2, 5, 5, 5, 8];
    const ref = NumericReference.fromValues(values, { bins: 4 });
    assert.equal(ref.n, 8);
    assert.equal(ref.min, 1);
    assert.equal(ref.max, 8);
    assert.equal(ref.compressed, false);
    assert.equal(ref.distinctCount, 5);
    const edges = quantileEdges(Float64Array.from(values).sort(), 4);
    assert.deepEqual([...ref.psiEdges], edges);
    for (const v of [1, 2, 3, 5, 8]) assert.ok(ref.cuts.includes(v));
    const countAt = (v: number) => ref.counts[2 * ref.cuts.indexOf(v) + 1];
    assert.deepEqual([1, 2, 3, 5, 8].map(countAt), [1, 2, 1, 3, 1]);
    assert.equal(ref.counts.reduce((a, b) => a + b, 0), 8);
    assert.equal(ref.psiCounts.reduce((a, b) => a + b, 0), 8);
  });

  it('mean and POPULATION standard deviation', () => {
    const ref = NumericReference.fromValues([2, 4, 4, 4, 5, 5, 7, 9]);
    assert.equal(ref.mean, 5);
    assert.equal(ref.std, 2);
  });

  it('counts non-finite values apart and refuses an empty reference', () => {
    const ref = NumericReference.fromValues([1, NaN, null, undefined, Infinity, -Infinity, 2]);
    assert.equal(ref.n, 2);
    assert.equal(ref.nonFinite, 5);
    assert.throws(() => NumericReference.fromValues([NaN, null]), InvalidReferenceError);
    assert.throws(() => NumericReference.fromValues([1], { maxCutPoints: 2 }), InvalidReferenceError);
  });

  it('compresses a reference with many distinct values to at most maxCutPoints (+ PSI edges)', () => {
    const values = normals(1, 20_000);
    const ref = NumericReference.fromValues(values, { maxCutPoints: 500 });
    assert.equal(ref.compressed, true);
    assert.ok(ref.cuts.length <= 500 + ref.psiEdges.length, `${ref.cuts.length} cuts`);
    assert.equal(ref.cuts[0], ref.min);
    assert.equal(ref.cuts[ref.cuts.length - 1], ref.max);
    for (let b = 0; b < ref.counts.length; b += 2) assert.ok(ref.counts[b] < ref.n / 498, `open bucket ${b} holds ${ref.counts[b]}`);
    assert.equal(ref.counts.reduce((a, b) => a + b, 0), 20_000);
  });

  it('round-trips through bytes with the same fingerprint', () => {
    const ref = NumericReference.fromValues(normals(2, 5000).map((v) => Math.round(v * 100) / 100), { maxCutPoints: 100 });
    const copy = NumericReference.fromBytes(ref.toBytes());
    assert.equal(copy.fingerprint, ref.fingerprint);
    assert.deepEqual(copy.cuts, ref.cuts);
    assert.deepEqual(copy.counts, ref.counts);
    assert.deepEqual(copy.offsets, ref.offsets);
    assert.deepEqual(copy.psiCounts, ref.psiCounts);
    assert.equal(copy.std, ref.std);
    assert.equal(copy.compressed, true);
    const other = NumericReference.fromValues([1, 2, 3]);
    assert.notEqual(other.fingerprint, ref.fingerprint);
    assert.throws(() => NumericReference.fromBytes(ref.toBytes().subarray(0, 40)), StateDecodeError);
  });
});
