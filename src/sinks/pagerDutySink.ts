import type { AlertRecord } from '../contracts/events.ts';
import type { AlertGroup } from './alertGroup.ts';
import { alertLine, describeWindow, groupHeadline, modelName, truncateAtWord } from './alertWording.ts';

/**
 * PagerDuty Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/): one event per
 * alert; a firing alert triggers, a resolved one resolves, both with the episode's first firing alert_id as
 * dedup_key, so one episode is one incident however often it escalates or is re-sent.
 */

export interface PagerDutyOptions {
  routingKey: string;
  /** payload.source; default driftwatch/<model_id>. */
  source?: string;
  links: readonly { href: string; text: string }[];
}

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

export interface PagerDutyTrigger {
  routing_key: string;
  event_action: 'trigger';
  dedup_key: string;
  payload: {
    summary: string;
    source: string;
    severity: PagerDutySeverity;
    timestamp: string;
    component: string;
    group: string;
    class: string;
    custom_details: Record<string, unknown>;
  };
  links: { href: string; text: string }[];
  client: string;
}

export interface PagerDutyResolve {
  routing_key: string;
  event_action: 'resolve';
  dedup_key: string;
}

export type PagerDutyEvent = PagerDutyTrigger | PagerDutyResolve;

export const PAGERDUTY_SUMMARY_MAX = 1024;
const DEDUP_KEY_MAX = 255;
/** Other alerts of the group listed in custom_details, at most. */
const GROUP_ALERTS_LISTED = 50;

const SEVERITY: Record<AlertRecord['severity'], PagerDutySeverity> = { critical: 'critical', warning: 'warning', info: 'info' };

/** The incident an alert belongs to: its episode's first firing alert (older alerts: the alert it resolves, or itself). */
export function dedupKey(alert: AlertRecord): string {
  return (alert.episode_id ?? alert.details.resolves ?? alert.alert_id).slice(0, DEDUP_KEY_MAX);
}

export function pagerDutyEvent(alert: AlertRecord, group: AlertGroup, options: PagerDutyOptions): PagerDutyEvent {
  const dedup_key = dedupKey(alert);
  if (alert.status === 'resolved') return { routing_key: options.routingKey, event_action: 'resolve', dedup_key };
  const others = group.alerts.filter((a) => a.alert_id !== alert.alert_id);
  const groupNote = others.length === 0 ? '' : ` · group ${groupHeadline(group)}`;
  return {
    routing_key: options.routingKey,
    event_action: 'trigger',
    dedup_key,
    payload: {
      summary: truncateAtWord(`${group.test ? '[TEST] ' : ''}${modelName({ ...group, alerts: [alert] })}: ${alertLine(alert)} · window ${describeWindow(group)}${groupNote}`, PAGERDUTY_SUMMARY_MAX),
      source: options.source ?? `driftwatch/${alert.model_id}`,
      severity: SEVERITY[alert.severity],
      timestamp: new Date(alert.created_at).toISOString(),
      component: alert.feature ?? alert.metric,
      group: alert.model_id,
      class: alert.detector,
      custom_details: {
        ...(group.test ? { test: true } : {}),
        alert_id: alert.alert_id,
        episode_id: dedup_key,
        model_id: alert.model_id,
        model_version: alert.model_version,
        window: alert.window,
        detector: alert.detector,
        feature: alert.feature,
        metric: alert.metric,
        value: alert.value,
        threshold: alert.threshold,
        summary: alert.summary,
        details: alert.details,
        alert_ids: group.alerts.map((a) => a.alert_id),
        group_alerts: others.slice(0, GROUP_ALERTS_LISTED).map((a) => ({
          alert_id: a.alert_id, status: a.status, severity: a.severity, detector: a.detector, feature: a.feature, metric: a.metric, value: a.value, threshold: a.threshold,
        })),
        ...(others.length > GROUP_ALERTS_LISTED ? { group_alerts_not_listed: others.length - GROUP_ALERTS_LISTED } : {}),
      },
    },
    links: options.links.map((l) => ({ href: l.href.replaceAll('{model_id}', encodeURIComponent(alert.model_id)), text: l.text })),
    client: 'driftwatch',
  };
}

/** PagerDuty answers 202 Accepted to an event it took. */
export const pagerDutyAccepted = (status: number) => status === 202;
