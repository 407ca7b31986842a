import type { Finding, FindingSeverity, WindowBounds } from '../finding.ts';
import { InvalidOptionError } from '../common/validation.ts';
import { formatNumber } from '../common/format.ts';

export type ClassificationMetric = 'accuracy' | 'precision' | 'recall' | 'f1' | 'roc_auc' | 'log_loss';
export type RegressionMetric = 'mae' | 'rmse' | 'mape';
export type PerformanceMetric = ClassificationMetric | RegressionMetric;

/** For accuracy-like metrics the alert is when the value falls below the bound; for losses and errors, above it. */
export interface MetricThreshold {
  warning: number;
  critical?: number;
}

export interface PerformanceThresholds {
  metrics: Partial<Record<PerformanceMetric, MetricThreshold>>;
  /** Labelled pairs a window needs before its metrics are judged (fewer: no findings). Default 100. */
  minCount?: number;
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
        ? `${LABELS[metric]} ${formatNumber(value)} over ${count} labelled predictions is not ${relation} ${formatNumber(threshold)}.`
        : `${LABELS[metric]} ${formatNumber(value)} over ${count} labelled predictions is ${relation} the ${severity} bound ${formatNumber(threshold)}.`;
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
