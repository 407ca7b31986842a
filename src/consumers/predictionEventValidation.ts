import type { FeatureValue, PredictionEvent } from '../contracts/events.ts';
import { unwrapFeatureValue } from '../contracts/featureValueUnion.ts';
import { describeValue } from './describeValue.ts';
import { idText } from './idText.ts';
import { MalformedMessageError } from './malformedMessageError.ts';

/**
 * Checks that a decoded record is a usable PredictionEvent and returns it typed. Avro already enforces the
 * field types; this adds what Avro cannot say (non-empty ids, a finite timestamp) and accepts JSON-shaped input.
 */
export function toPredictionEvent(record: unknown): PredictionEvent {
  if (!record || typeof record !== 'object') throw invalid('the event is not a record');
  const r = record as Record<string, unknown>;
  const event_id = requireString(r, 'event_id');
  const model_id = requireString(r, 'model_id');
  const model_version = requireString(r, 'model_version');
  const timestamp = r.timestamp;
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) throw invalid(`timestamp must be ms since the epoch, got ${describeValue(timestamp)}`);
  const features = r.features;
  if (!features || typeof features !== 'object' || Array.isArray(features)) throw invalid('features must be a map of name to value');
  const plainFeatures: Record<string, FeatureValue> = {};
  for (const [name, wrapped] of Object.entries(features)) {
    const value = unwrapFeatureValue(wrapped);
    if (value !== null && !['number', 'string', 'boolean'].includes(typeof value)) {
      throw invalid(`feature ${describeValue(name, 40)} must be null, a number, a string or a boolean, got ${describeValue(value)}`);
    }
    plainFeatures[name] = value as FeatureValue;
  }
  const prediction = (r.prediction ?? {}) as Record<string, unknown>;
  return {
    event_id,
    model_id,
    model_version,
    timestamp,
    features: plainFeatures,
    prediction: {
      score: typeof prediction.score === 'number' ? prediction.score : null,
      label: labelText(prediction.label),
      probabilities: (prediction.probabilities as Record<string, number> | null | undefined) ?? null,
    },
    latency_ms: typeof r.latency_ms === 'number' ? r.latency_ms : null,
    attributes: (r.attributes as Record<string, string> | undefined) ?? {},
  };
}

/** A non-empty string; a number or boolean is accepted as its text (CSV and Parquet readers type their cells). */
function requireString(r: Record<string, unknown>, key: string): string {
  const text = idText(r[key]);
  if (text === undefined) throw invalid(`${key} must be a non-empty string, got ${describeValue(r[key])}`);
  return text;
}

/** The predicted label as text: a CSV's unquoted 1 is the label "1", as a JSON "1" is; null when there is none. */
function labelText(raw: unknown): string | null {
  const value = unwrapFeatureValue(raw);
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return String(value);
  throw invalid(`prediction.label must be a string, a number or a boolean, got ${describeValue(value)}`);
}

function invalid(message: string): MalformedMessageError {
  return new MalformedMessageError('validation', `not a valid PredictionEvent: ${message}`);
}
