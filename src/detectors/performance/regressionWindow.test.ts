import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { InvalidPairError } from './labels.ts';
import { RegressionWindow } from './regressionWindow.ts';

interface Case {
  name: string;
  yTrue: number[];
  yPred: number[];
  expected: { mae: number; rmse: number; mape: number };
}
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/detectors/performance_regression.json', import.meta.url), 'utf8')) as {
  versions: Record<string, string>;
  cases: Case[];
};

function close(actual: number, expected: number, message: string): void {
  const tolerance = Math.max(1e-12, 1e-9 * Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tolerance, `${message}: ${actual} vs sklearn ${expected}`);
}

describe('RegressionWindow', () => {
  for (const c of fixture.cases) {
    it(`matches sklearn ${fixture.versions['scikit-learn']} on "${c.name}"`, () => {
      const w = new RegressionWindow();
      c.yTrue.forEach((y, i) => w.update(c.yPred[i], y));
      const m = w.metrics();
      for (const key of ['mae', 'rmse', 'mape'] as const) close(m[key], c.expected[key], key);
    });
  }

  it('merges and round-trips through bytes', () => {
    const c = fixture.cases[0];
    const parts = [new RegressionWindow(), new RegressionWindow(), new RegressionWindow()];
    c.yTrue.forEach((y, i) => parts[i % 3].update(c.yPred[i], y));
    const merged = RegressionWindow.fromBytes(parts[0].toBytes());
    merged.merge(RegressionWindow.fromBytes(parts[1].toBytes()));
    merged.merge(parts[2]);
    const m = merged.metrics();
    assert.equal(m.count, c.yTrue.length);
    for (const key of ['mae', 'rmse', 'mape'] as const) close(m[key], c.expected[key], key);
  });

  it('rejects non-finite pairs', () => {
    assert.throws(() => new RegressionWindow().update(Number.NaN, 1), InvalidPairError);
  });

  it('alerts when MAE rises above its bound', () => {
    const w = new RegressionWindow();
    for (let i = 0; i < 100; i++) w.update(10, i % 2 === 0 ? 4 : 16);
    const [f] = w.evaluate({ start: 0, end: 1, count: 100 }, { metrics: { mae: { warning: 3, critical: 5 } } });
    assert.equal(f.severity, 'critical');
    assert.equal(f.threshold, 5);
  });
});
