import type { Finding, WindowBounds } from '../finding.ts';
import { formatNumber } from '../common/format.ts';
import { PythonRandom } from '../common/pythonRandom.ts';
import { type TrendDirection, readSeriesIdentity, requireDirection, signalled, writeSeriesIdentity } from '../common/series.ts';
import { StateReader, StateWriter } from '../common/stateCodec.ts';
import { InvalidOptionError, requireFinite, requireInteger } from '../common/validation.ts';
import { ksTest } from '../stats/ksTest.ts';
import type { SeriesDetector } from '../series/seriesDetector.ts';

export interface KswinOptions {
  /** Significance of the KS test (River: alpha). */
  alpha?: number;
  /** Values in the sliding window (River: window_size). */
  windowSize?: number;
  /** Newest values tested against as many drawn from the older part (River: stat_size). */
  statSize?: number;
  /** Seed of the draws, as River's seed (Python's random.Random(seed)); River's default is unseeded. */
  seed?: number;
  /** Which changes alarm: 'rise' when the newest values' mean is above the drawn ones', 'decline' below, 'both' (River). */
  direction?: TrendDirection;
  series?: string;
  feature?: string;
}

/** The last test: KS statistic, p-value and the two samples' means. */
interface KsTestOutcome {
  statistic: number;
  pValue: number;
  recentMean: number;
  drawnMean: number;
}

/**
 * KSWIN (Raab et al. 2020) exactly as River 0.26.1's river.drift.KSWIN: once the window is full, each
 * value draws statSize of the older windowSize − statSize values with Python's random.sample, tests
 * them against the newest statSize with scipy's ks_2samp (method 'auto', via ksTest) and signals a
 * change when p ≤ alpha and D > 0.1. As River does, the update after a change starts again from an
 * empty window and a generator seeded anew.
 */
export class Kswin implements SeriesDetector {
  /** The kind its state bytes name. */
  static readonly kind = 'trend.kswin';

  /** River's defaults; River has no default seed (it is unseeded), driftwatch's is 42 so runs repeat. */
  static readonly defaults = { alpha: 0.005, windowSize: 100, statSize: 30, seed: 42, direction: 'both' as TrendDirection, series: 'metric' };

  readonly alpha: number;
  readonly windowSize: number;
  readonly statSize: number;
  readonly seed: number;
  readonly direction: TrendDirection;
  readonly series: string;
  readonly feature: string | undefined;

  private window: number[] = [];
  private random: PythonRandom;
  private detected = false;
  private last: KsTestOutcome | undefined;

  constructor(options: KswinOptions = {}) {
    const o = { ...Kswin.defaults, ...options };
    if (!(o.alpha >= 0 && o.alpha <= 1)) throw new InvalidOptionError('Kswin', 'alpha', o.alpha, 'in [0, 1]');
    requireInteger('Kswin', 'statSize', o.statSize, 1);
    requireInteger('Kswin', 'windowSize', o.windowSize, 2 * o.statSize);
    requireInteger('Kswin', 'seed', o.seed, 0);
    requireDirection('Kswin', o.direction);
    this.alpha = o.alpha;
    this.windowSize = o.windowSize;
    this.statSize = o.statSize;
    this.seed = o.seed;
    this.direction = o.direction;
    this.series = o.series;
    this.feature = options.feature;
    this.random = new PythonRandom(this.seed);
  }

  get kind(): typeof Kswin.kind {
    return Kswin.kind;
  }

  update(x: number): void {
    requireFinite('Kswin', x);
    if (this.detected) this.reset();
    this.window.push(x);
    if (this.window.length > this.windowSize) this.window.shift();
    if (this.window.length < this.windowSize) return;
    const older = this.windowSize - this.statSize;
    const drawn = this.random.sampleRange(older, this.statSize).map((i) => this.window[i]);
    const recent = this.window.slice(older);
    const { statistic, pValue } = ksTest(drawn, recent, { method: 'auto' });
    this.last = { statistic, pValue, recentMean: mean(recent), drawnMean: mean(drawn) };
    this.detected = pValue <= this.alpha && statistic > 0.1;
  }

  /** River's drift_detected, filtered by direction. */
  get alarm(): boolean {
    return this.detected && this.last !== undefined && signalled(this.direction, this.last.recentMean > this.last.drawnMean, this.last.recentMean < this.last.drawnMean);
  }

  /** River's drift_detected: the last test rejected, whichever way the values moved. */
  get driftDetected(): boolean {
    return this.detected;
  }

  /** River's p_value: of the last test (0 before any). */
  get pValue(): number {
    return this.last?.pValue ?? 0;
  }

  evaluate(window: WindowBounds): Finding[] {
    if (this.last === undefined) return [];
    const { statistic, pValue, recentMean, drawnMean } = this.last;
    const movement = recentMean > drawnMean ? 'rise' : recentMean < drawnMean ? 'decline' : 'none';
    const alarm = this.alarm;
    const summary = this.detected
      ? `${this.series} changed (${movement}): KS p-value ${formatNumber(pValue)} ≤ ${formatNumber(this.alpha)} (D = ${formatNumber(statistic)}) between its last ${this.statSize} windows (mean ${formatNumber(recentMean)}) and ${this.statSize} drawn from the ${this.windowSize - this.statSize} before (mean ${formatNumber(drawnMean)})${alarm ? '' : `, not the alarming direction (${this.direction})`}.`
      : `${this.series} KSWIN p-value ${formatNumber(pValue)} is above ${formatNumber(this.alpha)} (or D ≤ 0.1).`;
    return [
      {
        detector: 'trend.kswin',
        ...(this.feature === undefined ? {} : { feature: this.feature }),
        metric: `${this.series}_kswin_p_value`,
        value: pValue,
        threshold: this.alpha,
        severity: alarm ? 'warning' : 'none',
        window,
        summary,
        details: { statistic, recentMean, drawnMean, movement, direction: this.direction },
      },
    ];
  }

  reset(): void {
    this.window = [];
    this.random = new PythonRandom(this.seed);
    this.detected = false;
    this.last = undefined;
  }

  toBytes(): Uint8Array {
    const w = new StateWriter(Kswin.kind, 1, 3200 + this.window.length * 8).f64(this.alpha).uvarint(this.windowSize).uvarint(this.statSize).uvarint(this.seed);
    writeSeriesIdentity(w, this);
    const { words, index } = this.random.state();
    w.f64s(this.window).f64s(words).uvarint(index).bool(this.detected).bool(this.last !== undefined);
    if (this.last) w.f64(this.last.statistic).f64(this.last.pValue).f64(this.last.recentMean).f64(this.last.drawnMean);
    return w.finish();
  }

  static fromBytes(bytes: Uint8Array): Kswin {
    const r = new StateReader(bytes, Kswin.kind, 1);
    const alpha = r.f64();
    const windowSize = r.uvarint();
    const statSize = r.uvarint();
    const seed = r.uvarint();
    const detector = new Kswin({ alpha, windowSize, statSize, seed, ...readSeriesIdentity(r) });
    detector.window = r.f64s();
    const words = r.f64s();
    detector.random = PythonRandom.restore(words, r.uvarint());
    detector.detected = r.bool();
    if (r.bool()) detector.last = { statistic: r.f64(), pValue: r.f64(), recentMean: r.f64(), drawnMean: r.f64() };
    r.end();
    return detector;
  }
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
