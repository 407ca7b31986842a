import type { PerformanceCalibrationConfig } from '../config/performanceBandsSchema.ts';
import { calibratedBand, type CalibratedBand } from '../detectors/performance/metricBands.ts';
import type { PerformanceMetric } from '../detectors/performance/performanceThresholds.ts';

/**
 * performance.calibrate: the first `windows` performance windows are the reference chunks. Their metric values
 * are kept (at most MAX_CALIBRATION_WINDOWS per metric) until the last of them closes; from then on the bands
 * are mean ± kσ of those values (calibratedBand, NannyML's rule) and the values are dropped.
 */
export class PerformanceCalibration {
  readonly #config: PerformanceCalibrationConfig;
  #windows = 0;
  #values: Partial<Record<PerformanceMetric, number[]>> = {};
  #bands: Partial<Record<PerformanceMetric, CalibratedBand>> | undefined;

  constructor(config: PerformanceCalibrationConfig) {
    this.#config = config;
  }

  /** The calibrated bands, once the reference windows are all in; undefined before. */
  get bands(): Partial<Record<PerformanceMetric, CalibratedBand>> | undefined {
    return this.#bands;
  }

  /** Takes a closed window's metrics: a reference window's are kept (NaN for an undefined metric), later ones are not. */
  observe(metrics: Partial<Record<PerformanceMetric, number>>): void {
    if (this.#bands) return;
    this.#windows++;
    for (const metric of this.#config.metrics) (this.#values[metric] ??= []).push(metrics[metric] ?? Number.NaN);
    if (this.#windows < this.#config.windows) return;
    const bands: Partial<Record<PerformanceMetric, CalibratedBand>> = {};
    for (const metric of this.#config.metrics) {
      const values = this.#values[metric] ?? [];
      // A metric defined in fewer than two reference windows gets no band (calibratedBand needs two).
      if (values.filter(Number.isFinite).length >= 2) bands[metric] = calibratedBand(metric, values, this.#config.k);
    }
    this.#bands = bands;
    this.#values = {};
  }

  toJSON(): unknown {
    return { windows: this.#windows, values: this.#values, bands: this.#bands ?? null };
  }

  /** A saved calibration, or a new one when nothing was saved (state from before performance.calibrate was set). */
  static fromJSON(config: PerformanceCalibrationConfig, json: unknown): PerformanceCalibration {
    const c = new PerformanceCalibration(config);
    if (json === undefined || json === null) return c;
    const saved = json as { windows: number; values: Partial<Record<PerformanceMetric, (number | null)[]>>; bands: Partial<Record<PerformanceMetric, CalibratedBand>> | null };
    c.#windows = saved.windows;
    // JSON writes NaN as null.
    c.#values = Object.fromEntries(Object.entries(saved.values).map(([m, vs]) => [m, vs!.map((v) => v ?? Number.NaN)]));
    c.#bands = saved.bands ?? undefined;
    return c;
  }
}
