import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cusum } from './cusum.ts';

const window = { start: 0, end: 1, count: 2000 };
// Mean 10; Σ(x − 10)² = 8 over n − 1 = 7, so σ̂ = √(8/7).
const warmup = [9, 11, 9, 11, 9, 11, 9, 11];
const sd = Math.sqrt(8 / 7);

describe('Cusum', () => {
  it('standardises against the warm-up and accumulates the tabular sums', () => {
    const c = new Cusum({ warmup: 8, k: 0.5, h: 3, direction: 'both' });
    warmup.forEach((x) => c.update(x));
    assert.equal(c.baselineMean, 10);
    assert.equal(c.baselineSd, sd);
    c.update(10 - 2 * sd);
    assert.deepEqual(c.sums, { upper: 0, lower: 1.5 });
    c.update(10 - 2 * sd);
    assert.ok(Math.abs(c.sums.lower - 3) < 1e-12);
    assert.equal(c.alarm, false);
    c.update(10 - sd);
    assert.ok(c.alarm);
    const [f] = c.evaluate(window);
    assert.equal(f.severity, 'warning');
    assert.match(f.summary, /has shifted below its baseline 10/);
  });

  it('starts a new warm-up after a signal', () => {
    const c = new Cusum({ warmup: 8, h: 1 });
    warmup.forEach((x) => c.update(x));
    c.update(0);
    assert.ok(c.alarm);
    c.update(5);
    assert.equal(c.ready, false);
    assert.deepEqual(c.evaluate(window), []);
  });

  it('only signals in its direction by default (decline)', () => {
    const c = new Cusum({ warmup: 8 });
    warmup.forEach((x) => c.update(x));
    for (let i = 0; i < 20; i++) c.update(20);
    assert.equal(c.alarm, false);
    assert.ok(c.sums.upper > 50);
  });

  it('round-trips through bytes mid-warm-up and mid-run', () => {
    const a = new Cusum({ warmup: 8, series: 'f1' });
    const b = new Cusum({ warmup: 8, series: 'f1' });
    let restored = Cusum.fromBytes(b.toBytes());
    [...warmup, 9.5, 9, 8.7].forEach((x, i) => {
      a.update(x);
      restored.update(x);
      if (i === 4 || i === 9) restored = Cusum.fromBytes(restored.toBytes());
    });
    assert.deepEqual(restored.sums, a.sums);
    assert.deepEqual(restored.evaluate(window), a.evaluate(window));
  });
});
