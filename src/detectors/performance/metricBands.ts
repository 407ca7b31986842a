import type { Finding, WindowBounds } from '../finding.ts';
import { InvalidOptionError } from '../common/validation.ts';
import { formatNumber } from '../common/format.ts';
import type { PerformanceMetric } from './performanceThresholds.ts';

/** A two-sided band: a window's metric outside it, on either side, is a warning (NannyML's rule). */
export interface MetricBand {
  lower?: number;
  upper?: number;
}

/** The range each metric lives in; a calibrated band is clipped to it, as NannyML clips its thresholds. */
const RANGE: Record<PerformanceMetric, [number, number]> = {
  accuracy: [0, 1], precision: [0, 1], recall: [0, 1], f1: [0, 1], roc_auc: [0, 1],
  log_loss: [0, Infinity], mae: [0, Infinity], rmse: [0, Infinity], mape: [0, Infinity],
  estimated_roc_auc: [0, 1], estimated_accuracy: [0, 1], estimated_precision: [0, 1], estimated_recall: [0, 1], estimated_f1: [0, 1],
  business_value: [-Infinity, Infinity], estimated_business_value: [-Infinity, Infinity],
};

export interface CalibratedBand extends Required<MetricBand> {
  mean: number;
  /** Population standard deviation of the chunk metrics (NannyML's np.nanstd). */
  std: number;
  chunks: number;
}

/**
 * NannyML's StandardDeviationThreshold on a metric: mean ± kσ of the reference chunks' values (NaN chunks
 * left out; population σ), clipped to the metric's range. k defaults to 3 (std_lower/upper_multiplier).
 */
export function calibratedBand(metric: PerformanceMetric, chunkValues: readonly number[], k = 3): CalibratedBand {
  if (!(Number.isFinite(k) && k > 0)) throw new InvalidOptionError('calibratedBand', 'k', k, 'a positive number');
  const values = chunkValues.filter((v) => Number.isFinite(v));
  if (values.length < 2) throw new InvalidOptionError('calibratedBand', 'chunkValues', chunkValues.length, 'at least 2 chunks with a defined metric');
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  const [min, max] = RANGE[metric];
  return { mean, std, chunks: values.length, lower: Math.max(min, mean - k * std), upper: Math.min(max, mean + k * std) };
}

/** One `performance.band` finding per metric with a band and a defined value, once the window has `minCount` pairs. */
export function bandFindings(
  values: Partial<Record<PerformanceMetric, number>>,
  count: number,
  bands: Partial<Record<PerformanceMetric, MetricBand>>,
  minCount: number,
  window: WindowBounds,
  counted = 'labelled predictions',
): Finding[] {
  if (count < minCount) return [];
  const findings: Finding[] = [];
  for (const [metric, band] of Object.entries(bands) as [PerformanceMetric, MetricBand][]) {
    if (!(metric in RANGE)) throw new InvalidOptionError('performance', 'bands', metric, `one of ${Object.keys(RANGE).join(', ')}`);
    const value = values[metric];
    if (value === undefined || Number.isNaN(value)) continue;
    const below = band.lower !== undefined && value < band.lower;
    const above = band.upper !== undefined && value > band.upper;
    const threshold = below ? band.lower! : above ? band.upper! : (band.upper ?? band.lower!);
    const where = `[${band.lower === undefined ? '−∞' : formatNumber(band.lower)}, ${band.upper === undefined ? '∞' : formatNumber(band.upper)}]`;
    findings.push({
      detector: 'performance.band',
      metric,
      value,
      threshold,
      severity: below || above ? 'warning' : 'none',
      window,
      summary: below || above
        ? `${metric} ${formatNumber(value)} over ${count} ${counted} is ${below ? 'below' : 'above'} its band ${where}.`
        : `${metric} ${formatNumber(value)} over ${count} ${counted} is within its band ${where}.`,
      details: { count, ...(band.lower !== undefined ? { lower: band.lower } : {}), ...(band.upper !== undefined ? { upper: band.upper } : {}) },
    });
  }
  return findings;
}

/** bandFindings on calibrated bands (none before there are any), saying how their bounds were set. */
export function calibratedBandFindings(
  bands: Partial<Record<PerformanceMetric, CalibratedBand>> | undefined,
  values: Partial<Record<PerformanceMetric, number>>,
  count: number,
  minCount: number,
  window: WindowBounds,
  counted?: string,
): Finding[] {
  if (!bands) return [];
  return bandFindings(values, count, bands, minCount, window, counted).map((finding) => {
    const band = bands[finding.metric as PerformanceMetric]!;
    return { ...finding, details: { ...finding.details, threshold_source: 'calibrated', reference_mean: band.mean, reference_std: band.std, reference_chunks: band.chunks } };
  });
}
