/** WindowReport and RetrainRequest as TypeScript sees them (see schemas/WindowReport.avsc, RetrainRequest.avsc). */
import type { Segment } from './events.ts';

/** labels: windows of joined (prediction, label) pairs; estimates: windows of predictions whose performance is estimated without labels (CBPE). */
export type ReportStream = 'predictions' | 'features' | 'labels' | 'estimates';

export interface FeatureWindowReport {
  feature: string;
  kind: 'numeric' | 'categorical';
  metrics: Record<string, number>;
}

export interface ReportFinding {
  detector: string;
  feature: string | null;
  metric: string;
  value: number;
  threshold: number;
  severity: 'none' | 'info' | 'warning' | 'critical';
  p_value: number | null;
  /** Every number of Finding.details (booleans as 1 / 0): statistic, dof, error_bound, bins, … */
  details?: Record<string, number>;
  /** Finding.details.threshold_source: 'default' | 'calibrated' | 'configured'; null when not stated. */
  threshold_source?: string | null;
}

export interface WindowReportRecord {
  report_id: string;
  model_id: string;
  model_version: string;
  stream: ReportStream;
  window: { start: number; end: number; count: number };
  /** Count windows: window.start and (exclusive) window.end counted from the stream's first event (0), reference events included; null for event-time windows. */
  stream_start?: number | null;
  stream_end?: number | null;
  /** Earliest and latest event time (ms since the epoch) of the window's events; null when not known (performance windows, reports from before the field). */
  first_event_time?: number | null;
  last_event_time?: number | null;
  late_events: number;
  features: FeatureWindowReport[];
  model_metrics: Record<string, number>;
  findings: ReportFinding[];
  created_at: number;
  /** The slice the window is of (config `segments`); null or absent for the whole population. */
  segment?: Segment | null;
}

export interface RetrainRequestRecord {
  request_id: string;
  model_id: string;
  model_version: string;
  reason: string;
  alert_ids: string[];
  drifted_features: string[];
  data_window: { start: number; end: number };
  metrics: Record<string, number>;
  created_at: number;
}
