import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../test/support/random.ts';
import { NumericReference } from '../reference/numericReference.ts';
import { CountWindowAssigner } from './countWindows.ts';
import { EventTimeWindowAssigner } from './eventTimeWindows.ts';
import { NumericWindowState } from './numericWindowState.ts';
import { PaneLayout } from './panes.ts';

const r = seededRandom(3);
const ref = NumericReference.fromValues(Array.from({ length: 500 }, () => Math.round(r.normal() * 20)));

describe('PaneLayout', () => {
  it('pane size is gcd(size, hop); a window is its panes', () => {
    const p = new PaneLayout({ size: 60, hop: 45 });
    assert.equal(p.paneSize, 15);
    assert.deepEqual(p.panesOf({ start: 45, end: 105 }), [45, 60, 75, 90]);
    assert.equal(p.paneOf(59), 45);
    assert.equal(p.paneOf(-1), -15);
  });

  it('count windows: merging panes gives the same state as applying every event to every window', () => {
    const assigner = new CountWindowAssigner({ size: 40, hop: 15 });
    const layout = new PaneLayout({ size: 40, hop: 15 });
    const perWindow = new Map<number, NumericWindowState>();
    const panes = new Map<number, NumericWindowState>();
    let compared = 0;
    for (let i = 0; i < 600; i++) {
      const x = Math.round(r.normal() * 25);
      const a = assigner.assign();
      for (const w of a.windows) {
        if (!perWindow.has(w.start)) perWindow.set(w.start, new NumericWindowState(ref));
        perWindow.get(w.start)!.update(x);
      }
      const p = layout.paneOf(a.sequence);
      if (!panes.has(p)) panes.set(p, new NumericWindowState(ref));
      panes.get(p)!.update(x);
      for (const w of a.closed) {
        const merged = new NumericWindowState(ref);
        for (const start of layout.panesOf(w)) merged.merge(panes.get(start)!);
        assert.deepEqual(merged.counts, perWindow.get(w.start)!.counts);
        assert.equal(merged.count, 40);
        perWindow.delete(w.start);
        for (const start of panes.keys()) if (start < layout.retainFrom(w)) panes.delete(start);
        compared++;
      }
    }
    assert.equal(compared, 38);
    assert.ok(panes.size <= (40 + 15) / layout.paneSize, `${panes.size} panes kept`);
  });

  it('event-time windows with lateness: same states, and no event ever lands in a dropped pane', () => {
    const options = { size: 100, hop: 25, allowedLateness: 30 };
    const assigner = new EventTimeWindowAssigner(options);
    const layout = new PaneLayout(options);
    const perWindow = new Map<number, NumericWindowState>();
    const panes = new Map<number, NumericWindowState>();
    const dropped = new Set<number>();
    let t = 0;
    let compared = 0;
    const check = (w: { start: number; end: number }) => {
      const merged = new NumericWindowState(ref);
      for (const start of layout.panesOf(w)) if (panes.has(start)) merged.merge(panes.get(start)!);
      assert.deepEqual(merged.counts, perWindow.get(w.start)!.counts);
      perWindow.delete(w.start);
      for (const start of [...panes.keys()]) if (start < layout.retainFrom(w)) {
        panes.delete(start);
        dropped.add(start);
      }
      compared++;
    };
    for (let i = 0; i < 3000; i++) {
      t += r.int(4);
      const time = t - r.int(200);
      const x = Math.round(r.normal() * 25);
      const a = assigner.assign(time);
      for (const w of a.windows) {
        if (!perWindow.has(w.start)) perWindow.set(w.start, new NumericWindowState(ref));
        perWindow.get(w.start)!.update(x);
      }
      if (!a.late) {
        const p = layout.paneOf(time);
        assert.ok(!dropped.has(p), `event at ${time} for dropped pane ${p}`);
        if (!panes.has(p)) panes.set(p, new NumericWindowState(ref));
        panes.get(p)!.update(x);
      }
      for (const w of a.closed) check(w);
    }
    for (const w of assigner.flush()) check(w);
    assert.ok(compared > 100);
    assert.ok(assigner.lateEvents > 0);
  });
});
