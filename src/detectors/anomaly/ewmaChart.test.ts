import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidOptionError } from '../common/validation.ts';
import { EwmaChart } from './ewmaChart.ts';

const window = { start: 0, end: 1, count: 500 };
const warmup = [9, 11, 9, 11];
const sd = Math.sqrt(4 / 3);

describe('EwmaChart', () => {
  it('follows z_t = λx_t + (1 − λ)z_{t−1} with limits widened for the estimated baseline', () => {
    const chart = new EwmaChart({ warmup: 4, series: 'positive_rate' });
    warmup.forEach((x) => chart.update(x));
    assert.equal(chart.ready, false);
    chart.update(12);
    assert.equal(chart.statistic, 0.2 * 12 + 0.8 * 10);
    const expectedSd = sd * Math.sqrt((0.2 / 1.8) * (1 - 0.8 ** 2) + 1 / 4);
    assert.ok(Math.abs(chart.statisticSd - expectedSd) < 1e-15);
    const [f] = chart.evaluate(window);
    assert.equal(f.severity, 'none');
    assert.equal(f.threshold, 10 + 3 * chart.statisticSd);
  });

  it('keeps alerting while the aggregate stays shifted, critical far outside', () => {
    const chart = new EwmaChart({ warmup: 4, series: 'volume' });
    warmup.forEach((x) => chart.update(x));
    const severities: string[] = [];
    for (let i = 0; i < 8; i++) {
      chart.update(13);
      severities.push(chart.severity);
    }
    assert.deepEqual(severities, ['none', 'none', 'none', 'none', 'none', 'warning', 'warning', 'warning']);
    chart.update(40);
    assert.equal(chart.severity, 'critical');
    assert.match(chart.evaluate(window)[0].summary, /volume EWMA .* is above its upper control limit/);
  });

  it('honours direction', () => {
    const chart = new EwmaChart({ warmup: 4, direction: 'rise' });
    warmup.forEach((x) => chart.update(x));
    for (let i = 0; i < 10; i++) chart.update(0);
    assert.equal(chart.alarm, false);
  });

  it('round-trips through bytes', () => {
    const chart = new EwmaChart({ warmup: 4, lambda: 0.1, feature: 'age' });
    [...warmup, 10.5].forEach((x) => chart.update(x));
    const restored = EwmaChart.fromBytes(chart.toBytes());
    restored.update(11);
    chart.update(11);
    assert.deepEqual(restored.evaluate(window), chart.evaluate(window));
  });

  it('rejects options out of range', () => {
    assert.throws(() => new EwmaChart({ lambda: 0 }), InvalidOptionError);
    assert.throws(() => new EwmaChart({ L: 3, criticalL: 2 }), /criticalL/);
  });
});
