import assert from 'node:assert/strict';
import { it } from 'node:test';
import { StateDecodeError, StateReader, StateWriter, fingerprint, readStateKind } from './stateCodec.ts';

it('round-trips fields, including non-finite doubles and large varints', () => {
  const bytes = new StateWriter('x.test', 3)
    .u8(7).bool(true).uvarint(4_000_000_000).uvarint(Number.MAX_SAFE_INTEGER).uvarint(0)
    .f64(-0).f64s([Number.NaN, Infinity, 1.5]).str('ü').strs(['a', ''])
    .finish();
  const r = new StateReader(bytes, 'x.test', 3);
  assert.equal(r.version, 3);
  assert.equal(r.u8(), 7);
  assert.equal(r.bool(), true);
  assert.equal(r.uvarint(), 4_000_000_000);
  assert.equal(r.uvarint(), Number.MAX_SAFE_INTEGER);
  assert.equal(r.uvarint(), 0);
  assert.ok(Object.is(r.f64(), -0));
  assert.deepEqual(r.f64s(), [Number.NaN, Infinity, 1.5]);
  assert.equal(r.str(), 'ü');
  assert.deepEqual(r.strs(), ['a', '']);
  r.end();
});

it('refuses another kind, another version, truncation and trailing bytes', () => {
  const bytes = new StateWriter('x.test', 1).f64(1).finish();
  assert.throws(() => new StateReader(bytes, 'x.other', 1), /'x.test' v1 but 'x.other' v1 was expected/);
  assert.throws(() => new StateReader(bytes, 'x.test', 2), StateDecodeError);
  assert.throws(() => new StateReader(bytes.slice(0, -1), 'x.test', 1).f64(), /truncated/);
  assert.throws(() => new StateReader(new Uint8Array([1, 2, 3]), 'x.test', 1), /not a driftwatch detector state/);
  const r = new StateReader(bytes, 'x.test', 1);
  assert.throws(() => r.end(), /trailing/);
});

it('reads any of the versions a reader names, and says which it found', () => {
  const v1 = new StateWriter('x.test', 1).finish();
  assert.equal(new StateReader(v1, 'x.test', [1, 2]).version, 1);
  assert.throws(() => new StateReader(new StateWriter('x.test', 3).finish(), 'x.test', [1, 2]), /'x.test' v3 but 'x.test' v1\/2 was expected/);
});

it('refuses values it cannot encode, and malformed varints', () => {
  assert.throws(() => new StateWriter('x.test', 1).uvarint(-1), RangeError);
  assert.throws(() => new StateWriter('x.test', 1).uvarint(1.5), RangeError);
  assert.throws(() => new StateWriter('x.test', 1).u8(256), RangeError);
  const header = new StateWriter('x.test', 1).finish();
  const corrupt = new Uint8Array([...header, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  assert.throws(() => new StateReader(corrupt, 'x.test', 1).uvarint(), StateDecodeError);
});

it('reads from a view into a larger buffer', () => {
  const bytes = new StateWriter('x.test', 1).f64(2.5).finish();
  const padded = new Uint8Array(bytes.length + 7);
  padded.set(bytes, 3);
  const r = new StateReader(padded.subarray(3, 3 + bytes.length), 'x.test', 1);
  assert.equal(r.f64(), 2.5);
  r.end();
});

it('fingerprints bytes with FNV-1a', () => {
  assert.equal(fingerprint(new Uint8Array()), 0x811c9dc5);
  assert.equal(fingerprint(new TextEncoder().encode('a')), 0xe40c292c);
});

it('reads the kind a state names in its header without decoding the rest', () => {
  assert.equal(readStateKind(new StateWriter('trend.cusum', 4).f64(1).finish()), 'trend.cusum');
  assert.equal(readStateKind(new StateWriter('k'.repeat(300), 1).finish()), 'k'.repeat(300));
  assert.throws(() => readStateKind(new Uint8Array([1, 2, 3, 4])), /not a driftwatch detector state/);
  assert.throws(() => readStateKind(new StateWriter('trend.cusum', 1).finish().slice(0, 5)), StateDecodeError);
});
