import type { Finding, FindingSeverity, WindowBounds } from '../finding.ts';
import { formatNumber } from '../common/format.ts';
import { type TrendDirection, readSeriesIdentity, requireDirection, severityOfChange, warmupBaseline, writeSeriesIdentity } from '../common/series.ts';
import { StateReader, StateWriter } from '../common/stateCodec.ts';
import { InvalidOptionError, requireFinite, requireInteger, requirePositive } from '../common/validation.ts';
import type { SeriesDetector } from '../series/seriesDetector.ts';

export interface EwmaChartOptions {
  /** Weight of the newest value in the moving average, in (0, 1]. */
  lambda?: number;
  /** Control-limit width, in standard deviations of the EWMA statistic. */
  L?: number;
  /** Limit width for 'critical', in standard deviations of the EWMA statistic. */
  criticalL?: number;
  /** Windows used to estimate the in-control mean and standard deviation; no alerts before. */
  warmup?: number;
  direction?: TrendDirection;
  /** Name of the window aggregate, e.g. 'prediction_mean', 'positive_rate', 'volume', 'latency_p95'. */
  series?: string;
  feature?: string;
}

/**
 * EWMA control chart (Roberts 1959; Montgomery, Introduction to SQC, §9.2) on a window aggregate:
 * z_t = λx_t + (1 − λ)z_{t−1}, z_0 = μ̂, with exact time-varying limits widened for the warm-up's
 * estimate of the mean (m = warmup values):
 *   μ̂ ± L σ̂ √(λ/(2 − λ) · (1 − (1 − λ)^{2t}) + 1/m).
 * Without the 1/m term a 20-window warm-up put a stationary series in alarm 23 windows in 1,000;
 * with it, and m = 30, 6.5. μ̂ and σ̂ (sample mean and standard deviation) stay fixed after the
 * warm-up: the chart keeps alerting while the aggregate stays out of control. Call reset() after a
 * deliberate change (a new model version, a traffic migration) to learn a new baseline.
 */
export class EwmaChart implements SeriesDetector {
  /** The kind its state bytes name. */
  static readonly kind = 'anomaly.ewma';

  static readonly defaults = {
    // λ = 0.2: the usual choice for shifts of about 1σ (Montgomery's λ ∈ [0.05, 0.25]).
    lambda: 0.2,
    // L = 3: with λ = 0.2 an in-control run length ≈ 560 windows when the baseline is known exactly.
    L: 3,
    // 2 × L: far outside the limits, e.g. traffic collapsing, deserves an immediate page.
    criticalL: 6,
    // 30 windows: the baseline's error drives false alarms (9 per 1,000 windows with 20, 6.5 with 30, 3.7 with 50); 30 starts within a day and a half of hourly windows.
    warmup: 30,
    direction: 'both' as TrendDirection,
    series: 'aggregate',
  };

  readonly lambda: number;
  readonly L: number;
  readonly criticalL: number;
  readonly warmup: number;
  readonly direction: TrendDirection;
  readonly series: string;
  readonly feature: string | undefined;

  private warmupValues: number[] = [];
  private mean = Number.NaN;
  private sd = Number.NaN;
  private z = Number.NaN;
  private t = 0;
  private lastValue = Number.NaN;

  constructor(options: EwmaChartOptions = {}) {
    const o = { ...EwmaChart.defaults, ...options };
    if (!(o.lambda > 0 && o.lambda <= 1)) throw new InvalidOptionError('EwmaChart', 'lambda', o.lambda, 'in (0, 1]');
    requirePositive('EwmaChart', 'L', o.L);
    if (!(o.criticalL >= o.L)) throw new InvalidOptionError('EwmaChart', 'criticalL', o.criticalL, `≥ L (${o.L})`);
    requireInteger('EwmaChart', 'warmup', o.warmup, 2);
    requireDirection('EwmaChart', o.direction);
    this.lambda = o.lambda;
    this.L = o.L;
    this.criticalL = o.criticalL;
    this.warmup = o.warmup;
    this.direction = o.direction;
    this.series = o.series;
    this.feature = options.feature;
  }

  get kind(): typeof EwmaChart.kind {
    return EwmaChart.kind;
  }

