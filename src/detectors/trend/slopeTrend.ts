import { linearRegression } from 'simple-statistics';
import type { Finding, FindingSeverity, WindowBounds } from '../finding.ts';
import { formatNumber } from '../common/format.ts';
import { type TrendDirection, readSeriesIdentity, requireDirection, severityOfChange, writeSeriesIdentity } from '../common/series.ts';
import { StateReader, StateWriter } from '../common/stateCodec.ts';
import { requireFinite, requireInteger, requirePositive } from '../common/validation.ts';
import type { SeriesDetector } from '../series/seriesDetector.ts';

export interface SlopeTrendOptions {
  /** Windows in the look-back the line is fitted to. */
  lookback?: number;
  /** Largest fitted change over the look-back, |slope| × (lookback − 1), that does not alert. Critical at twice it. */
  maxChange?: number;
  direction?: TrendDirection;
  /** Name of the monitored series, e.g. 'accuracy'; used in metric names and summaries. */
  series?: string;
  feature?: string;
}

/**
 * Least-squares slope of the last `lookback` values of a per-window metric, against the window index.
 * Alerts when the fitted change across the look-back moves the wrong way by more than `maxChange`.
 */
export class SlopeTrend implements SeriesDetector {
  /** The kind its state bytes name. */
  static readonly kind = 'trend.slope';

  static readonly defaults = {
    // 8 windows: a working day of hourly windows, few enough to react, enough to average noise.
    lookback: 8,
    // 0.05: five accuracy points lost within the look-back is worth a page for most models.
    maxChange: 0.05,
    direction: 'decline' as TrendDirection,
    series: 'metric',
  };

  readonly lookback: number;
  readonly maxChange: number;
  readonly direction: TrendDirection;
  readonly series: string;
  readonly feature: string | undefined;
  private values: number[] = [];

  constructor(options: SlopeTrendOptions = {}) {
    const o = { ...SlopeTrend.defaults, ...options };
    requireInteger('SlopeTrend', 'lookback', o.lookback, 2);
    requirePositive('SlopeTrend', 'maxChange', o.maxChange);
    requireDirection('SlopeTrend', o.direction);
    this.lookback = o.lookback;
    this.maxChange = o.maxChange;
    this.direction = o.direction;
    this.series = o.series;
    this.feature = options.feature;
  }

  get kind(): typeof SlopeTrend.kind {
    return SlopeTrend.kind;
  }

  update(x: number): void {
    requireFinite('SlopeTrend', x);
    this.values.push(x);
    if (this.values.length > this.lookback) this.values.shift();
  }

  /** True once `lookback` values have been seen. */
  get ready(): boolean {
    return this.values.length === this.lookback;
  }

  /** Least-squares slope per window; NaN until ready. */
  get slope(): number {
    if (!this.ready) return Number.NaN;
    return linearRegression(this.values.map((v, i) => [i, v])).m;
  }

  /** Fitted change from the first to the last window of the look-back: slope × (lookback − 1). */
  get fittedChange(): number {
    return this.slope * (this.lookback - 1);
  }

  get severity(): FindingSeverity {
    if (!this.ready) return 'none';
    return severityOfChange(this.direction, this.fittedChange, this.maxChange, 2 * this.maxChange);
  }

  get alarm(): boolean {
    return this.severity !== 'none';
  }

  evaluate(window: WindowBounds): Finding[] {
    if (!this.ready) return [];
    const change = this.fittedChange;
    const severity = this.severity;
    const threshold = this.direction === 'decline' || (this.direction === 'both' && change < 0) ? -this.maxChange : this.maxChange;
    const verb = change < 0 ? 'fell' : 'rose';
    const summary =
      severity === 'none'
        ? `${this.series} trend over the last ${this.lookback} windows is ${formatNumber(change)}, within the ${formatNumber(this.maxChange)} allowed.`
        : `${this.series} ${verb} by ${formatNumber(Math.abs(change))} over the last ${this.lookback} windows (least-squares fit), more than the ${formatNumber(this.maxChange)} allowed.`;
    return [
      {
        detector: 'trend.slope',
        ...(this.feature === undefined ? {} : { feature: this.feature }),
        metric: `${this.series}_slope_change`,
        value: change,
        threshold,
        severity,
        window,
        summary,
        details: { slope: this.slope, lookback: this.lookback, direction: this.direction },
      },
    ];
  }

  reset(): void {
    this.values = [];
  }

  toBytes(): Uint8Array {
    const w = new StateWriter(SlopeTrend.kind, 1).uvarint(this.lookback).f64(this.maxChange);
    writeSeriesIdentity(w, this);
    return w.f64s(this.values).finish();
  }

  static fromBytes(bytes: Uint8Array): SlopeTrend {
    const r = new StateReader(bytes, SlopeTrend.kind, 1);
    const lookback = r.uvarint();
    const maxChange = r.f64();
    const identity = readSeriesIdentity(r);
    const values = r.f64s();
    r.end();
    const detector = new SlopeTrend({ lookback, maxChange, ...identity });
    detector.values = values.slice(-lookback);
    return detector;
  }
}
