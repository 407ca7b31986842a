import assert from 'node:assert/strict';
import { it } from 'node:test';
import { StateDecodeError, StateReader, StateWriter } from './stateCodec.ts';

it('round-trips fields, including non-finite doubles', () => {
  const bytes = new StateWriter('x.test', 3).u8(7).bool(true).u32(4_000_000_000).f64(-0).f64s([Number.NaN, Infinity, 1.5]).str('ü').strs(['a', '']).finish();
  const r = new StateReader(bytes, 'x.test', 3);
  assert.equal(r.u8(), 7);
  assert.equal(r.bool(), true);
  assert.equal(r.u32(), 4_000_000_000);
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
