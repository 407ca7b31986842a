import type { MonitorConfig, PerformanceConfig } from '../config/configSchema.ts';
import { ValueTag, type EventBatch } from '../contracts/eventBatch.ts';
import type { Finding, WindowBounds } from '../detectors/finding.ts';
import { CbpeWindow } from '../detectors/performance/cbpe/cbpeWindow.ts';
import { ESTIMATED_METRIC_NAMES, type CbpeEstimates, type CbpeMetricName, type CbpeModel } from '../detectors/performance/cbpe/cbpeModel.ts';
import { withImpact } from '../detectors/performance/businessValue.ts';
import { bandFindings, calibratedBandFindings, type CalibratedBand } from '../detectors/performance/metricBands.ts';
import { performanceFindings, type PerformanceMetric } from '../detectors/performance/performanceThresholds.ts';
import { CountWindowAssigner } from '../detectors/window/index.ts';
import { AlertGate } from './alertGate.ts';
import type { DetectorRestoreWarning } from './detectorRestoreWarning.ts';
import type { EngineOutput } from './engineOutput.ts';
import { configuredTrends, estimatedTrendMetrics, restoreTrends, trendFindings, type PerformanceTrends } from './performanceTrends.ts';
import { readStateBundle, StateBundleWriter } from './stateBundle.ts';
import { windowReport } from './windowReport.ts';

const COUNTED = 'predictions (estimated without labels)';

export interface PerformanceEstimateInit {
  modelId: string;
  modelVersion: string;
  monitor: MonitorConfig;
  /** Fitted on the reference file's predictions and targets (see MonitorEngine). */
  model: CbpeModel;
  now: () => number;
}

/**
 * performance.estimate: cbpe for one model version's predictions. Every prediction with a score in [0, 1]
 * goes into count windows of performance.windowSize; each full window gives the estimated metrics with their
 * sampling errors (CbpeModel.estimate), their findings — fixed thresholds, explicit bands, and for a metric with
 * neither the reference's band (NannyML's default: mean ± 3σ of the realized metric over reference chunks) —
 * the label-free trends, and a report on the `estimates` stream. Alerts go through its own gate, since its
 * windows are not the drift windows.
 */
export class PerformanceEstimate {
  readonly #init: PerformanceEstimateInit;
  readonly #config: PerformanceConfig;
  readonly #referenceBands: Partial<Record<PerformanceMetric, CalibratedBand>>;
  #assigner: CountWindowAssigner;
  #window = new CbpeWindow();
  #trends: PerformanceTrends;
  #gate: AlertGate;
  #restoreWarnings: DetectorRestoreWarning[] = [];

