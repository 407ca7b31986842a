import type { Finding, WindowBounds } from '../finding.ts';
import { formatNumber } from '../common/format.ts';
import { type TrendDirection, readSeriesIdentity, requireDirection, signalled, warmupBaseline, writeSeriesIdentity } from '../common/series.ts';
import { StateReader, StateWriter } from '../common/stateCodec.ts';
import { requireFinite, requireInteger, requireNonNegative, requirePositive } from '../common/validation.ts';
import type { SeriesDetector } from '../series/seriesDetector.ts';

export interface CusumOptions {
  /** Windows used to estimate the in-control mean and standard deviation before any alert. */
  warmup?: number;
  /** Allowance per window, in baseline standard deviations. */
  k?: number;
  /** Decision interval, in baseline standard deviations. */
  h?: number;
  direction?: TrendDirection;
  series?: string;
  feature?: string;
}

/**
 * Tabular two-sided CUSUM on standardised values z = (x − μ̂)/σ̂, with μ̂ and σ̂ (sample mean and
 * standard deviation, n − 1) from the first `warmup` values:
 *   upper = max(0, upper + z − k),  lower = max(0, lower − z − k).
 * A change is signalled when the side(s) named by `direction` exceed h. After a signal the next
 * update starts a new warm-up: the signal marks a change point and the level after it becomes the
 * new baseline (as River's detectors reset after a drift). Re-estimating also stops one unlucky
 * warm-up from producing a false alarm every few windows for the rest of the series.
 */
export class Cusum implements SeriesDetector {
  /** The kind its state bytes name. */
  static readonly kind = 'trend.cusum';

  static readonly defaults = {
    // 20 windows: μ̂ within ±0.22σ and σ̂ within ±16% (1 s.e.); shorter warm-ups inflate false alarms sharply.
    warmup: 20,
    // k = 0.5σ: the classic allowance, optimal for detecting a 1σ shift.
    k: 0.5,
    // h = 6σ, not the textbook 5: with σ estimated from 20 windows, h = 5 gave 1.25 false alarms per
    // 1,000 windows on a stationary series (one-sided); h = 6 gives 0.7, for one window more delay.
    h: 6,
    direction: 'decline' as TrendDirection,
    series: 'metric',
  };

  readonly warmup: number;
  readonly k: number;
  readonly h: number;
  readonly direction: TrendDirection;
  readonly series: string;
  readonly feature: string | undefined;

  private warmupValues: number[] = [];
  private mean = Number.NaN;
  private sd = Number.NaN;
  private upper = 0;
  private lower = 0;
  private detected = false;

  constructor(options: CusumOptions = {}) {
    const o = { ...Cusum.defaults, ...options };
    requireInteger('Cusum', 'warmup', o.warmup, 2);
    requireNonNegative('Cusum', 'k', o.k);
    requirePositive('Cusum', 'h', o.h);
    requireDirection('Cusum', o.direction);
    this.warmup = o.warmup;
    this.k = o.k;
    this.h = o.h;
    this.direction = o.direction;
    this.series = o.series;
    this.feature = options.feature;
  }

  get kind(): typeof Cusum.kind {
    return Cusum.kind;
  }

  update(x: number): void {
    requireFinite('Cusum', x);
    if (this.detected) this.reset();
    if (this.warmupValues.length < this.warmup) {
      this.warmupValues.push(x);
      if (this.warmupValues.length === this.warmup) this.estimateBaseline();
      return;
    }
    const z = (x - this.mean) / this.sd;
    this.upper = Math.max(0, this.upper + z - this.k);
    this.lower = Math.max(0, this.lower - z - this.k);
    const up = this.upper > this.h;
    const down = this.lower > this.h;
    this.detected = signalled(this.direction, up, down);
  }

  get ready(): boolean {
    return this.warmupValues.length === this.warmup;
  }

  get alarm(): boolean {
    return this.detected;
  }

  get baselineMean(): number {
    return this.mean;
  }

  get baselineSd(): number {
    return this.sd;
  }

  /** Upper and lower cumulative sums, in baseline standard deviations. */
  get sums(): { upper: number; lower: number } {
    return { upper: this.upper, lower: this.lower };
  }

  get statistic(): number {
    if (this.direction === 'rise') return this.upper;
    if (this.direction === 'decline') return this.lower;
    return Math.max(this.upper, this.lower);
  }

  evaluate(window: WindowBounds): Finding[] {
    if (!this.ready) return [];
    const value = this.statistic;
    const movement = this.direction === 'rise' || (this.direction === 'both' && this.upper > this.lower) ? 'above' : 'below';
    const summary = this.detected
      ? `${this.series} has shifted ${movement} its baseline ${formatNumber(this.mean)}: CUSUM ${formatNumber(value)}σ exceeds h = ${formatNumber(this.h)}σ (σ = ${formatNumber(this.sd)}).`
      : `${this.series} CUSUM ${formatNumber(value)}σ is within h = ${formatNumber(this.h)}σ of baseline ${formatNumber(this.mean)}.`;
    return [
      {
        detector: 'trend.cusum',
        ...(this.feature === undefined ? {} : { feature: this.feature }),
        metric: `${this.series}_cusum`,
        value,
        threshold: this.h,
        severity: this.detected ? 'warning' : 'none',
        window,
        summary,
        details: { baselineMean: this.mean, baselineSd: this.sd, upper: this.upper, lower: this.lower, k: this.k, direction: this.direction },
      },
    ];
  }

  /** Forget the baseline and sums; the next `warmup` values estimate a new baseline. */
  reset(): void {
    this.warmupValues = [];
    this.mean = Number.NaN;
    this.sd = Number.NaN;
    this.upper = 0;
    this.lower = 0;
    this.detected = false;
  }

  toBytes(): Uint8Array {
    const w = new StateWriter(Cusum.kind, 1).uvarint(this.warmup).f64(this.k).f64(this.h);
    writeSeriesIdentity(w, this);
    return w
      .f64s(this.warmupValues)
      .f64(this.mean)
      .f64(this.sd)
      .f64(this.upper)
      .f64(this.lower)
      .bool(this.detected)
      .finish();
  }

  static fromBytes(bytes: Uint8Array): Cusum {
    const r = new StateReader(bytes, Cusum.kind, 1);
    const warmup = r.uvarint();
    const k = r.f64();
    const h = r.f64();
    const detector = new Cusum({ warmup, k, h, ...readSeriesIdentity(r) });
    detector.warmupValues = r.f64s();
    detector.mean = r.f64();
    detector.sd = r.f64();
    detector.upper = r.f64();
    detector.lower = r.f64();
    detector.detected = r.bool();
    r.end();
    return detector;
  }

  private estimateBaseline(): void {
    ({ mean: this.mean, sd: this.sd } = warmupBaseline(this.warmupValues));
  }
}
