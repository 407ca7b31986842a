import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { falseAlarms, stationarySeries, windowAccuracy } from '../../../bench/trendQuality.ts';
import { seededRandom } from '../../../test/support/random.ts';
import { EwmaChart } from '../anomaly/ewmaChart.ts';
import { RobustZScore } from '../anomaly/robustZScore.ts';
import type { TrendDirection } from '../common/series.ts';
import { readStateKind, StateDecodeError, StateWriter } from '../common/stateCodec.ts';
import type { WindowBounds } from '../finding.ts';
import { Adwin } from '../trend/adwin.ts';
import { Cusum } from '../trend/cusum.ts';
import { Kswin } from '../trend/kswin.ts';
import { PageHinkley } from '../trend/pageHinkley.ts';
import { SlopeTrend } from '../trend/slopeTrend.ts';
import { restoreSeriesDetector, SERIES_DETECTORS } from './restoreSeriesDetector.ts';
import type { SeriesDetector } from './seriesDetector.ts';

// One contract, run against every series detector with its default settings (as River runs one test
// suite over all of its drift detectors).
interface Implementation {
  kind: string;
  make: (direction: TrendDirection) => SeriesDetector;
  fromBytes: (bytes: Uint8Array) => SeriesDetector;
  /** Values it takes silently before its first finding. */
  warmup: number;
  /**
   * Whether a 0.1 step after 40 windows must alarm within 3 windows (default true). ADWIN's cut bound
   * assumes values in [0, 1] (its 2/3·δ'·m term alone exceeds 0.1 with 40 windows of history), so it
   * cannot; KSWIN needs most of its newest statSize values past the step. riverPeers.test.ts checks both
   * on River's series.
   */
  stepTests?: boolean;
}

const IMPLEMENTATIONS: Implementation[] = [
  { kind: 'trend.slope', make: (direction) => new SlopeTrend({ direction, series: 'accuracy' }), fromBytes: SlopeTrend.fromBytes, warmup: SlopeTrend.defaults.lookback - 1 },
  { kind: 'trend.page_hinkley', make: (direction) => new PageHinkley({ direction, series: 'accuracy' }), fromBytes: PageHinkley.fromBytes, warmup: PageHinkley.defaults.minInstances - 1 },
  { kind: 'trend.cusum', make: (direction) => new Cusum({ direction, series: 'accuracy' }), fromBytes: Cusum.fromBytes, warmup: Cusum.defaults.warmup - 1 },
  // Clock 1 checks every window (River's 32 is for raw streams).
  { kind: 'trend.adwin', make: (direction) => new Adwin({ direction, series: 'accuracy', clock: 1 }), fromBytes: Adwin.fromBytes, warmup: Adwin.defaults.gracePeriod, stepTests: false },
  // A window of 30 (River's 100 is for raw streams) so it tests before the step.
  { kind: 'trend.kswin', make: (direction) => new Kswin({ direction, series: 'accuracy', windowSize: 30, statSize: 10 }), fromBytes: Kswin.fromBytes, warmup: 29, stepTests: false },
  { kind: 'anomaly.ewma', make: (direction) => new EwmaChart({ direction, series: 'accuracy' }), fromBytes: EwmaChart.fromBytes, warmup: EwmaChart.defaults.warmup },
  { kind: 'anomaly.robust_z', make: (direction) => new RobustZScore({ direction, series: 'accuracy' }), fromBytes: RobustZScore.fromBytes, warmup: RobustZScore.defaults.history },
];

const BASELINE = 0.85;
/** Longer than every warm-up, so each detector charts ten windows before a change. */
const BEFORE = 40;

const bounds = (i: number): WindowBounds => ({ start: i * 2000, end: (i + 1) * 2000, count: 2000 });

/** Per-window accuracy of 2,000 events (σ ≈ 0.008) at the baseline, then `step` away from it. */
function stepSeries(seed: number, step: number, after = 20): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: BEFORE + after }, (_, i) => windowAccuracy(random, i < BEFORE ? BASELINE : BASELINE + step));
}

/** Windows from the first changed one to the first alarming finding; -1 when none alarms or one alarms before the change. */
function alarmDelay(detector: SeriesDetector, values: readonly number[]): number {
  for (let i = 0; i < values.length; i++) {
    detector.update(values[i]);
    const alarming = detector.evaluate(bounds(i)).some((f) => f.severity !== 'none');
    assert.equal(alarming, detector.alarm, `alarm and findings agree at window ${i}`);
    if (alarming) return i < BEFORE ? -1 : i - BEFORE + 1;
  }
  return -1;
}

function findingsFor(detector: SeriesDetector, values: readonly number[], from = 0) {
  return values.map((x, i) => {
    detector.update(x);
    return detector.evaluate(bounds(from + i));
  });
}

