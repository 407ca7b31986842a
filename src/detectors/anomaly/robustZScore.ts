import type { Finding, FindingSeverity, WindowBounds } from '../finding.ts';
import { formatNumber } from '../common/format.ts';
import { type TrendDirection, readSeriesIdentity, requireDirection, severityOfChange, writeSeriesIdentity } from '../common/series.ts';
import { StateReader, StateWriter } from '../common/stateCodec.ts';
import { InvalidOptionError, requireFinite, requireInteger, requirePositive } from '../common/validation.ts';
import { mean, median, medianAbsoluteDeviation } from 'simple-statistics';
import type { SeriesDetector } from '../series/seriesDetector.ts';

export interface RobustZScoreOptions {
  /** How many previous windows form the baseline the newest value is scored against. */
  history?: number;
  /** |modified z| above which the value is anomalous (warning). */
  threshold?: number;
  /** |modified z| above which it is critical. */
  criticalThreshold?: number;
  direction?: TrendDirection;
  series?: string;
  feature?: string;
}

/** Consistency constant: 1.4826 × MAD estimates σ for normal data (1/Φ⁻¹(3/4)). */
export const MAD_SCALE = 1.4826;
/** Used when MAD is 0: 1.253314 × mean absolute deviation estimates σ for normal data (√(π/2)). */
export const MEAN_AD_SCALE = 1.253314;

/**
 * Modified z-score (Iglewicz & Hoaglin 1993) of each new window value against the previous
 * `history` values: z = (x − median) / (1.4826 · MAD). When more than half the history is identical
 * MAD is 0; the mean absolute deviation (× 1.253314) stands in, and when that is 0 too any value
 * different from the median scores ±Number.MAX_VALUE. The value is scored before it joins the history.
 */
export class RobustZScore implements SeriesDetector {
  /** The kind its state bytes name. */
  static readonly kind = 'anomaly.robust_z';

  static readonly defaults = {
    // 30 windows: the median and MAD of 30 values are stable enough to score against (a day and a bit of hourly windows).
    history: 30,
    // 3.5: Iglewicz & Hoaglin's recommended cut-off for the modified z-score.
    threshold: 3.5,
    // 2 × 3.5: an unmistakable outlier.
    criticalThreshold: 7,
    direction: 'both' as TrendDirection,
    series: 'aggregate',
  };

  readonly history: number;
  readonly threshold: number;
  readonly criticalThreshold: number;
  readonly direction: TrendDirection;
  readonly series: string;
  readonly feature: string | undefined;

  private values: number[] = [];
  private lastValue = Number.NaN;
  private lastZ = Number.NaN;
  private lastMedian = Number.NaN;
  private lastScale = Number.NaN;

  constructor(options: RobustZScoreOptions = {}) {
    const o = { ...RobustZScore.defaults, ...options };
    requireInteger('RobustZScore', 'history', o.history, 3);
    requirePositive('RobustZScore', 'threshold', o.threshold);
    if (!(o.criticalThreshold >= o.threshold)) {
      throw new InvalidOptionError('RobustZScore', 'criticalThreshold', o.criticalThreshold, `≥ threshold (${o.threshold})`);
    }
    requireDirection('RobustZScore', o.direction);
    this.history = o.history;
    this.threshold = o.threshold;
    this.criticalThreshold = o.criticalThreshold;
    this.direction = o.direction;
    this.series = o.series;
    this.feature = options.feature;
  }

  get kind(): typeof RobustZScore.kind {
    return RobustZScore.kind;
  }

  update(x: number): void {
    requireFinite('RobustZScore', x);
    this.lastValue = x;
    if (this.values.length === this.history) {
      const centre = median(this.values);
      let scale = MAD_SCALE * medianAbsoluteDeviation(this.values);
      if (scale === 0) scale = MEAN_AD_SCALE * mean(this.values.map((v) => Math.abs(v - centre)));
      this.lastMedian = centre;
      this.lastScale = scale;
      this.lastZ = scale > 0 ? (x - centre) / scale : x === centre ? 0 : Math.sign(x - centre) * Number.MAX_VALUE;
      if (!Number.isFinite(this.lastZ)) this.lastZ = Math.sign(this.lastZ) * Number.MAX_VALUE;
    }
    this.values.push(x);
    if (this.values.length > this.history) this.values.shift();
  }

  /** True once the last value was scored against a full history. */
  get ready(): boolean {
    return !Number.isNaN(this.lastZ);
  }

  /** Modified z-score of the last value; NaN until ready. */
  get score(): number {
    return this.lastZ;
  }

  get severity(): FindingSeverity {
    if (!this.ready) return 'none';
    return severityOfChange(this.direction, this.lastZ, this.threshold, this.criticalThreshold);
  }

  get alarm(): boolean {
    return this.severity !== 'none';
  }

  evaluate(window: WindowBounds): Finding[] {
    if (!this.ready) return [];
    const z = this.lastZ;
    const severity = this.severity;
    const threshold = this.direction === 'decline' || (this.direction === 'both' && z < 0) ? -this.threshold : this.threshold;
    const summary =
      severity === 'none'
        ? `${this.series} ${formatNumber(this.lastValue)} is within ${formatNumber(this.threshold)} robust standard deviations of the median ${formatNumber(this.lastMedian)} of the last ${this.history} windows.`
        : `${this.series} ${formatNumber(this.lastValue)} is ${z > 0 ? 'above' : 'below'} the median ${formatNumber(this.lastMedian)} of the last ${this.history} windows by ${formatNumber(Math.abs(z))} robust standard deviations (threshold ${formatNumber(this.threshold)}).`;
    return [
      {
        detector: 'anomaly.robust_z',
        ...(this.feature === undefined ? {} : { feature: this.feature }),
        metric: `${this.series}_robust_z`,
        value: z,
        threshold,
        severity,
        window,
        summary,
        details: { value: this.lastValue, median: this.lastMedian, robustSd: this.lastScale, direction: this.direction },
      },
    ];
  }

  reset(): void {
    this.values = [];
    this.lastValue = Number.NaN;
    this.lastZ = Number.NaN;
    this.lastMedian = Number.NaN;
    this.lastScale = Number.NaN;
  }

  toBytes(): Uint8Array {
    const w = new StateWriter(RobustZScore.kind, 1).uvarint(this.history).f64(this.threshold).f64(this.criticalThreshold);
    writeSeriesIdentity(w, this);
    return w
      .f64s(this.values)
      .f64(this.lastValue)
      .f64(this.lastZ)
      .f64(this.lastMedian)
      .f64(this.lastScale)
      .finish();
  }

  static fromBytes(bytes: Uint8Array): RobustZScore {
    const r = new StateReader(bytes, RobustZScore.kind, 1);
    const history = r.uvarint();
    const threshold = r.f64();
    const criticalThreshold = r.f64();
    const detector = new RobustZScore({ history, threshold, criticalThreshold, ...readSeriesIdentity(r) });
    detector.values = r.f64s();
    detector.lastValue = r.f64();
    detector.lastZ = r.f64();
    detector.lastMedian = r.f64();
    detector.lastScale = r.f64();
    r.end();
    return detector;
  }
}
