import type { AlertRecord } from '../contracts/events.ts';
import { worstFirst, type AlertGroup } from './alertGroup.ts';

/** Plain-words pieces every receiver format is built from. */

/** A number as people read it: integers whole, others to 4 significant digits (the Alert keeps the exact value). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return String(Number(value.toPrecision(4)));
}

/** `text` cut to at most `max` characters at a word boundary, ending in "…" when cut. */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 1);
  const cut = room.search(/\s+\S*$/);
  return `${(cut > 0 ? room.slice(0, cut) : room).trimEnd()}…`;
}

export function describeWindow(group: Pick<AlertGroup, 'window' | 'windowKind'>): string {
  const { start, end, count } = group.window;
  // count 0: a span without a count of its own (the data window of a retraining request).
  const events = count === 0 ? '' : ` (${formatNumber(count)} event${count === 1 ? '' : 's'})`;
  if (group.windowKind === 'count') return `events ${formatNumber(start)}–${formatNumber(end)}${events}`;
  const at = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, '');
  return `${at(start)}–${at(end)} UTC${events}`;
}

export function modelName(group: AlertGroup): string {
  const versions = [...new Set(group.alerts.map((a) => a.model_version))];
  return versions.length === 0 ? group.modelId : `${group.modelId} ${versions.join(', ')}`;
}

/** "drift.psi on income" or "quality.score" (no feature). */
export function alertSubject(alert: AlertRecord): string {
  return alert.feature === null ? alert.detector : `${alert.detector} on ${alert.feature}`;
}

/** "psi 0.4123, threshold 0.25" */
export function alertNumbers(alert: AlertRecord): string {
  return `${alert.metric} ${formatNumber(alert.value)}, threshold ${formatNumber(alert.threshold)}`;
}

/** "CRITICAL drift.psi on income: psi 0.4123, threshold 0.25" (resolved alerts say so first). */
export function alertLine(alert: AlertRecord): string {
  const state = alert.status === 'resolved' ? `RESOLVED (was ${alert.severity})` : alert.severity.toUpperCase();
  return `${state} ${alertSubject(alert)}: ${alertNumbers(alert)}`;
}

/** "credit-risk v3: 3 alerts firing (1 critical, 2 warning), 1 resolved" */
export function groupHeadline(group: AlertGroup): string {
  const firing = group.alerts.filter((a) => a.status === 'firing');
  const resolved = group.alerts.length - firing.length;
  const bySeverity = (['critical', 'warning', 'info'] as const)
    .map((s) => [s, firing.filter((a) => a.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const parts: string[] = [];
  if (firing.length > 0) parts.push(`${firing.length} alert${firing.length === 1 ? '' : 's'} firing${bySeverity.length > 1 ? ` (${bySeverity.join(', ')})` : ` (${firing[0].severity})`}`);
  if (resolved > 0) parts.push(`${resolved} ${firing.length > 0 ? '' : `alert${resolved === 1 ? '' : 's'} `}resolved`);
  return `${group.test ? 'TEST: ' : ''}${modelName(group)}: ${parts.join(', ')}`;
}

/** Every alert of the group in plain words, worst first, one line each, after the headline and window. */
export function groupSummary(group: AlertGroup): string {
  return [`${groupHeadline(group)} in ${describeWindow(group)}.`, ...worstFirst(group.alerts).map((a) => `- ${alertLine(a)}. ${a.summary}`)].join('\n');
}

/** Counts by severity of alerts left out of a message: "and 12 more (3 critical, 9 warning)". */
export function overflowNote(rest: readonly AlertRecord[]): string {
  const counts = (['critical', 'warning', 'info'] as const)
    .map((s) => [s, rest.filter((a) => a.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return `and ${rest.length} more (${counts.join(', ')})`;
}
