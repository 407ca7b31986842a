import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { EwmaChart } from '../detectors/anomaly/ewmaChart.ts';
import { RobustZScore } from '../detectors/anomaly/robustZScore.ts';
import { DRIFT_DETECTOR_DEFAULTS } from '../detectors/drift/detector.ts';
import { NUMERIC_REFERENCE_DEFAULTS } from '../detectors/reference/numericReference.ts';
import { Adwin } from '../detectors/trend/adwin.ts';
import { Cusum } from '../detectors/trend/cusum.ts';
import { Kswin } from '../detectors/trend/kswin.ts';
import { PageHinkley } from '../detectors/trend/pageHinkley.ts';
import { SlopeTrend } from '../detectors/trend/slopeTrend.ts';
import { ConfigError } from './configError.ts';
import { parseConfig } from './loadConfig.ts';

const head = 'monitors:\n  - model: m\n    window: { type: count, size: 100 }\n';
const monitor = (yaml = '') => parseConfig(head + yaml, 'c.yaml').monitors[0];

function rejects(yaml: string, ...expected: RegExp[]): void {
  assert.throws(() => parseConfig(head + yaml, 'bad.yaml'), (error: unknown) => {
    assert.ok(error instanceof ConfigError, String(error));
    for (const pattern of expected) assert.match(error.message, pattern);
    return true;
  });
}

const river = JSON.parse(readFileSync(new URL('../../test/fixtures/detectors/river_page_hinkley_defaults.json', import.meta.url), 'utf8')) as {
  defaults: { min_instances: number; delta: number; threshold: number; alpha: number; mode: string };
};

