import type { MonitorConfig } from '../config/configSchema.ts';
import type { ReportStream } from '../contracts/reports.ts';
import { formatCount } from '../detectors/common/format.ts';

/** What a window's bounds count: event time (ms), event positions, or labelled pairs (performance windows). */
export type WindowUnit = 'time' | 'events' | 'pairs';

/** The unit of a model's windows on a stream, from its monitor's config (labels always count pairs). */
export function windowUnitOf(monitors: readonly MonitorConfig[], modelId: string, stream: ReportStream): WindowUnit {
  if (stream === 'labels') return 'pairs';
  return monitors.find((m) => m.model === modelId)?.window.type === 'eventTime' ? 'time' : 'events';
}

/** A window's bounds as a person reads them: "2026-03-02 00:00 → 2026-03-03 00:00", "events 5,000–6,000". */
export function formatWindow(window: { start: number; end: number }, unit: WindowUnit): string {
  if (unit === 'time') return `${formatTime(window.start)} → ${formatTime(window.end)}`;
  return `${unit === 'pairs' ? 'labelled pairs' : 'events'} ${formatCount(window.start)}–${formatCount(window.end)}`;
}

/** UTC, to the minute; seconds only when the time has them. */
export function formatTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  const seconds = iso.slice(17, 23) === '00.000' ? '' : iso.slice(16, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds}`;
}
