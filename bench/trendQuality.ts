/**
 * How the trend and anomaly detectors behave with their defaults on a per-window accuracy series:
 * false alarms per 1,000 windows on a stationary series, and detection delay for a gradual slide
 * and for a step. Each window's accuracy is the share of correct predictions among `events`
 * Bernoulli(p) draws, i.e. exact binomial noise for windows of ~2,000 labelled events.
 */
import { EwmaChart } from '../src/detectors/anomaly/ewmaChart.ts';
import { RobustZScore } from '../src/detectors/anomaly/robustZScore.ts';
import { Cusum } from '../src/detectors/trend/cusum.ts';
import { PageHinkley } from '../src/detectors/trend/pageHinkley.ts';
import { SlopeTrend } from '../src/detectors/trend/slopeTrend.ts';
import { type Random, seededRandom } from '../test/support/random.ts';

export interface SeriesDetector {
  update(x: number): void;
  readonly alarm: boolean;
}

export const SCENARIO = {
  events: 2000,
  baseline: 0.85,
  degraded: 0.82,
  /** Stable windows before a change: every detector's warm-up plus ten charted windows. */
  before: 40,
  slideWindows: 20,
  after: 20,
};

export const DETECTORS: Record<string, () => SeriesDetector> = {
  'trend.slope': () => new SlopeTrend(),
  'trend.page_hinkley': () => new PageHinkley(),
  'trend.cusum': () => new Cusum(),
  'anomaly.ewma': () => new EwmaChart(),
  'anomaly.robust_z': () => new RobustZScore(),
};

export const TREND_DETECTORS = ['trend.slope', 'trend.page_hinkley', 'trend.cusum'];

/** Alarms when any of the given detectors alarms. */
export function anyOf(makers: (() => SeriesDetector)[]): () => SeriesDetector {
  return () => {
    const detectors = makers.map((make) => make());
    let alarm = false;
    return {
      update(x: number) {
        alarm = false;
        for (const d of detectors) {
          d.update(x);
          if (d.alarm) alarm = true;
        }
      },
      get alarm() {
        return alarm;
      },
    };
  };
}

export function windowAccuracy(random: Random, p: number, events = SCENARIO.events): number {
  let correct = 0;
  for (let i = 0; i < events; i++) if (random.uniform() < p) correct += 1;
  return correct / events;
}

export function stationarySeries(seed: number, length: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length }, () => windowAccuracy(random, SCENARIO.baseline));
}

/** Stable, then a linear slide from baseline to degraded over `slideWindows`, then degraded. */
export function slideSeries(seed: number): number[] {
  const { baseline, degraded, before, slideWindows, after } = SCENARIO;
  const random = seededRandom(seed);
  const p = (i: number) => (i < before ? baseline : i < before + slideWindows ? baseline + ((degraded - baseline) * (i - before + 1)) / slideWindows : degraded);
  return Array.from({ length: before + slideWindows + after }, (_, i) => windowAccuracy(random, p(i)));
}

export function stepSeries(seed: number): number[] {
  const { baseline, degraded, before, slideWindows, after } = SCENARIO;
  const random = seededRandom(seed);
  return Array.from({ length: before + slideWindows + after }, (_, i) => windowAccuracy(random, i < before ? baseline : degraded));
}

export interface FalseAlarms {
  /** Windows in which the detector was alarming, per 1,000 windows fed (what the trend test bounds). */
  windowsPer1000: number;
  /** Alarm episodes (an alarming window after a quiet one) per 1,000 windows: alerts that would open. */
  episodesPer1000: number;
}

export function falseAlarms(series: readonly number[][], make: () => SeriesDetector): FalseAlarms {
  let alarmWindows = 0;
  let episodes = 0;
  let windows = 0;
  for (const values of series) {
    const detector = make();
    let previous = false;
    for (const x of values) {
      detector.update(x);
      windows += 1;
      if (detector.alarm) alarmWindows += 1;
      if (detector.alarm && !previous) episodes += 1;
      previous = detector.alarm;
    }
  }
  const per1000 = (n: number) => Number(((1000 * n) / windows).toFixed(3));
  return { windowsPer1000: per1000(alarmWindows), episodesPer1000: per1000(episodes) };
}

export interface DelayStats {
  /** Series in which the detector alarmed at or after the change. */
  detected: number;
  series: number;
  /** Windows from the first changed window (1 = alarm on the first changed window). */
  median: number | null;
  p90: number | null;
  max: number | null;
  /** Series with an alarm before the change began. */
  alarmedBeforeChange: number;
}

export function detectionDelays(series: readonly number[][], make: () => SeriesDetector, changeAt = SCENARIO.before): DelayStats {
  const delays: number[] = [];
  let early = 0;
  for (const values of series) {
    const detector = make();
    let alarmedEarly = false;
    for (let i = 0; i < values.length; i++) {
      detector.update(values[i]);
      if (!detector.alarm) continue;
      if (i < changeAt) alarmedEarly = true;
      else {
        delays.push(i - changeAt + 1);
        break;
      }
    }
    if (alarmedEarly) early += 1;
  }
  delays.sort((a, b) => a - b);
  const at = (q: number) => (delays.length === 0 ? null : delays[Math.min(delays.length - 1, Math.floor(q * delays.length))]);
  return { detected: delays.length, series: series.length, median: at(0.5), p90: at(0.9), max: at(1), alarmedBeforeChange: early };
}

/** Series where a fixed "accuracy < bound" rule fires at least once within the first `windows` windows. */
export function fixedThresholdFirings(series: readonly number[][], windows: number, bound = 0.8): number {
  return series.filter((values) => values.slice(0, windows).some((x) => x < bound)).length;
}

export interface TrendQualityOptions {
  stationarySeeds?: number;
  stationaryLength?: number;
  changeSeeds?: number;
}

export function run(options: TrendQualityOptions = {}) {
  const { stationarySeeds = 100, stationaryLength = 1000, changeSeeds = 200 } = options;
  const stationary = Array.from({ length: stationarySeeds }, (_, s) => stationarySeries(1_000_003 + s, stationaryLength));
  const slides = Array.from({ length: changeSeeds }, (_, s) => slideSeries(2_000_003 + s));
  const steps = Array.from({ length: changeSeeds }, (_, s) => stepSeries(3_000_003 + s));
  const measure = (make: () => SeriesDetector) => ({
    stationary: falseAlarms(stationary, make),
    slide: detectionDelays(slides, make),
    step: detectionDelays(steps, make),
  });
  const detectors: Record<string, ReturnType<typeof measure>> = {};
  for (const [name, make] of Object.entries(DETECTORS)) detectors[name] = measure(make);
  return {
    benchmark: 'trendQuality',
    scenario: { ...SCENARIO, stationarySeries: stationarySeeds, stationaryLength, changeSeries: changeSeeds },
    detectors,
    anyTrendDetector: measure(anyOf(TREND_DETECTORS.map((name) => DETECTORS[name]))),
    fixedThresholdBelow08: {
      series: changeSeeds,
      slideSeriesFiringDuringSlide: fixedThresholdFirings(slides, SCENARIO.before + SCENARIO.slideWindows),
      slideSeriesFiringInclAfter: fixedThresholdFirings(slides, Number.POSITIVE_INFINITY),
      stepSeriesFiring: fixedThresholdFirings(steps, Number.POSITIVE_INFINITY),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(run(), null, 2));
}
