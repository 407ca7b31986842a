import type { MonitorConfig } from '../config/configSchema.ts';
import { REALIZED_METRICS } from '../config/performanceBandsSchema.ts';
import type { ReportStream } from '../contracts/reports.ts';
import { formatCount } from '../detectors/common/format.ts';

/** What a window's bounds count: event time (ms), event positions, labelled pairs (performance windows) or scored predictions (estimate windows). */
export type WindowUnit = 'time' | 'events' | 'pairs' | 'predictions';

/** The unit of a model's windows on a stream, from its monitor's config (labels always count pairs, estimates predictions). */
export function windowUnitOf(monitors: readonly MonitorConfig[], modelId: string, stream: ReportStream): WindowUnit {
  if (stream === 'labels') return 'pairs';
  if (stream === 'estimates') return 'predictions';
  return monitors.find((m) => m.model === modelId)?.window.type === 'eventTime' ? 'time' : 'events';
}

/** A window's bounds as a person reads them: "2026-03-02 00:00 → 2026-03-03 00:00", "events 5,000–6,000". */
export function formatWindow(window: { start: number; end: number }, unit: WindowUnit): string {
  if (unit === 'time') return `${formatTime(window.start)} → ${formatTime(window.end)}`;
  return `${unit === 'pairs' ? 'labelled pairs' : unit === 'predictions' ? 'scored predictions' : 'events'} ${formatCount(window.start)}–${formatCount(window.end)}`;
}

/**
 * The stream whose windows an alert's bounds are: estimated metrics' (estimates), performance alerts' and
 * trends of realized metrics' (labels), or the events' (drift, quality, anomalies, trends of window series).
 */
export function alertStream(alert: { detector: string; metric: string }): ReportStream {
  if (alert.metric.startsWith('estimated_')) return 'estimates';
  if (alert.detector.startsWith('performance.')) return 'labels';
  if (alert.detector.startsWith('trend.') && REALIZED_METRICS.some((m) => alert.metric.startsWith(`${m}_`))) return 'labels';
  return 'predictions';
}

/** UTC, to the minute; seconds only when the time has them. */
export function formatTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  const seconds = iso.slice(17, 23) === '00.000' ? '' : iso.slice(16, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds}`;
}
