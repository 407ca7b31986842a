import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plainParquetValue } from './parquetValue.ts';

describe('plainParquetValue', () => {
  it('turns safe bigints into numbers and keeps the digits of the others as a string', () => {
    assert.equal(plainParquetValue(42n), 42);
    assert.equal(plainParquetValue(-9007199254740991n), -9007199254740991);
    assert.equal(plainParquetValue(9007199254740993n), '9007199254740993');
  });

  it('turns dates into ms since the epoch', () => {
    assert.equal(plainParquetValue(new Date('2024-05-01T12:00:00.250Z')), Date.UTC(2024, 4, 1, 12, 0, 0, 250));
  });

  it('converts inside lists and structs and leaves other values alone', () => {
    assert.deepEqual(plainParquetValue({ a: [1n, new Date(5)], b: { c: 2n }, d: 'x', e: null, f: true }), { a: [1, 5], b: { c: 2 }, d: 'x', e: null, f: true });
    const bytes = new Uint8Array([1, 2]);
    assert.equal(plainParquetValue(bytes), bytes);
  });
});
