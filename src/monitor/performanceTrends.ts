import type { MonitorConfig, PerformanceConfig } from '../config/configSchema.ts';
import { isEstimatedMetric } from '../config/performanceBandsSchema.ts';
import type { Finding, WindowBounds } from '../detectors/finding.ts';
import type { PerformanceMetric } from '../detectors/performance/performanceThresholds.ts';
import { restoreSeriesDetector } from '../detectors/series/restoreSeriesDetector.ts';
import type { SeriesDetector, SeriesDetectorKind } from '../detectors/series/seriesDetector.ts';
import { Adwin } from '../detectors/trend/adwin.ts';
import { Cusum } from '../detectors/trend/cusum.ts';
import { Kswin } from '../detectors/trend/kswin.ts';
import { PageHinkley } from '../detectors/trend/pageHinkley.ts';
import { SlopeTrend } from '../detectors/trend/slopeTrend.ts';
import { trendDetectors } from './trendDetectors.ts';
import { detectorRestoreWarning, type DetectorRestoreWarning } from './detectorRestoreWarning.ts';

/** Trend detectors per performance metric, in the order they are evaluated. */
export type PerformanceTrends = Map<string, SeriesDetector[]>;

/** The tag a saved trend carries next to its bytes (the bytes also name their kind, which restoring reads). */
export type TrendTag = 'slope' | 'page_hinkley' | 'cusum' | 'adwin' | 'kswin';

const TAGS: Partial<Record<SeriesDetectorKind, TrendTag>> = { [SlopeTrend.kind]: 'slope', [PageHinkley.kind]: 'page_hinkley', [Cusum.kind]: 'cusum', [Adwin.kind]: 'adwin', [Kswin.kind]: 'kswin' };

const LOWER_IS_BETTER: ReadonlySet<PerformanceMetric> = new Set(['log_loss', 'mae', 'rmse', 'mape']);
const METRIC_KEYS: Record<PerformanceMetric, string> = {
  accuracy: 'accuracy', precision: 'precision', recall: 'recall', f1: 'f1', roc_auc: 'rocAuc', log_loss: 'logLoss', mae: 'mae', rmse: 'rmse', mape: 'mape',
  business_value: 'businessValue', estimated_business_value: 'estimated_business_value',
  estimated_roc_auc: 'estimated_roc_auc', estimated_accuracy: 'estimated_accuracy', estimated_precision: 'estimated_precision', estimated_recall: 'estimated_recall', estimated_f1: 'estimated_f1',
};

/** Realized metrics whose series the trend detectors watch: those of performance.trendMetrics, or accuracy (mae for regression). */
export function trendMetrics(config: PerformanceConfig): PerformanceMetric[] {
  return config.trendMetrics?.filter((m) => !isEstimatedMetric(m)) ?? [config.task === 'classification' ? 'accuracy' : 'mae'];
}

/** With performance.estimate, the estimated metrics the trend detectors watch: those of performance.trendMetrics, or estimated_accuracy. */
export function estimatedTrendMetrics(config: PerformanceConfig): PerformanceMetric[] {
  if (!config.estimate) return [];
  return config.trendMetrics?.filter(isEstimatedMetric) ?? ['estimated_accuracy'];
}

/** The detectors the config asks for on a metric (see trendDetectors.ts), watching for its worse way. */
export function newTrends(metric: PerformanceMetric, monitor: MonitorConfig): SeriesDetector[] {
  return trendDetectors(monitor.trend, { series: metric, direction: LOWER_IS_BETTER.has(metric) ? 'rise' : 'decline' });
}

export function configuredTrends(monitor: MonitorConfig, metrics = trendMetrics(monitor.performance!)): PerformanceTrends {
  return new Map(metrics.map((metric) => [metric, newTrends(metric, monitor)]));
}

/** Feeds a closed window's metrics (as the window computes them; estimated metrics by their names) to the trend detectors and returns their findings. */
export function trendFindings(trends: PerformanceTrends, metrics: Record<string, number>, bounds: WindowBounds): Finding[] {
  const findings: Finding[] = [];
  for (const [metric, detectors] of trends) {
    const value = metrics[METRIC_KEYS[metric as PerformanceMetric]];
    if (!Number.isFinite(value)) continue;
    for (const d of detectors) {
      d.update(value);
      findings.push(...d.evaluate(bounds));
    }
  }
  return findings;
}

export function trendTag(detector: SeriesDetector): TrendTag {
  const tag = TAGS[detector.kind];
  if (!tag) throw new TypeError(`${detector.kind} is not a performance trend detector`);
  return tag;
}

/**
 * The configured trend detectors, each restored from the saved one of the same metric and kind (read
 * from its bytes). A saved detector the config no longer asks for is dropped, and a configured one the
 * state lacks starts fresh, each with a warning. Bytes that are no series detector's throw StateDecodeError.
 */
export function restoreTrends(
  monitor: MonitorConfig,
  saved: Iterable<readonly [string, readonly Uint8Array[]]>,
  metrics = trendMetrics(monitor.performance!),
): { trends: PerformanceTrends; warnings: DetectorRestoreWarning[] } {
  const restored = new Map<string, Map<SeriesDetectorKind, SeriesDetector>>();
  for (const [metric, states] of saved) {
    const byKind = new Map<SeriesDetectorKind, SeriesDetector>();
    for (const bytes of states) {
      const detector = restoreSeriesDetector(bytes);
      byKind.set(detector.kind, detector);
    }
    restored.set(metric, byKind);
  }
  const warnings: DetectorRestoreWarning[] = [];
  const trends: PerformanceTrends = new Map();
  for (const [metric, fresh] of configuredTrends(monitor, metrics)) {
    const byKind = restored.get(metric) ?? new Map<SeriesDetectorKind, SeriesDetector>();
    trends.set(metric, fresh.map((detector) => {
      const found = byKind.get(detector.kind);
      byKind.delete(detector.kind);
      if (found) return found;
      warnings.push(detectorRestoreWarning(metric, null, detector.kind));
      return detector;
    }));
  }
  for (const [metric, byKind] of restored) {
    for (const kind of byKind.keys()) warnings.push(detectorRestoreWarning(metric, kind, null));
  }
  return { trends, warnings };
}
