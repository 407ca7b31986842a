import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidWindowError } from './errors.ts';
import { EventTimeWindowAssigner } from './eventTimeWindows.ts';

const starts = (spans: { start: number }[]) => spans.map((s) => s.start);

describe('EventTimeWindowAssigner', () => {
  it('tumbling windows are aligned to the epoch and [start, end)', () => {
    const a = new EventTimeWindowAssigner({ size: 1000 });
    assert.deepEqual(a.assign(1999).windows, [{ start: 1000, end: 2000 }]);
    assert.deepEqual(a.assign(1000).windows, [{ start: 1000, end: 2000 }]);
    const r = a.assign(2000);
    assert.deepEqual(r.windows, [{ start: 2000, end: 3000 }]);
    assert.deepEqual(r.closed, [{ start: 1000, end: 2000 }]);
  });

  it('hopping windows: an event belongs to size/hop windows', () => {
    const a = new EventTimeWindowAssigner({ size: 60_000, hop: 15_000 });
    assert.deepEqual(starts(a.assign(61_000).windows), [15_000, 30_000, 45_000, 60_000]);
  });

  it('negative event times floor toward −∞', () => {
    const a = new EventTimeWindowAssigner({ size: 10 });
    assert.deepEqual(a.assign(-1).windows, [{ start: -10, end: 0 }]);
  });

  it('allowed lateness keeps a window open until stream time ≥ end + lateness', () => {
    const a = new EventTimeWindowAssigner({ size: 100, allowedLateness: 50 });
    a.assign(10);
    assert.deepEqual(a.assign(149).closed, []);
    const back = a.assign(99);
    assert.deepEqual(starts(back.windows), [0]);
    assert.equal(back.late, false);
    assert.deepEqual(starts(a.assign(150).closed), [0]);
    const late = a.assign(98);
    assert.equal(late.late, true);
    assert.deepEqual(late.windows, []);
    assert.equal(a.lateEvents, 1);
  });

  it('a partly late event goes only to its still-open windows', () => {
    const a = new EventTimeWindowAssigner({ size: 20, hop: 10 });
    a.assign(5); // [-10,10), [0,20)
    const r = a.assign(25); // stream time 25 closes both
    assert.deepEqual(starts(r.closed), [-10, 0]);
    const p = a.assign(15); // windows [0,20) closed, [10,30) open
    assert.deepEqual(starts(p.windows), [10]);
    assert.equal(p.late, false);
  });

  it('closes windows in order, only those that received events, and flushes the rest', () => {
    const a = new EventTimeWindowAssigner({ size: 10 });
    a.assign(5);
    a.assign(25);
    assert.deepEqual(starts(a.assign(1_000).closed), [20]);
    assert.deepEqual(starts(a.advanceTo(1_010)), [1000]);
    a.assign(1_015);
    assert.deepEqual(starts(a.flush()), [1010]);
    assert.deepEqual(a.open(), []);
  });

  it('every event applied once to each of its windows; windows close exactly once', () => {
    const a = new EventTimeWindowAssigner({ size: 40, hop: 10, allowedLateness: 15 });
    const applied = new Map<number, number[]>();
    const closedOnce = new Set<number>();
    let t = 0;
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 2000; i++) {
      t += Math.floor(rand() * 5);
      const time = t - Math.floor(rand() * 30);
      const r = a.assign(time);
      for (const w of r.windows) {
        assert.ok(!closedOnce.has(w.start), 'applied to a closed window');
        assert.ok(w.start <= time && time < w.end);
        applied.set(w.start, [...(applied.get(w.start) ?? []), time]);
      }
      for (const w of r.closed) {
        assert.ok(!closedOnce.has(w.start));
        assert.ok(a.streamTime >= w.end + 15);
        closedOnce.add(w.start);
      }
    }
    for (const w of a.flush()) closedOnce.add(w.start);
    assert.deepEqual([...closedOnce].sort((x, y) => x - y), [...applied.keys()].sort((x, y) => x - y));
  });

  it('round-trips through bytes', () => {
    const a = new EventTimeWindowAssigner({ size: 100, hop: 50, allowedLateness: 20 });
    for (const t of [5, 70, 130, 10, 160, 3]) a.assign(t);
    const b = EventTimeWindowAssigner.fromBytes(a.toBytes());
    assert.equal(b.streamTime, a.streamTime);
    assert.equal(b.lateEvents, a.lateEvents);
    assert.deepEqual(b.open(), a.open());
    assert.deepEqual(b.assign(400), a.assign(400));
    assert.deepEqual(EventTimeWindowAssigner.fromBytes(new EventTimeWindowAssigner({ size: 5 }).toBytes()).streamTime, -Infinity);
  });

  it('rejects bad options and event times', () => {
    assert.throws(() => new EventTimeWindowAssigner({ size: 10, hop: 20 }), InvalidWindowError);
    assert.throws(() => new EventTimeWindowAssigner({ size: 10, allowedLateness: -1 }), InvalidWindowError);
    assert.throws(() => new EventTimeWindowAssigner({ size: 10 }).assign(NaN), InvalidWindowError);
  });
});
