import { Counter, Gauge, type Registry } from 'prom-client';
import type { WindowReportRecord } from '../contracts/reports.ts';

export interface DriftGaugeOptions {
  /** Most (model, stream, feature, metric) series kept; updates of series past it are counted, not kept. */
  maxSeries: number;
}

/**
 * The last closed window's numbers as Prometheus gauges:
 *   driftwatch_drift_statistic{model_id,stream,feature,metric}  each drift test's statistic (psi, ks, …)
 *   driftwatch_quality_score{model_id,stream}                    the data-quality score (0…1)
 * Model ids come from the configured monitors only, so the quality series are bounded by the config; the drift
 * series grow with features × tests and are capped at `maxSeries`: a series first seen past the cap is not
 * created, and `driftwatch_drift_series_dropped_total` counts its updates. Versions are not a label: a
 * gauge shows the last window any version of the model closed.
 */
export class DriftGauges {
  readonly #maxSeries: number;
  readonly #drift: Gauge<'model_id' | 'stream' | 'feature' | 'metric'>;
  readonly #quality: Gauge<'model_id' | 'stream'>;
  readonly #dropped: Counter<'model_id'>;
  readonly #series = new Set<string>();

  constructor(registry: Registry, options: DriftGaugeOptions) {
    this.#maxSeries = options.maxSeries;
    const registers = [registry];
    this.#drift = new Gauge({
      name: 'driftwatch_drift_statistic',
      help: "The last closed window's drift statistic per model, stream, feature and metric (e.g. psi, ks, jensen_shannon).",
      labelNames: ['model_id', 'stream', 'feature', 'metric'],
      registers,
    });
    this.#quality = new Gauge({
      name: 'driftwatch_quality_score',
      help: "The last closed window's data-quality score (1 = every check passed), per model and stream.",
      labelNames: ['model_id', 'stream'],
      registers,
    });
    this.#dropped = new Counter({
      name: 'driftwatch_drift_series_dropped_total',
      help: 'Drift statistic updates not exported because observability.maxDriftSeries series exist already.',
      labelNames: ['model_id'],
      registers,
    });
  }

  get seriesCount(): number {
    return this.#series.size;
  }

  record(report: WindowReportRecord): void {
    const { model_id, stream } = report;
    for (const finding of report.findings) {
      if (!finding.detector.startsWith('drift.') || finding.feature === null || !Number.isFinite(finding.value)) continue;
      const labels = { model_id, stream, feature: finding.feature, metric: finding.metric };
      const id = JSON.stringify([model_id, stream, finding.feature, finding.metric]);
      if (!this.#series.has(id)) {
        if (this.#series.size >= this.#maxSeries) {
          this.#dropped.inc({ model_id });
          continue;
        }
        this.#series.add(id);
      }
      this.#drift.set(labels, finding.value);
    }
    const score = report.model_metrics.quality_score;
    if (score !== undefined && Number.isFinite(score)) this.#quality.set({ model_id, stream }, score);
  }
}
