import type { Finding, WindowBounds } from '../finding.ts';
import { StateReader, StateWriter } from '../common/stateCodec.ts';
import { CompensatedSum } from '../common/compensatedSum.ts';
import { InvalidPairError } from './labels.ts';
import { type PerformanceThresholds, performanceFindings } from './performanceThresholds.ts';

export interface RegressionMetrics {
  count: number;
  mae: number;
  rmse: number;
  /** A fraction (0.1 = 10 %), as sklearn's mean_absolute_percentage_error. */
  mape: number;
}

/** sklearn's MAPE divides by max(|y|, eps), eps the float64 machine epsilon. */
const MAPE_EPS = Number.EPSILON;

/**
 * Regression performance over one window of (prediction, label) pairs, matching sklearn's
 * mean_absolute_error, root_mean_squared_error and mean_absolute_percentage_error. Keeps three
 * compensated sums, so windows merge exactly and hold no raw values.
 */
export class RegressionWindow {
  private n = 0;
  private absolute = new CompensatedSum();
  private squared = new CompensatedSum();
  private percentage = new CompensatedSum();

  update(prediction: number, label: number): void {
    if (!Number.isFinite(prediction) || !Number.isFinite(label)) {
      throw new InvalidPairError(`regression pair (prediction ${prediction}, label ${label}) is not finite; route it to data-quality checks instead`);
    }
    const error = Math.abs(prediction - label);
    this.n += 1;
    this.absolute.add(error);
    this.squared.add(error * error);
    this.percentage.add(error / Math.max(Math.abs(label), MAPE_EPS));
  }

  merge(other: RegressionWindow): void {
    this.n += other.n;
    this.absolute.merge(other.absolute);
    this.squared.merge(other.squared);
    this.percentage.merge(other.percentage);
  }

  get count(): number {
    return this.n;
  }

  metrics(): RegressionMetrics {
    const n = this.n;
    if (n === 0) return { count: 0, mae: Number.NaN, rmse: Number.NaN, mape: Number.NaN };
    return {
      count: n,
      mae: this.absolute.value / n,
      rmse: Math.sqrt(this.squared.value / n),
      mape: this.percentage.value / n,
    };
  }

  /** Findings for the metrics that have thresholds, e.g. { metrics: { mae: { warning: 3, critical: 5 } } }. */
  evaluate(window: WindowBounds, thresholds: PerformanceThresholds): Finding[] {
    const m = this.metrics();
    return performanceFindings({ mae: m.mae, rmse: m.rmse, mape: m.mape }, m.count, thresholds, window);
  }

  reset(): void {
    this.n = 0;
    this.absolute = new CompensatedSum();
    this.squared = new CompensatedSum();
    this.percentage = new CompensatedSum();
  }

  toBytes(): Uint8Array {
    return new StateWriter('performance.regression', 1)
      .f64(this.n)
      .f64s([...this.absolute.parts, ...this.squared.parts, ...this.percentage.parts])
      .finish();
  }

  static fromBytes(bytes: Uint8Array): RegressionWindow {
    const r = new StateReader(bytes, 'performance.regression', 1);
    const window = new RegressionWindow();
    window.n = r.f64();
    const [a, ac, s, sc, p, pc] = r.f64s();
    r.end();
    window.absolute = CompensatedSum.fromParts(a, ac);
    window.squared = CompensatedSum.fromParts(s, sc);
    window.percentage = CompensatedSum.fromParts(p, pc);
    return window;
  }
}
