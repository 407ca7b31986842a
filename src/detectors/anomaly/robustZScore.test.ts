import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { median } from 'simple-statistics';
import { RobustZScore } from './robustZScore.ts';

const window = { start: 0, end: 1, count: 500 };

describe('RobustZScore', () => {
  it('scores the new value against the median and 1.4826 × MAD of the previous n', () => {
    const z = new RobustZScore({ history: 5, series: 'latency_p95' });
    [10, 12, 11, 13, 100].forEach((x) => z.update(x));
    assert.equal(z.ready, false);
    z.update(20);
    // median 12, |deviations| 2, 0, 1, 1, 88 → MAD 1 → z = (20 − 12) / 1.4826.
    assert.equal(z.score, 8 / 1.4826);
    assert.equal(z.severity, 'warning');
    const [f] = z.evaluate(window);
    assert.match(f.summary, /latency_p95 20 is above the median 12 of the last 5 windows by 5\.396 robust standard deviations/);
  });

  it('falls back to the mean absolute deviation when MAD is 0', () => {
    const z = new RobustZScore({ history: 5 });
    [5, 5, 5, 6, 9].forEach((x) => z.update(x));
    z.update(7);
    assert.equal(z.score, 2 / ((1.253314 * 5) / 5));
    const flat = new RobustZScore({ history: 3 });
    [1, 1, 1, 1].forEach((x) => flat.update(x));
    assert.equal(flat.score, 0);
    flat.update(0);
    assert.equal(flat.score, -Number.MAX_VALUE);
  });

  it('uses the Iglewicz–Hoaglin threshold 3.5 by default and honours direction', () => {
    const z = new RobustZScore({ history: 5, direction: 'decline' });
    [10, 11, 9, 10, 10].forEach((x) => z.update(x));
    z.update(15);
    assert.equal(z.alarm, false);
    z.update(4);
    // History 11, 9, 10, 10, 15: median 10, MAD 1 → z = −6 / 1.4826 ≈ −4.05.
    assert.equal(z.severity, 'warning');
    z.update(-10);
    assert.equal(z.severity, 'critical');
  });

  it('round-trips through bytes', () => {
    const z = new RobustZScore({ history: 4 });
    [1, 2, 3, 4, 8].forEach((x) => z.update(x));
    const restored = RobustZScore.fromBytes(z.toBytes());
    assert.deepEqual(restored.evaluate(window), z.evaluate(window));
    restored.update(2);
    z.update(2);
    assert.equal(restored.score, z.score);
  });

  it('computes medians of odd and even counts', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });
});
