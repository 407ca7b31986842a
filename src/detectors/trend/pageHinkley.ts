import type { Finding, WindowBounds } from '../finding.ts';
import { formatNumber } from '../common/format.ts';
import { type TrendDirection, readSeriesIdentity, requireDirection, signalled, writeSeriesIdentity } from '../common/series.ts';
import { StateReader, StateWriter } from '../common/stateCodec.ts';
import { InvalidOptionError, requireFinite, requireInteger, requireNonNegative, requirePositive } from '../common/validation.ts';
import type { SeriesDetector } from '../series/seriesDetector.ts';

export interface PageHinkleyOptions {
  /** Values seen since the last change before a change can be signalled (River: min_instances). */
  minInstances?: number;
  /** Magnitude of change tolerated per value, in the series' units (River: delta). */
  delta?: number;
  /** Statistic above which a change is signalled, in the series' units (River: threshold, λ). */
  threshold?: number;
  /** Forgetting factor applied to the cumulative sums (River: alpha); 1 forgets nothing. */
  alpha?: number;
  /** 'decline' = River mode 'down', 'rise' = 'up', 'both' = 'both'. */
  direction?: TrendDirection;
  series?: string;
  feature?: string;
}

/** River's defaults (river.drift.PageHinkley), for raw per-event streams. */
export const PAGE_HINKLEY_RIVER_DEFAULTS = {
  minInstances: 30,
  delta: 0.005,
  threshold: 50,
  alpha: 1 - 0.0001,
  direction: 'both' as TrendDirection,
};

/**
 * Defaults for a per-window metric on a [0, 1] scale (accuracy, F1, AUC) with per-window noise
 * around 0.01 (about 2,000 labelled events a window). These are the constructor's defaults.
 */
export const PAGE_HINKLEY_WINDOW_DEFAULTS = {
  // 10 windows: the running mean must settle before it is a fair reference; a series is short.
  minInstances: 10,
  // 0.005: half the smallest shift worth catching (one accuracy point), as in the classic CUSUM k = δ/2.
  delta: 0.005,
  // 0.05: about 6 noise standard deviations at 2,000 events a window; ≈ 0.1 false alarms per 1,000 windows.
  threshold: 0.05,
  // 1: River's 0.9999 fades the sums towards delta/(1 − alpha), so over ~10^4 windows delta stops
  // counting and false alarms climb; a window series is short enough not to need forgetting.
  alpha: 1,
  direction: 'decline' as TrendDirection,
};

/**
 * Page–Hinkley change detection with River's parameterisation and update rule: deviations from the
 * running mean since the last change are summed (minus/plus delta, faded by alpha) and a change is
 * signalled when a sum moves more than `threshold` from its extreme. After a signal the next update
 * starts afresh, as River does.
 */
export class PageHinkley implements SeriesDetector {
  /** The kind its state bytes name. */
  static readonly kind = 'trend.page_hinkley';

  static readonly defaults = { ...PAGE_HINKLEY_WINDOW_DEFAULTS, series: 'metric' };

  readonly minInstances: number;
  readonly delta: number;
  readonly threshold: number;
  readonly alpha: number;
  readonly direction: TrendDirection;
  readonly series: string;
  readonly feature: string | undefined;

  private n = 0;
  private mean = 0;
  private sumIncrease = 0;
  private sumDecrease = 0;
  private minIncrease = Number.POSITIVE_INFINITY;
  // River starts this at -1, not -Infinity; the first sum is always delta ≥ 0, so it never matters.
  private maxDecrease = -1;
  private detected = false;

  constructor(options: PageHinkleyOptions = {}) {
    const o = { ...PageHinkley.defaults, ...options };
    requireInteger('PageHinkley', 'minInstances', o.minInstances, 1);
    requireNonNegative('PageHinkley', 'delta', o.delta);
    requirePositive('PageHinkley', 'threshold', o.threshold);
    if (!(o.alpha > 0 && o.alpha <= 1)) throw new InvalidOptionError('PageHinkley', 'alpha', o.alpha, 'in (0, 1]');
    requireDirection('PageHinkley', o.direction);
    this.minInstances = o.minInstances;
    this.delta = o.delta;
    this.threshold = o.threshold;
    this.alpha = o.alpha;
    this.direction = o.direction;
    this.series = o.series;
    this.feature = options.feature;
  }

