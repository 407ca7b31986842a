/** The v1 event contracts as TypeScript sees them after decoding (see schemas/*.avsc). */

export type FeatureValue = number | string | boolean | null;

export interface PredictionEvent {
  event_id: string;
  model_id: string;
  model_version: string;
  /** Event time, ms since the epoch. */
  timestamp: number;
  features: Record<string, FeatureValue>;
  prediction: {
    score: number | null;
    label: string | null;
    probabilities: Record<string, number> | null;
  };
  latency_ms: number | null;
  attributes: Record<string, string>;
}

export interface LabelEvent {
  event_id: string;
  model_id: string;
  timestamp: number;
  label: number | string;
}

export interface AlertRecord {
  alert_id: string;
  model_id: string;
  model_version: string;
  detector: string;
  feature: string | null;
  severity: 'info' | 'warning' | 'critical';
  status: 'firing' | 'resolved';
  metric: string;
  value: number;
  threshold: number;
  window: { start: number; end: number; count: number };
  summary: string;
  details: Record<string, string>;
  created_at: number;
}

export type DeadLetterKind = 'decode' | 'unknown_schema' | 'validation' | 'tombstone' | 'limit';

export interface DeadLetterRecord {
  source_topic: string;
  partition: number;
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  error_kind: DeadLetterKind;
  message: string;
  at: number;
}
