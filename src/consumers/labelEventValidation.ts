import type { LabelEvent } from '../contracts/events.ts';
import { unwrapFeatureValue } from '../contracts/featureValueUnion.ts';
import { describeValue } from './describeValue.ts';
import { idText } from './idText.ts';
import { MalformedMessageError } from './malformedMessageError.ts';

/**
 * Checks that a decoded record is a usable LabelEvent and returns it typed: non-empty event_id and model_id (a
 * number or boolean, as typed by a CSV or Parquet reader, counts as its text), a finite timestamp in ms, and a label that is a finite number or a non-empty string. The label may arrive as the
 * Avro union double | string wrapped by avsc ({ double: 1 }, { string: "spam" }) or plain from JSON.
 */
export function toLabelEvent(record: unknown): LabelEvent {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) throw invalid('the event is not a record');
  const r = record as Record<string, unknown>;
  const event_id = requireString(r, 'event_id');
  const model_id = requireString(r, 'model_id');
  const timestamp = r.timestamp;
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) throw invalid(`timestamp must be ms since the epoch, got ${show(timestamp)}`);
  const label = unwrapFeatureValue(r.label);
  const usable = (typeof label === 'number' && Number.isFinite(label)) || (typeof label === 'string' && label.length > 0);
  if (!usable) throw invalid(`label must be a finite number or a non-empty string, got ${show(label)}`);
  return { event_id, model_id, timestamp, label: label as number | string };
}

function requireString(r: Record<string, unknown>, key: string): string {
  const text = idText(r[key]);
  if (text === undefined) throw invalid(`${key} must be a non-empty string, got ${show(r[key])}`);
  return text;
}

function show(value: unknown): string {
  return describeValue(value);
}

function invalid(message: string): MalformedMessageError {
  return new MalformedMessageError('validation', `not a valid LabelEvent: ${message}`);
}
