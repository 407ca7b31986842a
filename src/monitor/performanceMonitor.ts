import type { MonitorConfig, PerformanceConfig } from '../config/configSchema.ts';
import type { Finding, WindowBounds } from '../detectors/finding.ts';
import { ClassificationWindow } from '../detectors/performance/classificationWindow.ts';
import { RegressionWindow } from '../detectors/performance/regressionWindow.ts';
import { businessValue, costOfErrorsPerPrediction, withImpact } from '../detectors/performance/businessValue.ts';
import { bandFindings, calibratedBandFindings } from '../detectors/performance/metricBands.ts';
import { performanceFindings, type PerformanceMetric } from '../detectors/performance/performanceThresholds.ts';
import { CountWindowAssigner } from '../detectors/window/index.ts';
import { AlertGate } from './alertGate.ts';
import type { DetectorRestoreWarning } from './detectorRestoreWarning.ts';
import { emptyOutput, type EngineOutput } from './engineOutput.ts';
import { PerformanceCalibration } from './performanceCalibration.ts';
import { decodePerformanceMonitor, encodePerformanceMonitor } from './performanceMonitorCodec.ts';
import { configuredTrends, restoreTrends, trendFindings, type PerformanceTrends } from './performanceTrends.ts';
import { RetrainPolicy } from './retrainPolicy.ts';
import { snakeCase } from './snakeCase.ts';
import { windowReport } from './windowReport.ts';

/** A prediction joined to its label. */
export interface LabelledPrediction {
  score: number | null;
  predictedLabel: string | null;
  label: number | string;
}

/**
 * A model version's performance from delayed labels: joined (prediction, label) pairs fill count windows
 * of `performance.windowSize` pairs, in label arrival order; each full window gives the performance metrics,
 * their threshold findings, and one point of each trend detector's series (least-squares slope,
 * Page–Hinkley, CUSUM), which catches a slow slide that no fixed threshold sees.
 */
export class PerformanceMonitor {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly #config: PerformanceConfig;
  readonly #monitor: MonitorConfig;
  readonly #now: () => number;
  #appliedThrough = -1;
  /** Newest label event time applied (ms), for idle retirement. */
  #lastEventTime = -Infinity;
  #retiring = false;
  #assigner: CountWindowAssigner;
  #window: ClassificationWindow | RegressionWindow;
  #trends: PerformanceTrends;
  #gate: AlertGate;
  #retrain: RetrainPolicy;
  /** performance.calibrate: bands from the first windows. */
  #calibration: PerformanceCalibration | undefined;
  /** What restoring found that no longer fits the config (see fromBytes). */
  #restoreWarnings: DetectorRestoreWarning[] = [];

  /** The reference's cost of errors per prediction (known when CBPE was fitted on it), for business-value findings. */
  readonly #referenceCostOfErrors: number | undefined;

  constructor(modelId: string, modelVersion: string, monitor: MonitorConfig, now: () => number, referenceCostOfErrors?: number) {
    if (!monitor.performance) throw new Error(`model ${modelId} has no performance config`);
    this.modelId = modelId;
    this.modelVersion = modelVersion;
    this.#monitor = monitor;
    this.#config = monitor.performance;
    this.#now = now;
    this.#referenceCostOfErrors = referenceCostOfErrors;
    this.#assigner = new CountWindowAssigner({ size: this.#config.windowSize });
    this.#window = this.#newWindow();
    this.#trends = configuredTrends(monitor);
    this.#gate = new AlertGate({ persistence: monitor.persistence, severities: monitor.severities });
    this.#retrain = new RetrainPolicy(monitor.retraining);
    this.#calibration = this.#config.calibrate && new PerformanceCalibration(this.#config.calibrate);
  }

  get appliedThrough(): number {
    return this.#appliedThrough;
  }

  get lastEventTime(): number {
    return this.#lastEventTime;
  }

  /** Saved trend detectors the config no longer asks for, or asks for anew, when this monitor was restored. */
  get restoreWarnings(): readonly DetectorRestoreWarning[] {
    return this.#restoreWarnings;
  }

