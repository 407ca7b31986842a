import { createHash } from 'node:crypto';
import type { FeatureWindowReport, ReportStream, WindowReportRecord } from '../contracts/reports.ts';
import type { Finding, WindowBounds } from '../detectors/finding.ts';

export interface WindowReportInput {
  modelId: string;
  modelVersion: string;
  stream: ReportStream;
  window: WindowBounds;
  /** Count windows: events of the stream before sequence 0 (those the reference took); absent for event-time windows. */
  streamOffset?: number;
  lateEvents: number;
  /** Earliest and latest event time of the window's events (ms); absent or null when not known. */
  eventTimes?: { first: number | null; last: number | null };
  features: FeatureWindowReport[];
  modelMetrics: Record<string, number>;
  findings: readonly Finding[];
  now: number;
}

/** Deterministic from model, version, stream and window: the same window always has the same report id. */
export function reportId(modelId: string, modelVersion: string, stream: ReportStream, window: WindowBounds): string {
  return createHash('sha256').update(JSON.stringify([modelId, modelVersion, stream, window.start, window.end])).digest('hex').slice(0, 32);
}

export function windowReport(input: WindowReportInput): WindowReportRecord {
  const { modelId, modelVersion, stream, window } = input;
  const features = input.features.map((f) => ({ ...f, metrics: { ...f.metrics } }));
  const byName = new Map(features.map((f) => [f.feature, f]));
  for (const finding of input.findings) {
    const feature = finding.feature === undefined ? undefined : byName.get(finding.feature);
    if (feature && !(finding.metric in feature.metrics)) feature.metrics[finding.metric] = finding.value;
  }
  return {
    report_id: reportId(modelId, modelVersion, stream, window),
    model_id: modelId,
    model_version: modelVersion,
    stream,
    window: { start: window.start, end: window.end, count: window.count },
    stream_start: input.streamOffset === undefined ? null : window.start + input.streamOffset,
    stream_end: input.streamOffset === undefined ? null : window.end + input.streamOffset,
    first_event_time: input.eventTimes?.first ?? null,
    last_event_time: input.eventTimes?.last ?? null,
    late_events: input.lateEvents,
    features,
    model_metrics: input.modelMetrics,
    findings: input.findings.map((f) => ({
      detector: f.detector,
      feature: f.feature ?? null,
      metric: f.metric,
      value: f.value,
      threshold: f.threshold,
      severity: f.severity,
      p_value: f.pValue ?? null,
      details: reportDetails(f.details),
      threshold_source: typeof f.details?.threshold_source === 'string' ? f.details.threshold_source : null,
    })),
    created_at: input.now,
    // Stamped by stampSegment for a slice's report; stated here so every report carries the field, as Avro does.
    segment: null,
  };
}

/** The numbers of a finding's details (booleans as 1 / 0; strings are in summary and threshold_source). */
function reportDetails(details: Finding['details']): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(details ?? {})) {
    if (typeof value === 'number') out[name] = value;
    else if (typeof value === 'boolean') out[name] = value ? 1 : 0;
  }
  return out;
}