  get kind(): typeof PageHinkley.kind {
    return PageHinkley.kind;
  }

  update(x: number): void {
    requireFinite('PageHinkley', x);
    if (this.detected) this.reset();
    this.n += 1;
    // Same operation order as River's stats.Mean, so results agree to the last bit.
    this.mean += (1 / this.n) * (x - this.mean);
    const deviation = x - this.mean;
    this.sumIncrease = this.alpha * this.sumIncrease + deviation - this.delta;
    this.sumDecrease = this.alpha * this.sumDecrease + deviation + this.delta;
    if (this.sumIncrease < this.minIncrease) this.minIncrease = this.sumIncrease;
    if (this.sumDecrease > this.maxDecrease) this.maxDecrease = this.sumDecrease;
    if (this.n >= this.minInstances) {
      const up = this.testIncrease > this.threshold;
      const down = this.testDecrease > this.threshold;
      this.detected = signalled(this.direction, up, down);
    }
  }

  /** River's drift_detected: true right after the update that signalled a change. */
  get alarm(): boolean {
    return this.detected;
  }

  /** Values seen since the last change (or start). */
  get count(): number {
    return this.n;
  }

  get runningMean(): number {
    return this.mean;
  }

  /** Evidence of an increase: sum − its running minimum. */
  get testIncrease(): number {
    return this.sumIncrease - this.minIncrease;
  }

  /** Evidence of a decrease: running maximum − sum. */
  get testDecrease(): number {
    return this.maxDecrease - this.sumDecrease;
  }

  /** The statistic compared with the threshold for the configured direction. */
  get statistic(): number {
    if (this.direction === 'rise') return this.testIncrease;
    if (this.direction === 'decline') return this.testDecrease;
    return Math.max(this.testIncrease, this.testDecrease);
  }

  evaluate(window: WindowBounds): Finding[] {
    if (this.n < this.minInstances) return [];
    const value = this.statistic;
    const movement = this.direction === 'rise' || (this.direction === 'both' && this.testIncrease > this.testDecrease) ? 'rise' : 'decline';
    const summary = this.detected
      ? `${this.series} shows a sustained ${movement}: Page–Hinkley statistic ${formatNumber(value)} exceeds ${formatNumber(this.threshold)} (mean over the ${this.n} windows since the last change ${formatNumber(this.mean)}).`
      : `${this.series} Page–Hinkley statistic ${formatNumber(value)} is within the ${formatNumber(this.threshold)} threshold.`;
    return [
      {
        detector: 'trend.page_hinkley',
        ...(this.feature === undefined ? {} : { feature: this.feature }),
        metric: `${this.series}_page_hinkley`,
        value,
        threshold: this.threshold,
        severity: this.detected ? 'warning' : 'none',
        window,
        summary,
        details: { runningMean: this.mean, count: this.n, testIncrease: this.testIncrease, testDecrease: this.testDecrease, direction: this.direction },
      },
    ];
  }

  reset(): void {
    this.n = 0;
    this.mean = 0;
    this.sumIncrease = 0;
    this.sumDecrease = 0;
    this.minIncrease = Number.POSITIVE_INFINITY;
    this.maxDecrease = -1;
    this.detected = false;
  }

  toBytes(): Uint8Array {
    const w = new StateWriter(PageHinkley.kind, 1).uvarint(this.minInstances).f64(this.delta).f64(this.threshold).f64(this.alpha);
    writeSeriesIdentity(w, this);
    return w
      .f64(this.n)
      .f64(this.mean)
      .f64(this.sumIncrease)
      .f64(this.sumDecrease)
      .f64(this.minIncrease)
      .f64(this.maxDecrease)
      .bool(this.detected)
      .finish();
  }

  static fromBytes(bytes: Uint8Array): PageHinkley {
    const r = new StateReader(bytes, PageHinkley.kind, 1);
    const minInstances = r.uvarint();
    const delta = r.f64();
    const threshold = r.f64();
    const alpha = r.f64();
    const detector = new PageHinkley({ minInstances, delta, threshold, alpha, ...readSeriesIdentity(r) });
    detector.n = r.f64();
    detector.mean = r.f64();
    detector.sumIncrease = r.f64();
    detector.sumDecrease = r.f64();
    detector.minIncrease = r.f64();
    detector.maxDecrease = r.f64();
    detector.detected = r.bool();
    r.end();
    return detector;
  }
}
