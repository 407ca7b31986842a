import type { Finding, FindingSeverity, WindowBounds } from '../finding.ts';
import { InvalidOptionError } from '../common/validation.ts';
import { formatNumber } from '../common/format.ts';

export type ClassificationMetric = 'accuracy' | 'precision' | 'recall' | 'f1' | 'roc_auc' | 'log_loss';
export type RegressionMetric = 'mae' | 'rmse' | 'mape';
/** Metrics confidence-based estimation (CBPE) gives a window without labels. */
export type EstimatedMetric = 'estimated_roc_auc' | 'estimated_accuracy' | 'estimated_precision' | 'estimated_recall' | 'estimated_f1' | 'estimated_business_value';
/** A window's value by performance.businessValue (businessValue.ts). */
export type BusinessValueMetric = 'business_value';
export type PerformanceMetric = ClassificationMetric | RegressionMetric | BusinessValueMetric | EstimatedMetric;

/** For accuracy-like metrics the alert is when the value falls below the bound; for losses and errors, above it. */
export interface MetricThreshold {
  warning: number;
  critical?: number;
}

export interface PerformanceThresholds {
  metrics: Partial<Record<PerformanceMetric, MetricThreshold>>;
  /** Labelled pairs a window needs before its metrics are judged (fewer: no findings). Default 100. */
  minCount?: number;
  /** What the window counted, for the summaries: 'labelled predictions' by default. */
  counted?: string;
}

// 100 pairs: below that, accuracy's standard error exceeds ~0.04 and a threshold alert is mostly noise.
export const DEFAULT_MIN_COUNT = 100;

const HIGHER_IS_BETTER: Record<PerformanceMetric, boolean> = {
  accuracy: true,
  precision: true,
  recall: true,
  f1: true,
  roc_auc: true,
  log_loss: false,
  mae: false,
  rmse: false,
  mape: false,
  estimated_roc_auc: true,
  estimated_accuracy: true,
  estimated_precision: true,
  estimated_recall: true,
  estimated_f1: true,
  business_value: true,
  estimated_business_value: true,
};

const LABELS: Record<PerformanceMetric, string> = {
  accuracy: 'Accuracy',
  precision: 'Precision',
  recall: 'Recall',
  f1: 'F1',
  roc_auc: 'ROC AUC',
  log_loss: 'Log loss',
  mae: 'MAE',
  rmse: 'RMSE',
  mape: 'MAPE',
  estimated_roc_auc: 'Estimated ROC AUC',
  estimated_accuracy: 'Estimated accuracy',
  estimated_precision: 'Estimated precision',
  estimated_recall: 'Estimated recall',
  estimated_f1: 'Estimated F1',
  business_value: 'Business value',
  estimated_business_value: 'Estimated business value',
};

export function validateThresholds(thresholds: PerformanceThresholds): void {
  for (const [metric, t] of Object.entries(thresholds.metrics) as [PerformanceMetric, MetricThreshold][]) {
    if (!(metric in HIGHER_IS_BETTER)) throw new InvalidOptionError('performance', 'metrics', metric, `one of ${Object.keys(HIGHER_IS_BETTER).join(', ')}`);
    if (!Number.isFinite(t.warning)) throw new InvalidOptionError('performance', `${metric}.warning`, t.warning, 'a finite number');
    if (t.critical !== undefined) {
      const ordered = HIGHER_IS_BETTER[metric] ? t.critical <= t.warning : t.critical >= t.warning;
      if (!ordered) {
        throw new InvalidOptionError('performance', `${metric}.critical`, t.critical, `${HIGHER_IS_BETTER[metric] ? '≤' : '≥'} its warning bound ${t.warning}`);
      }
    }
  }
}

/** One finding per metric that has a threshold and a defined value, once the window has `minCount` pairs. */
export function performanceFindings(
  values: Partial<Record<PerformanceMetric, number>>,
  count: number,
  thresholds: PerformanceThresholds,
  window: WindowBounds,
): Finding[] {
  validateThresholds(thresholds);
  if (count < (thresholds.minCount ?? DEFAULT_MIN_COUNT)) return [];
  const counted = thresholds.counted ?? 'labelled predictions';
  const findings: Finding[] = [];
  for (const [metric, t] of Object.entries(thresholds.metrics) as [PerformanceMetric, MetricThreshold][]) {
    const value = values[metric];
    if (value === undefined || Number.isNaN(value)) continue;
    const higherIsBetter = HIGHER_IS_BETTER[metric];
    const worse = (bound: number) => (higherIsBetter ? value < bound : value > bound);
    let severity: FindingSeverity = 'none';
    let threshold = t.warning;
    if (t.critical !== undefined && worse(t.critical)) {
      severity = 'critical';
      threshold = t.critical;
    } else if (worse(t.warning)) {
      severity = 'warning';
    }
    const relation = higherIsBetter ? 'below' : 'above';
    const summary =
      severity === 'none'
        ? `${LABELS[metric]} ${formatNumber(value)} over ${count} ${counted} is not ${relation} ${formatNumber(threshold)}.`
        : `${LABELS[metric]} ${formatNumber(value)} over ${count} ${counted} is ${relation} the ${severity} bound ${formatNumber(threshold)}.`;
    findings.push({
      detector: 'performance.threshold',
      metric,
      value,
      threshold,
      severity,
      window,
      summary,
      details: { count },
    });
  }
  return findings;
}
