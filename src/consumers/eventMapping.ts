import type { FieldMapping } from '../config/mappingSchema.ts';
import type { FeatureValue, PredictionEvent } from '../contracts/events.ts';
import { unwrapFeatureValue } from '../contracts/featureValueUnion.ts';
import { describeValue } from './describeValue.ts';
import { MalformedMessageError } from './malformedMessageError.ts';

export const unversioned = 'unversioned';

/**
 * Builds a PredictionEvent from a record in the producer's own shape. Avro wrapped unions ({ double: 1.5 }) are
 * unwrapped; a feature, score, label, latency or attribute missing from the record is null (attributes: left
 * out). Ids and versions may be strings or integers; labels may be strings, numbers or booleans (kept as text).
 * Throws MalformedMessageError('validation') naming the path when the event id, timestamp, or a mapped model
 * id or version is missing, or a value has a type the event cannot hold.
 */
export function mapToPredictionEvent(record: unknown, mapping: FieldMapping, defaults: { modelId: string }): PredictionEvent {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) throw invalid('the record is not an object');
  const at = (p: string): unknown => unwrapFeatureValue(valueAt(record, p));
  return {
    event_id: requiredText(at(mapping.eventId), 'event id', mapping.eventId),
    model_id: mapping.modelId === undefined ? defaults.modelId : requiredText(at(mapping.modelId), 'model id', mapping.modelId),
    model_version: mapping.modelVersion === undefined ? unversioned : requiredText(at(mapping.modelVersion), 'model version', mapping.modelVersion),
    timestamp: timestampMs(at(mapping.timestamp), mapping.timestamp, mapping.timestampUnit ?? 'ms'),
    features: mappedFeatures(mapping.features, at),
    prediction: {
      score: mapping.score === undefined ? null : optionalNumber(at(mapping.score), 'score', mapping.score),
      label: mapping.label === undefined ? null : optionalText(at(mapping.label), 'label', mapping.label),
      probabilities: null,
    },
    latency_ms: mapping.latencyMs === undefined ? null : optionalNumber(at(mapping.latencyMs), 'latency', mapping.latencyMs),
    attributes: mappedAttributes(mapping.attributes ?? {}, at),
  };
}

/** The value at a dotted path, or undefined when the path leads nowhere. */
function valueAt(root: unknown, dottedPath: string): unknown {
  let current = root;
  let rest = dottedPath;
  while (true) {
    if (current === null || typeof current !== 'object') return undefined;
    const node = current as Record<string, unknown>;
    if (Object.hasOwn(node, rest)) return node[rest];
    const dot = rest.indexOf('.');
    if (dot === -1) return undefined;
    const key = rest.slice(0, dot);
    if (!Object.hasOwn(node, key)) return undefined;
    current = node[key];
    rest = rest.slice(dot + 1);
  }
}

function mappedFeatures(features: FieldMapping['features'], at: (p: string) => unknown): Record<string, FeatureValue> {
  const pairs = Array.isArray(features) ? features.map((p) => [p, p] as const) : Object.entries(features);
  const mapped: Record<string, FeatureValue> = {};
  for (const [featureName, featurePath] of pairs) {
    const value = plain(at(featurePath));
    if (value !== null && typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') {
      throw invalid(`feature '${featureName}' at '${featurePath}' must be null, a number, a string or a boolean, got ${describe(value)}`);
    }
    mapped[featureName] = value;
  }
  return mapped;
}

function mappedAttributes(attributes: Record<string, string>, at: (p: string) => unknown): Record<string, string> {
  const mapped: Record<string, string> = {};
  for (const [attributeName, attributePath] of Object.entries(attributes)) {
    const value = optionalText(at(attributePath), `attribute '${attributeName}'`, attributePath);
    if (value !== null) mapped[attributeName] = value;
  }
  return mapped;
}

const isoDate = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const digits = /^-?\d+(?:\.\d+)?$/;

/**
 * Event time in ms: a number (or digit string, or bigint) in the mapping's unit, a Date, or an ISO-8601 string.
 * ISO date-times without an offset are read as UTC, so the result never depends on the host's time zone.
 */
function timestampMs(raw: unknown, at: string, unit: 'ms' | 's'): number {
  if (raw instanceof Date) return timestampMs(raw.getTime(), at, 'ms');
  const value = plain(raw);
  if (value === null) throw invalid(`no timestamp at '${at}'`);
  let ms = Number.NaN;
  if (typeof value === 'number' || (typeof value === 'string' && digits.test(value))) {
    const n = Number(value);
    ms = unit === 's' ? Math.round(n * 1000) : n;
  } else if (typeof value === 'string') {
    const match = isoDate.exec(value.trim());
    if (match) {
      const [, date, time, offset] = match;
      ms = time === undefined ? Date.parse(date) : Date.parse(`${date}T${time}${normalOffset(offset)}`);
    }
  }
  if (!Number.isFinite(ms)) {
    throw invalid(`timestamp at '${at}' must be ${unit === 's' ? 'seconds' : 'ms'} since the epoch or an ISO-8601 date-time, got ${describe(value)}`);
  }
  return ms;
}

function normalOffset(offset: string | undefined): string {
  if (offset === undefined || offset.toUpperCase() === 'Z') return 'Z';
  const sign = offset[0];
  const hhmm = offset.slice(1).replace(':', '');
  return `${sign}${hhmm.slice(0, 2)}:${hhmm.slice(2) || '00'}`;
}

function requiredText(raw: unknown, what: string, at: string): string {
  const value = plain(raw);
  if (value === null || value === '') throw invalid(`no ${what} at '${at}'`);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw invalid(`${what} at '${at}' must be a string or an integer, got ${describe(value)}`);
}

function optionalText(raw: unknown, what: string, at: string): string | null {
  const value = plain(raw);
  if (value === null || typeof value === 'string') return value;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value);
  throw invalid(`${what} at '${at}' must be a string, a number or a boolean, got ${describe(value)}`);
}

function optionalNumber(raw: unknown, what: string, at: string): number | null {
  const value = plain(raw);
  if (value === null || typeof value === 'number') return value;
  throw invalid(`${what} at '${at}' must be a number, got ${describe(value)}`);
}

/** Missing → null; safe bigints → numbers, dates → ms (both can come from Avro and Parquet decoders). */
function plain(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint' && Number.isSafeInteger(Number(value))) return Number(value);
  if (value instanceof Date) return value.getTime();
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value} (too large for a number)`;
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return `an object ${describeValue(value)}`;
  return describeValue(value);
}

function invalid(problem: string): MalformedMessageError {
  return new MalformedMessageError('validation', `cannot map the record to a PredictionEvent: ${problem}`);
}
