import type { AlertRecord } from '../contracts/events.ts';

/** Alerts of one model and one window, delivered as one message (one PagerDuty event per alert). */
export interface AlertGroup {
  modelId: string;
  window: AlertRecord['window'];
  /** Count windows are numbered events; event-time windows are ms since the epoch. */
  windowKind: 'count' | 'eventTime';
  alerts: readonly AlertRecord[];
  /** Sent by `driftwatch alerts test`: every format marks it as a test. */
  test?: boolean;
}

export const SEVERITY_RANK = { info: 1, warning: 2, critical: 3 } as const;

/** Worst first: firing before resolved, then severity, then how far past its threshold, then by name. */
export function worstFirst(alerts: readonly AlertRecord[]): AlertRecord[] {
  return [...alerts].sort((a, b) =>
    (a.status === b.status ? 0 : a.status === 'firing' ? -1 : 1) ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    excess(b) - excess(a) ||
    `${a.detector}|${a.feature ?? ''}|${a.metric}`.localeCompare(`${b.detector}|${b.feature ?? ''}|${b.metric}`));
}

/** How many thresholds away the value is (a ratio, so metrics of different scales compare); 0 when unknown. */
function excess(alert: AlertRecord): number {
  if (!Number.isFinite(alert.value) || !Number.isFinite(alert.threshold) || alert.threshold === 0) return 0;
  return Math.abs(alert.value / alert.threshold);
}

/** The key of the group an alert belongs to. */
export function groupKey(alert: Pick<AlertRecord, 'model_id' | 'window'>): string {
  return `${alert.model_id}|${alert.window.start}|${alert.window.end}`;
}
