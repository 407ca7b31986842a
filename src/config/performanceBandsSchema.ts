import { z } from 'zod';

/** Metrics computed from labels (performanceMonitor.ts). */
export const REALIZED_METRICS = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'log_loss', 'mae', 'rmse', 'mape', 'business_value'] as const;
/** Metrics estimated without labels (performance.estimate: cbpe, performanceEstimate.ts). */
export const ESTIMATED_METRICS = ['estimated_roc_auc', 'estimated_accuracy', 'estimated_precision', 'estimated_recall', 'estimated_f1', 'estimated_business_value'] as const;
export const PERFORMANCE_METRICS = [...REALIZED_METRICS, ...ESTIMATED_METRICS] as const;

export const isEstimatedMetric = (metric: string): boolean => metric.startsWith('estimated_');

/** Two-sided bands per metric: a window's metric below `lower` or above `upper` is a warning (NannyML's rule), for losses and errors too. */
export const performanceBandsSchema = z.partialRecord(
  z.enum(PERFORMANCE_METRICS),
  z.strictObject({ lower: z.number().optional(), upper: z.number().optional() })
    .refine((b) => b.lower !== undefined || b.upper !== undefined, 'give lower, upper or both')
    .refine((b) => b.lower === undefined || b.upper === undefined || b.lower < b.upper, 'lower must be below upper'),
);

/** The most labelled windows a calibration may take as its reference chunks (their metric values are kept until then). */
export const MAX_CALIBRATION_WINDOWS = 1000;

/**
 * Bands calibrated on the first `windows` performance windows, NannyML's default rule: mean ± kσ of those
 * windows' metric (population σ), clipped to the metric's range; the later windows alert outside it.
 */
export const performanceCalibrationSchema = z.strictObject({
  windows: z.number().int().min(2).max(MAX_CALIBRATION_WINDOWS),
  k: z.number().positive().default(3),
  metrics: z.array(z.enum(REALIZED_METRICS)).min(1)
    .refine((m) => new Set(m).size === m.length, 'a metric is listed twice'),
});

export type PerformanceCalibrationConfig = z.infer<typeof performanceCalibrationSchema>;
