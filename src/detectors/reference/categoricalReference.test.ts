import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CategoricalReference, categoryKey } from './categoricalReference.ts';
import { InvalidReferenceError } from './errors.ts';

describe('CategoricalReference', () => {
  it('counts categories (as strings) and missing values', () => {
    const ref = CategoricalReference.fromValues(['b', 'a', 'b', 1, '1', true, null, undefined, NaN]);
    assert.deepEqual(ref.categories, ['1', 'a', 'b', 'true']);
    assert.deepEqual([...ref.counts], [2, 1, 2, 1]);
    assert.equal(ref.n, 6);
    assert.equal(ref.missing, 3);
    assert.equal(ref.indexOf('b'), 2);
    assert.equal(ref.indexOf('zzz'), -1);
    assert.equal(categoryKey(false), 'false');
  });

  it('builds from counts and round-trips through bytes', () => {
    const ref = CategoricalReference.fromCounts({ 'é': 3, x: 10, '': 2, none: 0 }, 4);
    assert.deepEqual(ref.categories, ['', 'x', 'é']);
    const copy = CategoricalReference.fromBytes(ref.toBytes());
    assert.deepEqual(copy.categories, ref.categories);
    assert.deepEqual(copy.counts, ref.counts);
    assert.equal(copy.missing, 4);
    assert.equal(copy.fingerprint, ref.fingerprint);
  });

  it('refuses an empty reference and fractional counts', () => {
    assert.throws(() => CategoricalReference.fromValues([null]), InvalidReferenceError);
    assert.throws(() => CategoricalReference.fromCounts({ a: 1.5 }), InvalidReferenceError);
  });
});
