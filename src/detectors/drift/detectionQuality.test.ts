import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run } from '../../../bench/detectionQuality.ts';

/**
 * Default settings (reference 10,000 events, tumbling windows of 1,000, DriftDetector defaults), seeded
 * streams: the same figures `npm run bench` reports.
 */
describe('drift detection quality with default settings', () => {
  const result = run({ seeds: [1], stationaryWindows: 1000 }) as {
    stationary: Record<string, { windows: number; falseAlarms: number }>;
    drift: Record<string, { delayWindows: Array<number | null>; falseAlarmsBeforeChange: number }>;
  };

  it('at most 1 false alarm per 1,000 windows per feature on stationary data', () => {
    for (const [feature, s] of Object.entries(result.stationary)) {
      assert.equal(s.windows, 1000);
      assert.ok(s.falseAlarms <= 1, `${feature}: ${s.falseAlarms} false alarms in ${s.windows} windows`);
    }
  });

  it('meaningful shifts are detected within 2 windows of the change point', () => {
    for (const scenario of ["normal: mean +0.5σ", 'normal: std ×1.5', 'lognormal: scale ×1.5', 'poisson_counts: λ 3 → 4', "category_5: share of 'a' 0.40 → 0.55", "category_5: new category 'f' at 15%"]) {
      const d = result.drift[scenario];
      assert.ok(d, scenario);
      assert.equal(d.falseAlarmsBeforeChange, 0, scenario);
      for (const delay of d.delayWindows) assert.ok(delay !== null && delay <= 2, `${scenario}: delay ${delay}`);
    }
  });
});
