import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseConfig } from '../config/loadConfig.ts';
import type { SlopeTrend } from '../detectors/trend/slopeTrend.ts';
import { Adwin } from '../detectors/trend/adwin.ts';
import { Kswin } from '../detectors/trend/kswin.ts';
import { PageHinkley } from '../detectors/trend/pageHinkley.ts';
import { trendTag } from './performanceTrends.ts';
import { trendDetectors } from './trendDetectors.ts';

const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/detectors/river_page_hinkley_defaults.json', import.meta.url), 'utf8')) as {
  versions: { river: string };
  stream: number[];
  steps: { drift: boolean; sumIncrease: number; sumDecrease: number }[];
};

const trendOf = (yaml: string) => parseConfig(`monitors:\n  - model: m\n    window: { type: count, size: 100 }\n    trend:\n${yaml}`, 'c.yaml').monitors[0].trend;

describe('trend detectors from the config', () => {
  it('adwin and kswin are built when on, with the config\'s parameters and the series\' direction unless they name one', () => {
    const trend = trendOf('      adwin: { clock: 1 }\n      kswin: { seed: 7, direction: both }\n');
    const detectors = trendDetectors(trend, { series: 'accuracy', direction: 'decline' });
    const adwin = detectors.find((d) => d instanceof Adwin) as Adwin;
    const kswin = detectors.find((d) => d instanceof Kswin) as Kswin;
    assert.equal(adwin.clock, 1);
    assert.equal(adwin.delta, Adwin.defaults.delta);
    assert.equal(adwin.direction, 'decline');
    assert.equal(kswin.seed, 7);
    assert.equal(kswin.direction, 'both');
    assert.deepEqual(detectors.map(trendTag), ['slope', 'page_hinkley', 'cusum', 'adwin', 'kswin'], 'each saves with its tag on a performance metric');
    assert.equal(trendDetectors(trendOf('      slope: {}\n'), { series: 'accuracy', direction: 'decline' }).some((d) => d instanceof Adwin || d instanceof Kswin), false, 'both off by default');
  });


  it(`pageHinkley: river runs as River ${fixture.versions.river}'s PageHinkley() does, bit for bit, on a series far from [0, 1]`, () => {
    const [, ph] = trendDetectors(trendOf('      pageHinkley: river\n'), { series: 'volume', direction: 'decline' });
    assert.ok(ph instanceof PageHinkley);
    assert.equal(ph.direction, 'both', "River's mode 'both', whatever the series' own direction");
    // River's test statistics from its sums: each sum less its extreme since the last reset.
    let minIncrease = Infinity;
    let maxDecrease = -1;
    fixture.stream.forEach((x, i) => {
      ph.update(x);
      const step = fixture.steps[i];
      minIncrease = Math.min(minIncrease, step.sumIncrease);
      maxDecrease = Math.max(maxDecrease, step.sumDecrease);
      assert.equal(ph.alarm, step.drift, `drift at ${i}`);
      assert.equal(ph.testIncrease, step.sumIncrease - minIncrease, `increase at ${i}`);
      assert.equal(ph.testDecrease, maxDecrease - step.sumDecrease, `decrease at ${i}`);
      if (step.drift) [minIncrease, maxDecrease] = [Infinity, -1];
    });
    assert.ok(fixture.steps.some((s) => s.drift), 'the fixture has a drift to match');
  });

  it('the window preset on the same series alarms on its noise: its thresholds are for [0, 1] metrics, settable per series', () => {
    const firstAlarm = (yaml: string) => {
      const [, ph] = trendDetectors(trendOf(yaml), { series: 'volume', direction: 'both' });
      return fixture.stream.findIndex((x) => (ph.update(x), ph.alarm));
    };
    assert.ok(firstAlarm('      pageHinkley: true\n') < 60, 'the [0, 1] threshold 0.05 fires before the change at 60');
    const scaled = firstAlarm('      pageHinkley: { threshold: 200, delta: 2 }\n');
    assert.ok(scaled >= 60 && scaled <= 63, `scaled to the series, it waits for the change at 60 and catches it within 3 windows: ${scaled}`);
  });

  it('a series entry overrides direction, slope and Page–Hinkley for its series only', () => {
    const trend = trendOf('      slope: { maxChange: 0.1 }\n      series: [{ name: volume, direction: rise, slope: { maxChange: 300 }, pageHinkley: { threshold: 500 } }]\n');
    const entry = trend.series[0];
    const [slope, ph, cusum] = trendDetectors(trend, { series: 'volume', direction: 'both', overrides: entry });
    assert.equal((slope as SlopeTrend).maxChange, 300);
    assert.equal(slope.direction, 'rise');
    assert.equal((ph as PageHinkley).threshold, 500);
    assert.equal(ph.direction, 'rise');
    assert.equal(cusum.direction, 'rise');
    const [plain] = trendDetectors(trend, { series: 'accuracy', direction: 'decline' });
    assert.equal((plain as SlopeTrend).maxChange, 0.1);
    assert.equal(plain.direction, 'decline');
  });
});
