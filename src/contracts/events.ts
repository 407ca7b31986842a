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

/** A slice of a model's events by one of their attributes (config `segments`): `other` holds the values beyond the listed or capped ones. */
export interface Segment {
  attribute: string;
  value: string;
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
  /** alert_id of the episode's first firing alert (on firing, escalating and resolved alerts alike); null in alerts from before the field. */
  episode_id: string | null;
  /** The slice the alert is about (config `segments`); null or absent for the whole population. */
  segment?: Segment | null;
}

/**
 * Why a message was dead-lettered: it does not decode, its schema id is unknown to the registry or not an Avro
 * schema, it is not a usable event, it has no value, it is over an input bound, or the engine failed on it; or (on the notifier's dead-letter topic) a receiver refused the alert.
 */
export type DeadLetterKind = 'decode' | 'unknown_schema' | 'unsupported_schema' | 'validation' | 'tombstone' | 'limit' | 'internal' | 'receiver_rejected';

export interface DeadLetterRecord {
  source_topic: string;
  partition: number;
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  error_kind: DeadLetterKind;
  message: string;
  at: number;
  /** Bytes of the original key + value; the letter's key and value were cut to the cap when `truncated`. */
  original_size: number;
  truncated: boolean;
}