  /** The monitor is being retired: its open window, if it holds pairs, is reported now (model_metrics.retired = 1) and its firing alerts resolved. */
  retire(): EngineOutput {
    const out = emptyOutput();
    this.#retiring = true;
    for (const span of this.#assigner.open()) this.#close({ start: span.start, end: this.#assigner.next, count: this.#assigner.next - span.start }, out);
    out.alerts.push(...this.#gate.resolveAll(this.modelId, this.modelVersion, out.reports.at(-1)?.window, this.#now(), 'the model version was retired'));
    return out;
  }

  ingest(pair: LabelledPrediction, position: number, labelTime = -Infinity): EngineOutput {
    if (position <= this.#appliedThrough) return emptyOutput();
    // The window checks the pair before it changes anything; it goes first, so a pair it refuses (InvalidPairError)
    // leaves the monitor as it was.
    if (this.#window instanceof ClassificationWindow) {
      this.#window.update({ ...(pair.predictedLabel !== null ? { label: pair.predictedLabel } : {}), ...(pair.score !== null ? { score: pair.score } : {}) }, pair.label);
    } else if (pair.score !== null && typeof pair.label === 'number') {
      this.#window.update(pair.score, pair.label);
    }
    this.#appliedThrough = position;
    if (labelTime > this.#lastEventTime) this.#lastEventTime = labelTime;
    const { closed } = this.#assigner.assign();
    const out = emptyOutput();
    for (const span of closed) this.#close({ start: span.start, end: span.end, count: span.end - span.start }, out);
    return out;
  }

  #close(bounds: WindowBounds, out: EngineOutput): void {
    const window = this.#window;
    this.#window = this.#newWindow();
    const metrics = window.metrics() as unknown as Record<string, number>;
    const matrix = this.#config.businessValue;
    const confusion = matrix && window instanceof ClassificationWindow ? window.confusion() : undefined;
    if (confusion) metrics.businessValue = businessValue(matrix!, confusion);
    const thresholds = { metrics: this.#config.thresholds, minCount: Math.min(100, this.#config.windowSize) };
    const values = bySnakeName(metrics);
    const count = metrics.count ?? 0;
    const findings: Finding[] = [
      ...window.evaluate(bounds, thresholds),
      ...(confusion ? performanceFindings({ business_value: values.business_value }, count, thresholds, bounds) : []),
      ...bandFindings(values, count, this.#config.bands ?? {}, thresholds.minCount, bounds),
      ...calibratedBandFindings(this.#calibration?.bands, values, count, thresholds.minCount, bounds),
    ].map((f) => (confusion && f.metric === 'business_value' ? withImpact(f, costOfErrorsPerPrediction(matrix!, confusion), this.#referenceCostOfErrors, false) : f));
    this.#calibration?.observe(values);
    const trends = trendFindings(this.#trends, metrics, bounds);
    const now = this.#now();
    const alerts = this.#gate.evaluate(this.modelId, this.modelVersion, bounds, [
      ...findings.map((finding) => ({ finding })),
      ...trends.map((finding) => ({ finding, immediate: true })),
    ], now);
    const all = [...findings, ...trends];
    const modelMetrics: Record<string, number> = {};
    for (const [name, value] of Object.entries(metrics)) if (Number.isFinite(value)) modelMetrics[name === 'count' ? 'labelled_pairs' : snakeCase(name)] = value;
    if (this.#retiring) modelMetrics.retired = 1;
    out.reports.push(windowReport({
      modelId: this.modelId, modelVersion: this.modelVersion, stream: 'labels', window: bounds, lateEvents: 0,
      features: [], modelMetrics, findings: all, now,
    }));
    out.alerts.push(...alerts);
    const request = this.#retrain.onWindow(this, bounds, all, alerts, [...this.#gate.firing().values()], now);
    if (request) out.retrainRequests.push(request);
  }

  #newWindow(): ClassificationWindow | RegressionWindow {
    return this.#config.task === 'classification'
      ? new ClassificationWindow({ positiveLabel: this.#config.positiveLabel, decisionThreshold: this.#config.decisionThreshold })
      : new RegressionWindow();
  }

  toBytes(): Buffer {
    return encodePerformanceMonitor({
      modelId: this.modelId,
      modelVersion: this.modelVersion,
      appliedThrough: this.#appliedThrough,
      lastEventTime: this.#lastEventTime,
      assigner: this.#assigner,
      window: this.#window,
      trends: this.#trends,
      gate: this.#gate.toJSON(),
      retrain: this.#retrain.toJSON(),
      calibration: this.#calibration?.toJSON(),
    });
  }

  /**
   * Restores a saved monitor. Its trend detectors are restored by the kinds their bytes name and matched to
   * what the config asks for now: see restoreTrends and restoreWarnings.
   */
  static fromBytes(bytes: Uint8Array, monitor: MonitorConfig, now: () => number, referenceCostOfErrors?: number): PerformanceMonitor {
    const d = decodePerformanceMonitor(bytes);
    const m = new PerformanceMonitor(d.modelId, d.modelVersion, monitor, now, referenceCostOfErrors);
    m.#appliedThrough = d.appliedThrough;
    m.#lastEventTime = d.lastEventTime;
    m.#assigner = CountWindowAssigner.fromBytes(d.assigner);
    m.#window = m.#config.task === 'classification' ? ClassificationWindow.fromBytes(d.window) : RegressionWindow.fromBytes(d.window);
    const { trends, warnings } = restoreTrends(monitor, d.trends);
    m.#trends = trends;
    m.#restoreWarnings = warnings;
    m.#gate = AlertGate.fromJSON({ persistence: monitor.persistence, severities: monitor.severities }, d.gate);
    m.#retrain = RetrainPolicy.fromJSON(monitor.retraining, d.retrain);
    m.#calibration = m.#config.calibrate && PerformanceCalibration.fromJSON(m.#config.calibrate, d.calibration);
    return m;
  }
}

/** The window's metrics under the names the config gives them (roc_auc, log_loss, …). */
function bySnakeName(metrics: Record<string, number>): Partial<Record<PerformanceMetric, number>> {
  return Object.fromEntries(Object.entries(metrics).map(([name, value]) => [snakeCase(name), value]));
}