it('the kinds table holds every implementation, by the kind its bytes name', () => {
  assert.deepEqual(Object.keys(SERIES_DETECTORS).sort(), IMPLEMENTATIONS.map((d) => d.kind).sort());
  for (const { kind, make } of IMPLEMENTATIONS) {
    const detector = make('decline');
    assert.equal(detector.kind, kind);
    assert.equal(readStateKind(detector.toBytes()), kind);
  }
});

for (const implementation of IMPLEMENTATIONS) {
  const { kind, make, fromBytes, warmup, stepTests = true } = implementation;
  describe(`series detector contract: ${kind}`, () => {
    it('is silent while warming up, then gives one finding per window named by its kind', () => {
      const detector = make('decline');
      const values = stationarySeries(101, warmup + 3);
      values.forEach((x, i) => {
        detector.update(x);
        const findings = detector.evaluate(bounds(i));
        if (i < warmup) {
          assert.deepEqual(findings, [], `no finding after ${i + 1} of ${warmup} warm-up values`);
          assert.equal(detector.alarm, false);
        } else {
          assert.equal(findings.length, 1);
          assert.equal(findings[0].detector, kind);
          assert.deepEqual(findings[0].window, bounds(i));
          assert.match(findings[0].metric, /^accuracy_/);
        }
      });
    });

    for (const direction of stepTests ? (['decline', 'rise'] as const) : []) {
      const step = direction === 'decline' ? -0.1 : 0.1;
      it(`catches a step the '${direction}' way within 3 windows, and not the other way`, () => {
        for (let seed = 0; seed < 10; seed++) {
          const delay = alarmDelay(make(direction), stepSeries(200 + seed, step));
          assert.ok(delay >= 1 && delay <= 3, `seed ${seed}: delay ${delay}`);
          assert.equal(alarmDelay(make(direction), stepSeries(200 + seed, -step)), -1, `seed ${seed}: a step against its direction does not alarm`);
        }
      });
    }

    it('stays quiet on a stationary series: at most 1 alarming window in 100', () => {
      const series = Array.from({ length: 20 }, (_, s) => stationarySeries(300 + s, 500));
      const { windowsPer1000 } = falseAlarms(series, () => make('both'));
      assert.ok(windowsPer1000 <= 10, `${windowsPer1000} alarming windows per 1,000`);
    });

    it('restored from its bytes, gives the same findings and bytes as the original from then on', () => {
      const values = stepSeries(400, -0.1);
      for (const at of [0, Math.floor(warmup / 2), warmup, BEFORE + 1]) {
        const original = make('both');
        findingsFor(original, values.slice(0, at));
        const bytes = original.toBytes();
        const byClass = fromBytes(bytes);
        const byKind = restoreSeriesDetector(bytes);
        assert.equal(byKind.kind, kind);
        assert.deepEqual(byClass.toBytes(), bytes);
        const expected = findingsFor(original, values.slice(at), at);
        assert.deepEqual(findingsFor(byClass, values.slice(at), at), expected, `restored after ${at} values, by its class`);
        assert.deepEqual(findingsFor(byKind, values.slice(at), at), expected, `restored after ${at} values, by its kind`);
        assert.deepEqual(byKind.toBytes(), original.toBytes());
      }
    });

    it('after reset, behaves exactly as a new detector', () => {
      const used = make('decline');
      if (stepTests) assert.ok(alarmDelay(used, stepSeries(200, -0.1)) > 0, 'in alarm before the reset');
      else findingsFor(used, stepSeries(200, -0.1));
      used.reset();
      assert.equal(used.alarm, false);
      assert.deepEqual(used.toBytes(), make('decline').toBytes());
      const next = stationarySeries(501, BEFORE);
      assert.deepEqual(findingsFor(used, next), findingsFor(make('decline'), next));
    });

    it('refuses the bytes of every other kind', () => {
      for (const other of IMPLEMENTATIONS) {
        if (other.kind === kind) continue;
        const bytes = other.make('decline').toBytes();
        assert.throws(() => fromBytes(bytes), (error: Error) => error instanceof StateDecodeError && error.message.includes(`'${other.kind}'`));
      }
    });
  });
}

it('restoreSeriesDetector refuses a state that is not a series detector\'s, naming its kind', () => {
  const bytes = new StateWriter('window.numeric', 1).f64(1).finish();
  assert.throws(() => restoreSeriesDetector(bytes), (error: Error) => error instanceof StateDecodeError && /'window.numeric', not a series detector/.test(error.message));
  assert.throws(() => restoreSeriesDetector(new Uint8Array([1, 2, 3, 4])), StateDecodeError);
  assert.throws(() => readStateKind(new Uint8Array([0x44, 0x57, 9, 0x61])), /truncated/);
});
