import type { TrendDirection } from '../common/series.ts';
import type { Finding, WindowBounds } from '../finding.ts';

/** The state kinds of the series detectors: the name each writes in its state header. */
export type SeriesDetectorKind = 'trend.slope' | 'trend.page_hinkley' | 'trend.cusum' | 'trend.adwin' | 'trend.kswin' | 'anomaly.ewma' | 'anomaly.robust_z';

/**
 * A detector of one per-window series (a performance metric, a window aggregate): SlopeTrend,
 * PageHinkley, Cusum, Adwin, Kswin, EwmaChart and RobustZScore. It takes one value per window, says whether the
 * series is in alarm and what it found for the window, and saves its whole state as bytes that name
 * its kind, so a saved detector is always restored by the class that wrote it (see restoreSeriesDetector).
 */
export interface SeriesDetector {
  /** The kind its state bytes carry in their header. */
  readonly kind: SeriesDetectorKind;
  /** Name of the series, used in metric names and summaries. */
  readonly series: string;
  readonly direction: TrendDirection;
  /** Adds the series' next value; a non-finite value is refused with NonFiniteValueError. */
  update(value: number): void;
  /** Whether the last value put the series in alarm. */
  readonly alarm: boolean;
  /** Findings for the window of the last value: none while warming up. */
  evaluate(window: WindowBounds): Finding[];
  /** Forgets every value seen: the detector starts again as new, with its options. */
  reset(): void;
  /** Options and state; the class's fromBytes (or restoreSeriesDetector) gives it back. */
  toBytes(): Uint8Array;
}
