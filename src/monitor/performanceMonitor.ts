import type { MonitorConfig, PerformanceConfig } from '../config/configSchema.ts';
import type { Finding, WindowBounds } from '../detectors/finding.ts';
import { ClassificationWindow } from '../detectors/performance/classificationWindow.ts';
import type { PerformanceMetric } from '../detectors/performance/performanceThresholds.ts';
import { RegressionWindow } from '../detectors/performance/regressionWindow.ts';
import { Cusum } from '../detectors/trend/cusum.ts';
import { PageHinkley } from '../detectors/trend/pageHinkley.ts';
import { SlopeTrend } from '../detectors/trend/slopeTrend.ts';
import { CountWindowAssigner } from '../detectors/window/index.ts';
import { AlertGate } from './alertGate.ts';
import { emptyOutput, type EngineOutput } from './engineOutput.ts';
import { RetrainPolicy } from './retrainPolicy.ts';
import { readStateBundle, StateBundleWriter } from './stateBundle.ts';
import { windowReport } from './windowReport.ts';

/** A prediction joined to its label. */
export interface LabelledPrediction {
  score: number | null;
  predictedLabel: string | null;
  label: number | string;
}

type Trend = SlopeTrend | PageHinkley | Cusum;

const LOWER_IS_BETTER: ReadonlySet<PerformanceMetric> = new Set(['log_loss', 'mae', 'rmse', 'mape']);
const METRIC_KEYS: Record<PerformanceMetric, string> = {
  accuracy: 'accuracy', precision: 'precision', recall: 'recall', f1: 'f1', roc_auc: 'rocAuc', log_loss: 'logLoss', mae: 'mae', rmse: 'rmse', mape: 'mape',
};

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
  #trends: Map<string, Trend[]>;
  #gate: AlertGate;
  #retrain: RetrainPolicy;

  constructor(modelId: string, modelVersion: string, monitor: MonitorConfig, now: () => number) {
    if (!monitor.performance) throw new Error(`model ${modelId} has no performance config`);
    this.modelId = modelId;
    this.modelVersion = modelVersion;
    this.#monitor = monitor;
    this.#config = monitor.performance;
    this.#now = now;
    this.#assigner = new CountWindowAssigner({ size: this.#config.windowSize });
    this.#window = this.#newWindow();
    this.#trends = new Map(this.#trendMetrics().map((metric) => [metric, newTrends(metric, monitor)]));
    this.#gate = new AlertGate({ persistence: monitor.persistence, severities: monitor.severities });
    this.#retrain = new RetrainPolicy(monitor.retraining);
  }

  get appliedThrough(): number {
    return this.#appliedThrough;
  }

  get lastEventTime(): number {
    return this.#lastEventTime;
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
    const thresholds = { metrics: this.#config.thresholds, minCount: Math.min(100, this.#config.windowSize) };
    const findings: Finding[] = [...window.evaluate(bounds, thresholds)];
    const trendFindings: Finding[] = [];
    for (const [metric, detectors] of this.#trends) {
      const value = metrics[METRIC_KEYS[metric as PerformanceMetric]];
      if (!Number.isFinite(value)) continue;
      for (const d of detectors) {
        d.update(value);
        trendFindings.push(...d.evaluate(bounds));
      }
    }
    const now = this.#now();
    const alerts = this.#gate.evaluate(this.modelId, this.modelVersion, bounds, [
      ...findings.map((finding) => ({ finding })),
      ...trendFindings.map((finding) => ({ finding, immediate: true })),
    ], now);
    const all = [...findings, ...trendFindings];
    const modelMetrics: Record<string, number> = {};
    for (const [name, value] of Object.entries(metrics)) if (Number.isFinite(value)) modelMetrics[name === 'count' ? 'labelled_pairs' : snake(name)] = value;
    if (this.#retiring) modelMetrics.retired = 1;
    out.reports.push(windowReport({
      modelId: this.modelId, modelVersion: this.modelVersion, stream: 'labels', window: bounds, lateEvents: 0,
      features: [], modelMetrics, findings: all, now,
    }));
    out.alerts.push(...alerts);
    const request = this.#retrain.onWindow(this, bounds, all, alerts, [...this.#gate.firing().values()], now);
    if (request) out.retrainRequests.push(request);
  }

  #trendMetrics(): PerformanceMetric[] {
    return this.#config.trendMetrics ?? [this.#config.task === 'classification' ? 'accuracy' : 'mae'];
  }

  #newWindow(): ClassificationWindow | RegressionWindow {
    return this.#config.task === 'classification'
      ? new ClassificationWindow({ positiveLabel: this.#config.positiveLabel, decisionThreshold: this.#config.decisionThreshold })
      : new RegressionWindow();
  }

  toBytes(): Buffer {
    const w = new StateBundleWriter();
    return w.finish({
      modelId: this.modelId,
      modelVersion: this.modelVersion,
      appliedThrough: this.#appliedThrough,
      lastEventTime: Number.isFinite(this.#lastEventTime) ? this.#lastEventTime : null,
      assigner: w.blob(this.#assigner.toBytes()),
      window: w.blob(this.#window.toBytes()),
      trends: [...this.#trends].map(([metric, ds]) => [metric, ds.map((d) => [trendKind(d), w.blob(d.toBytes())])]),
      gate: this.#gate.toJSON(),
      retrain: this.#retrain.toJSON(),
    });
  }

  static fromBytes(bytes: Uint8Array, monitor: MonitorConfig, now: () => number): PerformanceMonitor {
    const { document, blob } = readStateBundle(bytes);
    const d = document as { modelId: string; modelVersion: string; appliedThrough: number; lastEventTime?: number | null; assigner: number; window: number; trends: [string, [TrendKind, number][]][]; gate: unknown; retrain: unknown };
    const m = new PerformanceMonitor(d.modelId, d.modelVersion, monitor, now);
    m.#appliedThrough = d.appliedThrough;
    m.#lastEventTime = d.lastEventTime ?? -Infinity;
    m.#assigner = CountWindowAssigner.fromBytes(blob(d.assigner));
    m.#window = m.#config.task === 'classification' ? ClassificationWindow.fromBytes(blob(d.window)) : RegressionWindow.fromBytes(blob(d.window));
    m.#trends = new Map(d.trends.map(([metric, saved]) => [metric, saved.map(([kind, i]) => TREND_KINDS[kind].fromBytes(blob(i)))]));
    m.#gate = AlertGate.fromJSON({ persistence: monitor.persistence, severities: monitor.severities }, d.gate);
    m.#retrain = RetrainPolicy.fromJSON(monitor.retraining, d.retrain);
    return m;
  }
}

function newTrends(metric: PerformanceMetric, monitor: MonitorConfig): Trend[] {
  const direction = LOWER_IS_BETTER.has(metric) ? 'rise' : 'decline';
  const trends: Trend[] = [new SlopeTrend({ series: metric, direction, lookback: monitor.trend.slope.lookback, maxChange: monitor.trend.slope.maxChange })];
  if (monitor.trend.pageHinkley) trends.push(new PageHinkley({ series: metric, direction }));
  if (monitor.trend.cusum) trends.push(new Cusum({ series: metric, direction }));
  return trends;
}

type TrendKind = 'slope' | 'page_hinkley' | 'cusum';
const TREND_KINDS = { slope: SlopeTrend, page_hinkley: PageHinkley, cusum: Cusum } as const;

function trendKind(d: Trend): TrendKind {
  return d instanceof SlopeTrend ? 'slope' : d instanceof PageHinkley ? 'page_hinkley' : 'cusum';
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