  update(x: number): void {
    requireFinite('EwmaChart', x);
    this.lastValue = x;
    if (this.warmupValues.length < this.warmup) {
      this.warmupValues.push(x);
      if (this.warmupValues.length === this.warmup) this.estimateBaseline();
      return;
    }
    this.t += 1;
    this.z = this.lambda * x + (1 - this.lambda) * this.z;
  }

  /** True once the baseline is estimated and at least one value has been charted. */
  get ready(): boolean {
    return this.t > 0;
  }

  get statistic(): number {
    return this.z;
  }

  /** Standard deviation of the EWMA statistic's distance from the estimated baseline at the current step. */
  get statisticSd(): number {
    const l = this.lambda;
    return this.sd * Math.sqrt((l / (2 - l)) * (1 - Math.pow(1 - l, 2 * this.t)) + 1 / this.warmup);
  }

  /** Signed distance of the statistic from the baseline, in standard deviations of the statistic. */
  get standardized(): number {
    return (this.z - this.mean) / this.statisticSd;
  }

  get severity(): FindingSeverity {
    if (!this.ready) return 'none';
    return severityOfChange(this.direction, this.standardized, this.L, this.criticalL);
  }

  get alarm(): boolean {
    return this.severity !== 'none';
  }

  evaluate(window: WindowBounds): Finding[] {
    if (!this.ready) return [];
    const severity = this.severity;
    const s = this.standardized;
    const limit = this.L * this.statisticSd;
    const upperLimit = this.mean + limit;
    const lowerLimit = this.mean - limit;
    const above = s > 0;
    const threshold = this.direction === 'rise' || (this.direction === 'both' && above) ? upperLimit : lowerLimit;
    const summary =
      severity === 'none'
        ? `${this.series} EWMA ${formatNumber(this.z)} is within its control limits [${formatNumber(lowerLimit)}, ${formatNumber(upperLimit)}].`
        : `${this.series} EWMA ${formatNumber(this.z)} is ${above ? 'above' : 'below'} its ${above ? 'upper' : 'lower'} control limit ${formatNumber(threshold)} (baseline ${formatNumber(this.mean)}, ${formatNumber(Math.abs(s))} standard deviations).`;
    return [
      {
        detector: 'anomaly.ewma',
        ...(this.feature === undefined ? {} : { feature: this.feature }),
        metric: `${this.series}_ewma`,
        value: this.z,
        threshold,
        severity,
        window,
        summary,
        details: { lastValue: this.lastValue, baselineMean: this.mean, baselineSd: this.sd, standardized: s, lowerLimit, upperLimit, direction: this.direction },
      },
    ];
  }

  reset(): void {
    this.warmupValues = [];
    this.mean = Number.NaN;
    this.sd = Number.NaN;
    this.z = Number.NaN;
    this.t = 0;
    this.lastValue = Number.NaN;
  }

  toBytes(): Uint8Array {
    const w = new StateWriter(EwmaChart.kind, 1).f64(this.lambda).f64(this.L).f64(this.criticalL).uvarint(this.warmup);
    writeSeriesIdentity(w, this);
    return w
      .f64s(this.warmupValues)
      .f64(this.mean)
      .f64(this.sd)
      .f64(this.z)
      .f64(this.t)
      .f64(this.lastValue)
      .finish();
  }

  static fromBytes(bytes: Uint8Array): EwmaChart {
    const r = new StateReader(bytes, EwmaChart.kind, 1);
    const lambda = r.f64();
    const L = r.f64();
    const criticalL = r.f64();
    const warmup = r.uvarint();
    const chart = new EwmaChart({ lambda, L, criticalL, warmup, ...readSeriesIdentity(r) });
    chart.warmupValues = r.f64s();
    chart.mean = r.f64();
    chart.sd = r.f64();
    chart.z = r.f64();
    chart.t = r.f64();
    chart.lastValue = r.f64();
    r.end();
    return chart;
  }

  private estimateBaseline(): void {
    ({ mean: this.mean, sd: this.sd } = warmupBaseline(this.warmupValues));
    this.z = this.mean;
    this.t = 0;
  }
}
