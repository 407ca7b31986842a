import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidOptionError, NonFiniteValueError } from '../common/validation.ts';
import { SlopeTrend } from './slopeTrend.ts';

const window = { start: 0, end: 1, count: 2000 };

describe('SlopeTrend', () => {
  it('fits the least-squares slope of the last k values', () => {
    const t = new SlopeTrend({ lookback: 4 });
    [9, 1, 2, 3, 5].forEach((x) => t.update(x));
    // Last four: 1, 2, 3, 5 → slope = Σ(t − 1.5)(y − 2.75) / Σ(t − 1.5)² = 6.5 / 5.
    assert.equal(t.slope, 1.3);
    assert.ok(Math.abs(t.fittedChange - 3.9) < 1e-15);
  });

  it('alerts on a decline of more than 0.05 over 8 windows, critical beyond 0.1', () => {
    const t = new SlopeTrend({ series: 'accuracy' });
    for (let i = 0; i < 8; i++) t.update(0.9 - 0.008 * i);
    assert.equal(t.severity, 'warning');
    const [f] = t.evaluate(window);
    assert.equal(f.metric, 'accuracy_slope_change');
    assert.equal(f.threshold, -0.05);
    assert.match(f.summary, /accuracy fell by 0\.056 over the last 8 windows/);
    for (let i = 0; i < 8; i++) t.update(0.9 - 0.02 * i);
    assert.equal(t.severity, 'critical');
  });

  it('ignores the other direction unless asked', () => {
    const rising = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
    const decline = new SlopeTrend();
    const rise = new SlopeTrend({ direction: 'rise' });
    const both = new SlopeTrend({ direction: 'both' });
    for (const x of rising) [decline, rise, both].forEach((d) => d.update(x));
    assert.deepEqual([decline.alarm, rise.alarm, both.alarm], [false, true, true]);
  });

  it('says nothing until the look-back is full', () => {
    const t = new SlopeTrend();
    t.update(1);
    assert.deepEqual(t.evaluate(window), []);
    assert.ok(Number.isNaN(t.slope));
  });

  it('round-trips through bytes', () => {
    const t = new SlopeTrend({ lookback: 3, maxChange: 0.2, direction: 'rise', series: 'mae', feature: 'prediction.score' });
    [1, 2, 4].forEach((x) => t.update(x));
    const restored = SlopeTrend.fromBytes(t.toBytes());
    assert.deepEqual(restored.evaluate(window), t.evaluate(window));
    restored.update(8);
    t.update(8);
    assert.equal(restored.slope, t.slope);
  });

  it('rejects bad options and non-finite values with named errors', () => {
    assert.throws(() => new SlopeTrend({ lookback: 1 }), InvalidOptionError);
    assert.throws(() => new SlopeTrend({ direction: 'down' as never }), /direction/);
    assert.throws(() => new SlopeTrend().update(Number.NaN), NonFiniteValueError);
  });
});
