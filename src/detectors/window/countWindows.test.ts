import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CountWindowAssigner } from './countWindows.ts';
import { InvalidWindowError } from './errors.ts';
import type { WindowSpan } from './windowSpan.ts';

describe('CountWindowAssigner', () => {
  it('tumbling: each event in one window, a window closes every size events', () => {
    const a = new CountWindowAssigner({ size: 3 });
    const closed: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = a.assign();
      assert.equal(r.sequence, i);
      assert.deepEqual(r.windows, [{ start: 3 * Math.floor(i / 3), end: 3 * Math.floor(i / 3) + 3 }]);
      for (const w of r.closed) closed.push(w.start);
    }
    assert.deepEqual(closed, [0, 3]);
    assert.deepEqual(a.open(), [{ start: 6, end: 9 }]);
  });

  it('hopping: every event lands in size/hop windows and each window gets exactly size events', () => {
    const a = new CountWindowAssigner({ size: 4, hop: 2 });
    const members = new Map<number, number[]>();
    const closed: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = a.assign();
      for (const w of r.windows) members.set(w.start, [...(members.get(w.start) ?? []), i]);
      for (const w of r.closed) {
        closed.push(w.start);
        assert.deepEqual(members.get(w.start), [w.start, w.start + 1, w.start + 2, w.start + 3]);
      }
    }
    assert.deepEqual(closed, [0, 2, 4, 6, 8]);
    assert.deepEqual(a.open(), [{ start: 10, end: 14 }]);
  });

  it('hop that does not divide size', () => {
    const a = new CountWindowAssigner({ size: 5, hop: 3 });
    const sizes = new Map<number, number>();
    for (let i = 0; i < 30; i++) {
      const r = a.assign();
      for (const w of r.windows) sizes.set(w.start, (sizes.get(w.start) ?? 0) + 1);
      for (const w of r.closed) assert.equal(sizes.get(w.start), 5);
    }
  });

  it('round-trips through bytes mid-stream', () => {
    const a = new CountWindowAssigner({ size: 10, hop: 5 });
    for (let i = 0; i < 13; i++) a.assign();
    const b = CountWindowAssigner.fromBytes(a.toBytes());
    assert.deepEqual(b.assign(), a.assign());
  });

  it('rejects bad sizes', () => {
    assert.throws(() => new CountWindowAssigner({ size: 0 }), InvalidWindowError);
    assert.throws(() => new CountWindowAssigner({ size: 4, hop: 5 }), InvalidWindowError);
    assert.throws(() => new CountWindowAssigner({ size: 4, hop: 1.5 }), InvalidWindowError);
  });

  it('assignMany is assign() for a run of events: same sequence numbers, same closed windows', () => {
    for (const [size, hop] of [[5, 5], [6, 2], [7, 3], [1, 1], [10, 4]]) {
      const one = new CountWindowAssigner({ size, hop });
      const many = new CountWindowAssigner({ size, hop });
      const closedOne: WindowSpan[] = [];
      const closedMany: WindowSpan[] = [];
      let run = 1;
      while (one.next < 60) {
        const n = Math.min(run, many.untilClose());
        const { sequence, closed } = many.assignMany(n);
        for (let k = 0; k < n; k++) {
          const a = one.assign();
          assert.equal(a.sequence, sequence + k);
          closedOne.push(...a.closed);
        }
        if (closed) closedMany.push(closed);
        assert.equal(many.next, one.next);
        run = (run % 4) + 1;
      }
      assert.deepEqual(closedMany, closedOne, `size ${size} hop ${hop}`);
      assert.throws(() => many.assignMany(many.untilClose() + 1), RangeError);
    }
  });
});