describe('detector parameters in YAML', () => {
  it('absent, each is the detector\'s own default', () => {
    const m = monitor();
    assert.equal(m.drift.significanceLevel, DRIFT_DETECTOR_DEFAULTS.significanceLevel);
    assert.equal(m.drift.ksMethod, DRIFT_DETECTOR_DEFAULTS.ksMethod);
    assert.equal(m.drift.psiBins, NUMERIC_REFERENCE_DEFAULTS.bins);
    assert.equal(m.drift.exactKs, NUMERIC_REFERENCE_DEFAULTS.exactKs);
    assert.equal(m.drift.maxCutPoints, NUMERIC_REFERENCE_DEFAULTS.maxCutPoints);
    assert.deepEqual(m.trend.slope, { lookback: SlopeTrend.defaults.lookback, maxChange: SlopeTrend.defaults.maxChange });
    const { minInstances, delta, threshold, alpha } = PageHinkley.defaults;
    assert.deepEqual(m.trend.pageHinkley, { minInstances, delta, threshold, alpha });
    assert.deepEqual(m.trend.cusum, { warmup: Cusum.defaults.warmup, k: Cusum.defaults.k, h: Cusum.defaults.h });
    const { lambda, L, criticalL, warmup } = EwmaChart.defaults;
    assert.deepEqual(m.anomaly.ewma, { lambda, L, criticalL, warmup });
    const r = RobustZScore.defaults;
    assert.deepEqual(m.anomaly.robustZ, { history: r.history, threshold: r.threshold, criticalThreshold: r.criticalThreshold });
    assert.deepEqual(m.trend.series, []);
    assert.deepEqual(m.anomaly.series, []);
  });

  it('each can be set', () => {
    const m = monitor([
      '    drift: { significanceLevel: null, ksMethod: exact, psiBins: 20, exactKs: false, maxCutPoints: 400 }',
      '    trend:',
      '      slope: { lookback: 12, maxChange: 250 }',
      '      pageHinkley: { threshold: 400, delta: 5, direction: both }',
      '      cusum: { warmup: 30, k: 1, h: 8 }',
      '      series: [volume, { name: "drift:age:psi", slope: { maxChange: 0.02 }, pageHinkley: { threshold: 0.1 } }]',
      '    anomaly:',
      '      method: robust_z',
      '      series: [quality_score]',
      '      ewma: { lambda: 0.1, L: 2.5, criticalL: 5, warmup: 40 }',
      '      robustZ: { history: 50, threshold: 4, criticalThreshold: 8 }',
      '',
    ].join('\n'));
    assert.equal(m.drift.significanceLevel, null);
    assert.equal(m.drift.ksMethod, 'exact');
    assert.equal(m.drift.psiBins, 20);
    assert.equal(m.drift.exactKs, false);
    assert.equal(m.drift.maxCutPoints, 400);
    assert.deepEqual(m.trend.slope, { lookback: 12, maxChange: 250 });
    assert.deepEqual(m.trend.pageHinkley, { ...monitor().trend.pageHinkley, threshold: 400, delta: 5, direction: 'both' });
    assert.deepEqual(m.trend.cusum, { warmup: 30, k: 1, h: 8 });
    assert.deepEqual(m.trend.series, [{ name: 'volume' }, { name: 'drift:age:psi', slope: { maxChange: 0.02 }, pageHinkley: { threshold: 0.1 } }]);
    assert.deepEqual(m.anomaly.ewma, { lambda: 0.1, L: 2.5, criticalL: 5, warmup: 40 });
    assert.deepEqual(m.anomaly.robustZ, { history: 50, threshold: 4, criticalThreshold: 8 });
    assert.deepEqual(m.anomaly.series, ['quality_score']);
  });

  it('false turns Page–Hinkley and CUSUM off', () => {
    const m = monitor('    trend: { pageHinkley: false, cusum: false }\n');
    assert.equal(m.trend.pageHinkley, false);
    assert.equal(m.trend.cusum, false);
  });

  it("trend.adwin is off by default; true is River's ADWIN defaults (Adwin.defaults); an object overrides them", () => {
    assert.equal(monitor().trend.adwin, false);
    const { delta, clock, maxBuckets, minWindowLength, gracePeriod } = Adwin.defaults;
    assert.deepEqual(monitor('    trend: { adwin: true }\n').trend.adwin, { delta, clock, maxBuckets, minWindowLength, gracePeriod });
    assert.deepEqual({ delta, clock, maxBuckets, minWindowLength, gracePeriod }, { delta: 0.002, clock: 32, maxBuckets: 5, minWindowLength: 5, gracePeriod: 10 });
    assert.deepEqual(monitor('    trend: { adwin: { clock: 1, direction: rise } }\n').trend.adwin, { delta, clock: 1, maxBuckets, minWindowLength, gracePeriod, direction: 'rise' });
    rejects('    trend:\n      adwin: { delta: 1 }\n', /bad\.yaml:5:\d+: monitors\[0\]\.trend\.adwin/);
    rejects('    trend:\n      adwin: { clock: 0 }\n', /bad\.yaml:5:\d+: monitors\[0\]\.trend\.adwin/);
    rejects('    trend:\n      adwin: { gracePeriod: 1.5 }\n', /bad\.yaml:5:\d+: monitors\[0\]\.trend\.adwin/);
    rejects('    trend:\n      adwin: { maxBucket: 3 }\n', /bad\.yaml:5:\d+: monitors\[0\]\.trend\.adwin/);
  });

  it("trend.kswin is off by default; true is River's KSWIN defaults with seed 42 (Kswin.defaults); an object overrides them", () => {
    assert.equal(monitor().trend.kswin, false);
    assert.deepEqual(monitor('    trend: { kswin: true }\n').trend.kswin, { alpha: 0.005, windowSize: 100, statSize: 30, seed: 42 });
    assert.equal(Kswin.defaults.seed, 42);
    assert.deepEqual(monitor('    trend: { kswin: { windowSize: 40, statSize: 10, seed: 7, direction: decline } }\n').trend.kswin, { alpha: 0.005, windowSize: 40, statSize: 10, seed: 7, direction: 'decline' });
    rejects('    trend:\n      kswin: { windowSize: 50 }\n', /bad\.yaml:5:\d+: monitors\[0\]\.trend\.kswin: windowSize must be at least twice statSize/);
    rejects('    trend:\n      kswin: { seed: -1 }\n', /bad\.yaml:5:\d+: monitors\[0\]\.trend\.kswin/);
    rejects('    trend:\n      kswin: { alpha: 2 }\n', /bad\.yaml:5:\d+: monitors\[0\]\.trend\.kswin/);
  });

  it("pageHinkley: river is River's PageHinkley defaults, as its constructor states them (committed fixture)", () => {
    const d = river.defaults;
    assert.deepEqual(monitor('    trend: { pageHinkley: river }\n').trend.pageHinkley, {
      minInstances: d.min_instances, delta: d.delta, threshold: d.threshold, alpha: d.alpha, direction: ({ both: 'both', up: 'rise', down: 'decline' } as const)[d.mode as 'both'],
    });
    assert.deepEqual(monitor('    trend: { pageHinkley: { preset: river, threshold: 20 } }\n').trend.pageHinkley, {
      minInstances: d.min_instances, delta: d.delta, threshold: 20, alpha: d.alpha, direction: 'both',
    });
  });

  it('a bad value names the file, line and key', () => {
    rejects('    drift: { significanceLevel: 1.5 }\n', /bad\.yaml:4:\d+: monitors\[0\]\.drift\.significanceLevel: Too big/);
    rejects('    drift:\n      ksMethod: fast\n', /bad\.yaml:5:\d+: monitors\[0\]\.drift\.ksMethod: Invalid option: expected one of "asymp"\|"exact"\|"auto"/);
    rejects('    drift: { psiBins: 1 }\n', /bad\.yaml:4:\d+: monitors\[0\]\.drift\.psiBins: Too small/);
    rejects('    drift:\n      exactKs: sometimes\n', /bad\.yaml:5:\d+: monitors\[0\]\.drift\.exactKs: Invalid input: expected boolean/);
    rejects('    drift:\n      maxCutPoints: 3\n', /bad\.yaml:5:\d+: monitors\[0\]\.drift\.maxCutPoints: Too small: expected number to be >=4/);
    rejects('    drift:\n      maxCutPoints: 100001\n', /bad\.yaml:5:\d+: monitors\[0\]\.drift\.maxCutPoints: Too big: expected number to be <=100000/);
    rejects('    drift:\n      maxCutPoints: 12.5\n', /bad\.yaml:5:\d+: monitors\[0\]\.drift\.maxCutPoints: Invalid input: expected int/);
    rejects('    trend:\n      pageHinkley: { alpha: 0 }\n', /bad\.yaml:5:\d+: monitors\[0\]\.trend\.pageHinkley/);
    rejects('    trend:\n      pageHinkley: { treshold: 3 }\n', /bad\.yaml:5:\d+: monitors\[0\]\.trend\.pageHinkley/);
    rejects('    trend:\n      pageHinkley: pypi\n', /bad\.yaml:5:\d+: monitors\[0\]\.trend\.pageHinkley/);
    rejects('    trend:\n      cusum: { h: -1 }\n', /bad\.yaml:5:\d+: monitors\[0\]\.trend\.cusum/);
    rejects('    trend:\n      slope: { lookback: 2 }\n', /bad\.yaml:5:\d+: monitors\[0\]\.trend\.slope\.lookback: Too small/);
    rejects('    trend:\n      series: [volume, volume]\n', /bad\.yaml:5:\d+: monitors\[0\]\.trend\.series: series 'volume' is listed twice/);
    rejects('    trend:\n      series: [{ name: volume, slope: { maxChang: 3 } }]\n', /bad\.yaml:5:\d+: monitors\[0\]\.trend\.series\[0\]/);
    rejects('    anomaly:\n      ewma: { L: 3, criticalL: 2 }\n', /bad\.yaml:5:\d+: monitors\[0\]\.anomaly\.ewma\.criticalL: criticalL must be at least L/);
    rejects('    anomaly:\n      robustZ: { history: 2 }\n', /bad\.yaml:5:\d+: monitors\[0\]\.anomaly\.robustZ\.history: Too small/);
  });
});