  constructor(init: PerformanceEstimateInit) {
    this.#init = init;
    this.#config = init.monitor.performance!;
    this.#assigner = new CountWindowAssigner({ size: this.#config.windowSize });
    this.#trends = configuredTrends(init.monitor, estimatedTrendMetrics(this.#config));
    this.#gate = new AlertGate({ persistence: init.monitor.persistence, severities: init.monitor.severities });
    this.#referenceBands = {};
    const configured = new Set([...Object.keys(this.#config.thresholds), ...Object.keys(this.#config.bands)]);
    for (const metric of ESTIMATED_METRIC_NAMES) {
      const band = init.model.bands[metric];
      if (band && !configured.has(`estimated_${metric}`)) this.#referenceBands[`estimated_${metric}`] = band;
    }
  }

  get restoreWarnings(): readonly DetectorRestoreWarning[] {
    return this.#restoreWarnings;
  }

  /** One prediction: its score (skipped unless in [0, 1]) and predicted label (null: the score against decisionThreshold decides). */
  add(score: number | null, label: string | null, out: EngineOutput): void {
    if (score === null || !(score >= 0 && score <= 1)) return;
    this.#add(score, label !== null ? label === this.#config.positiveLabel : score >= this.#config.decisionThreshold, out);
  }

  /** add() for rows of a batch, in order. */
  addRows(batch: EventBatch, rows: Int32Array, out: EngineOutput): void {
    const { score, label } = batch;
    const positiveCode = label.dictionary.indexOf(this.#config.positiveLabel);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (score.tags[r] !== ValueTag.number) continue;
      const s = score.numbers[r];
      if (!(s >= 0 && s <= 1)) continue;
      this.#add(s, label.tags[r] === ValueTag.string ? label.codes[r] === positiveCode : s >= this.#config.decisionThreshold, out);
    }
  }

  #add(score: number, predictedPositive: boolean, out: EngineOutput): void {
    this.#window.add(score, this.#init.model.probability(score), predictedPositive);
    const { closed } = this.#assigner.assign();
    for (const span of closed) this.#close({ start: span.start, end: span.end, count: span.end - span.start }, out, false);
  }

  /** The version is retired: its open window, if it holds predictions, is reported, and its firing alerts resolved. */
  retire(out: EngineOutput): void {
    const { modelId, modelVersion } = this.#init;
    const before = out.reports.length;
    for (const span of this.#assigner.open()) this.#close({ start: span.start, end: this.#assigner.next, count: this.#assigner.next - span.start }, out, true);
    const last = out.reports.length > before ? out.reports.at(-1)!.window : undefined;
    out.alerts.push(...this.#gate.resolveAll(modelId, modelVersion, last, this.#init.now(), 'the model version was retired'));
  }

  #close(bounds: WindowBounds, out: EngineOutput, retiring: boolean): void {
    const { modelId, modelVersion, model } = this.#init;
    const estimates = model.estimate(this.#window);
    this.#window = new CbpeWindow();
    const values = estimatedValues(estimates);
    const minCount = Math.min(100, this.#config.windowSize);
    const count = estimates.count;
    const described = (finding: Finding): Finding => {
      const { samplingError } = estimates[finding.metric.slice('estimated_'.length) as CbpeMetricName];
      const withError = { ...finding, details: { ...finding.details, sampling_error: samplingError } };
      return finding.metric === 'estimated_business_value' ? withImpact(withError, estimates.costOfErrors, model.referenceCostOfErrors, true) : withError;
    };
    const findings = [
      ...performanceFindings(values, count, { metrics: this.#config.thresholds, minCount, counted: COUNTED }, bounds),
      ...bandFindings(values, count, this.#config.bands, minCount, bounds, COUNTED),
      ...calibratedBandFindings(this.#referenceBands, values, count, minCount, bounds, COUNTED),
    ].map(described);
    const trends = trendFindings(this.#trends, values, bounds);
    const now = this.#init.now();
    out.alerts.push(...this.#gate.evaluate(modelId, modelVersion, bounds, [
      ...findings.map((finding) => ({ finding })),
      ...trends.map((finding) => ({ finding, immediate: true })),
    ], now));
    const modelMetrics: Record<string, number> = { predictions: count };
    for (const metric of ESTIMATED_METRIC_NAMES) {
      const { value, samplingError } = estimates[metric];
      if (Number.isFinite(value)) modelMetrics[`estimated_${metric}`] = value;
      if (Number.isFinite(samplingError)) modelMetrics[`estimated_${metric}_sampling_error`] = samplingError;
    }
    if (Number.isFinite(estimates.costOfErrors)) modelMetrics.estimated_cost_of_errors_per_prediction = estimates.costOfErrors;
    if (retiring) modelMetrics.retired = 1;
    out.reports.push(windowReport({ modelId, modelVersion, stream: 'estimates', window: bounds, lateEvents: 0, features: [], modelMetrics, findings: [...findings, ...trends], now }));
  }

  toBytes(): Buffer {
    const w = new StateBundleWriter();
    // Blobs are numbered in this order (assigner, window, trends): saved states depend on it.
    const document: SavedEstimate = {
      assigner: w.blob(this.#assigner.toBytes()),
      window: w.blob(this.#window.toBytes()),
      trends: [...this.#trends].map(([metric, ds]) => [metric, ds.map((d) => w.blob(d.toBytes()))]),
      gate: this.#gate.toJSON(),
    };
    return w.finish(document);
  }

  /** Restores a saved estimate; its trend detectors are matched to the config as the performance monitor's are (restoreTrends). */
  static fromBytes(bytes: Uint8Array, init: PerformanceEstimateInit): PerformanceEstimate {
    const { document, blob } = readStateBundle(bytes);
    const d = document as SavedEstimate;
    const estimate = new PerformanceEstimate(init);
    estimate.#assigner = CountWindowAssigner.fromBytes(blob(d.assigner));
    estimate.#window = CbpeWindow.fromBytes(blob(d.window));
    const saved = d.trends.map(([metric, indices]): [string, Uint8Array[]] => [metric, indices.map((i) => blob(i))]);
    const { trends, warnings } = restoreTrends(init.monitor, saved, estimatedTrendMetrics(estimate.#config));
    estimate.#trends = trends;
    estimate.#restoreWarnings = warnings;
    estimate.#gate = AlertGate.fromJSON({ persistence: init.monitor.persistence, severities: init.monitor.severities }, d.gate);
    return estimate;
  }
}

interface SavedEstimate {
  assigner: number;
  window: number;
  trends: [string, number[]][];
  gate: unknown;
}

function estimatedValues(estimates: CbpeEstimates): Record<string, number> {
  return Object.fromEntries(ESTIMATED_METRIC_NAMES.map((metric) => [`estimated_${metric}`, estimates[metric].value]));
}
