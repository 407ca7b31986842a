import type { TrendDirection } from '../detectors/common/series.ts';
import { driftTests } from '../detectors/drift/registry.ts';
import type { Finding, WindowBounds } from '../detectors/finding.ts';

/**
 * The series a closed window adds a point to, by name:
 * - `volume`, `prediction_mean`, `positive_rate`, `latency_mean`: the window's aggregates (windowAggregates.ts);
 * - `quality_score`: the data-quality score, when quality is on;
 * - `reconstruction_error`: the mean PCA reconstruction error, with multivariate;
 * - `drift:<feature>:<metric>`: each drift test's statistic for a feature (metric as in its findings:
 *   `psi`, `ks_p_value`, `wasserstein_norm`, `chi_square_p_value`, `jensen_shannon_distance`,
 *   `unseen_share`, or a registered test's), from windows of at least drift.minCount values.
 * A series without a value in a window (a mean of nothing, a feature absent) gets no point from it.
 */
/** The series every window may give a point to, beside the drift series `drift:<feature>:<metric>`. */
export const WINDOW_SERIES = ['volume', 'prediction_mean', 'positive_rate', 'latency_mean', 'quality_score', 'reconstruction_error'] as const;

export function windowSeriesValues(aggregates: Record<string, number>, qualityScore: number | undefined, drift: readonly Finding[], minCount: number, reconstructionError?: number): Record<string, number> {
  const values: Record<string, number> = { ...aggregates };
  if (qualityScore !== undefined && Number.isFinite(qualityScore)) values.quality_score = qualityScore;
  if (reconstructionError !== undefined && Number.isFinite(reconstructionError)) values.reconstruction_error = reconstructionError;
  for (const finding of drift) {
    if (finding.feature === undefined || !Number.isFinite(finding.value)) continue;
    const count = finding.details?.window_count;
    if (typeof count === 'number' && count < minCount) continue;
    values[driftSeriesName(finding.feature, finding.metric)] = finding.value;
  }
  return values;
}

export function driftSeriesName(feature: string, metric: string): string {
  return `drift:${feature}:${metric}`;
}

/** A series' name as its detectors carry it: a drift series is the metric of its feature, any other its own name. */
export function seriesIdentity(name: string): { series: string; feature?: string } {
  if (!name.startsWith('drift:')) return { series: name };
  const last = name.lastIndexOf(':');
  if (last <= 'drift:'.length - 1) return { series: name };
  return { series: name.slice(last + 1), feature: name.slice('drift:'.length, last) };
}

/**
 * The movement of a series that is worse when its entry names none: a drift statistic rising (a p-value
 * falling), the quality score falling, the reconstruction error rising; either way for the aggregates.
 */
export function worseDirection(name: string): TrendDirection {
  const { series, feature } = seriesIdentity(name);
  if (feature !== undefined) return driftTests.byMetric(series)?.direction === 'p_value' ? 'decline' : 'rise';
  if (series === 'quality_score') return 'decline';
  if (series === 'reconstruction_error') return 'rise';
  return 'both';
}

/** A closed window's points fed to the anomaly and the trend detectors on its series. */
export function seriesFindings(
  values: Record<string, number>,
  bounds: WindowBounds,
  anomalies: { findings(values: Record<string, number>, bounds: WindowBounds): Finding[] },
  trends: { findings(values: Record<string, number>, bounds: WindowBounds): Finding[] },
): { anomaly: Finding[]; trend: Finding[] } {
  return { anomaly: anomalies.findings(values, bounds), trend: trends.findings(values, bounds) };
}

/** `drift:*:<metric>` watches that metric of every watched feature. */
const ALL_FEATURES = 'drift:*:';

/** Whether a series name is one of `names` or matches one of its `drift:*:<metric>` patterns. */
export function isWatched(names: readonly string[], name: string): boolean {
  if (names.includes(name)) return true;
  const { series, feature } = seriesIdentity(name);
  return feature !== undefined && names.includes(`${ALL_FEATURES}${series}`);
}

/** The series of this window's values that `names` watch, in the order of `names` (a pattern's in feature order). */
export function watchedSeries(names: readonly string[], values: Record<string, number>): string[] {
  const out: string[] = [];
  for (const name of names) {
    if (!name.startsWith(ALL_FEATURES)) {
      out.push(name);
      continue;
    }
    const suffix = `:${name.slice(ALL_FEATURES.length)}`;
    for (const key of Object.keys(values)) if (key.startsWith('drift:') && key.endsWith(suffix) && seriesIdentity(key).series === suffix.slice(1) && !names.includes(key)) out.push(key);
  }
  return out;
}
