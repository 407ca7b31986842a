import type { AlertRecord, DeadLetterRecord, Segment } from '../../contracts/events.ts';
import type { MonitorConfig } from '../../config/configSchema.ts';
import type { RetrainRequestRecord, WindowReportRecord } from '../../contracts/reports.ts';
import { alertStream, formatTime, windowUnitOf } from '../../sinks/windowLabels.ts';

/** What `driftwatch tail` reads, by its command-line name. */
export const tailTopics = { alerts: 'alerts', windows: 'windows', retrain: 'retrain', dlq: 'deadLetter' } as const;
export type TailTopic = keyof typeof tailTopics;

/** The decoded record as one line of JSON; bytes (a dead letter's key and value) as base64 strings. */
export function jsonLine(record: unknown): string {
  return JSON.stringify(record, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    return Buffer.isBuffer(original) ? original.toString('base64') : value;
  });
}

/**
 * A one-line human form of a decoded record of `topic`. `monitors` (the config's) tell which models have
 * event-time windows: their bounds are printed as UTC times, other windows as positions.
 */
export function prettyLine(topic: TailTopic, record: unknown, monitors: readonly MonitorConfig[] = []): string {
  const span = (window: { start: number; end: number }, eventTime: boolean) =>
    (eventTime ? `${formatTime(window.start)} → ${formatTime(window.end)}` : `${window.start}–${window.end}`);
  const timed = (modelId: string) => windowUnitOf(monitors, modelId, 'predictions') === 'time';
  switch (topic) {
    case 'alerts': {
      const a = record as AlertRecord;
      const where = a.feature ? ` ${a.feature}` : '';
      return `${iso(a.created_at)} ${a.severity.toUpperCase()} ${a.status} ${a.model_id}@${a.model_version}${sliced(a.segment)} ${a.detector}${where} ${a.metric}=${num(a.value)} (threshold ${num(a.threshold)}) window ${span(a.window, timed(a.model_id) && alertStream(a) === 'predictions')} (${a.window.count} events): ${a.summary}`;
    }
    case 'windows': {
      const r = record as WindowReportRecord;
      const breached = r.findings.filter((f) => f.severity !== 'none' && f.severity !== 'info');
      const metrics = Object.entries(r.model_metrics).slice(0, 4).map(([k, v]) => `${k}=${num(v)}`).join(' ');
      const findings = breached.length === 0 ? 'no findings' : `${breached.length} finding${breached.length === 1 ? '' : 's'}: ${breached.slice(0, 3).map((f) => `${f.detector}${f.feature ? `(${f.feature})` : ''} ${f.severity}`).join(', ')}${breached.length > 3 ? ', …' : ''}`;
      return `${iso(r.created_at)} ${r.model_id}@${r.model_version}${sliced(r.segment)} ${r.stream} window ${span(r.window, (r.stream === 'predictions' || r.stream === 'features') && timed(r.model_id))} (${r.window.count} events, ${r.late_events} late) ${metrics}${metrics ? ' ' : ''}${findings}`;
    }
    case 'retrain': {
      const q = record as RetrainRequestRecord;
      return `${iso(q.created_at)} RETRAIN ${q.model_id}@${q.model_version}: ${q.reason.replace(/\.$/, '')}; drifted: ${q.drifted_features.join(', ') || 'none'}; data window ${q.data_window.start}–${q.data_window.end}; ${q.alert_ids.length} alert${q.alert_ids.length === 1 ? '' : 's'}`;
    }
    case 'dlq': {
      const d = record as DeadLetterRecord;
      return `${iso(d.at)} DEAD LETTER ${d.source_topic}[${d.partition}]@${d.offset} key=${d.key ? JSON.stringify(d.key.toString('utf8')) : 'null'} ${d.error_kind}: ${d.message} (${d.truncated ? `${d.value ? d.value.length : 0} of ${d.original_size}` : (d.value ? d.value.length : 0)} bytes)`;
    }
  }
}

/** ` [region=north]` for a segment's record, nothing for the whole population's. */
function sliced(segment: Segment | null | undefined): string {
  return segment ? ` [${segment.attribute}=${segment.value}]` : '';
}

function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}

function num(value: number): string {
  return Number.isInteger(value) || !Number.isFinite(value) ? String(value) : String(Number(value.toPrecision(4)));
}

/** The model a record is about: its model_id, or for a dead letter its message key. */
export function modelOf(topic: TailTopic, record: unknown): string | undefined {
  if (topic === 'dlq') return (record as DeadLetterRecord).key?.toString('utf8');
  return (record as { model_id?: string }).model_id;
}
