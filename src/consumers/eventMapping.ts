import type { FieldMapping } from '../config/mappingSchema.ts';
import type { FeatureValue, PredictionEvent } from '../contracts/events.ts';
import { unwrapFeatureValue } from '../contracts/featureValueUnion.ts';
import { MalformedMessageError } from './malformedMessageError.ts';
import { MappedFieldError, describe, optionalNumber, optionalText, plain, requiredText, timestampMs, valueAt } from './mappedFields.ts';

export const unversioned = 'unversioned';

/**
 * Builds a PredictionEvent from a record in the producer's own shape. Avro wrapped unions ({ double: 1.5 }) are
 * unwrapped; a feature, score, label, latency or attribute missing from the record is null (attributes: left
 * out). Ids and versions may be of any primitive type (kept as text); labels may be strings, numbers or booleans (kept as text).
 * Throws MalformedMessageError('validation') naming the path when the event id, timestamp, or a mapped model
 * id or version is missing, or a value has a type the event cannot hold.
 */
export function mapToPredictionEvent(record: unknown, mapping: FieldMapping, defaults: { modelId: string }): PredictionEvent {
  return mappingTo('PredictionEvent', record, (at) => ({
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
  }));
}

/**
 * Runs a mapping over a record: `build` reads it by dotted paths (Avro wrapped unions unwrapped), and any
 * MappedFieldError it throws becomes a MalformedMessageError('validation') naming the contract.
 */
export function mappingTo<T>(contract: string, record: unknown, build: (at: (path: string) => unknown) => T): T {
  try {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) throw new MappedFieldError('the record is not an object');
    return build((p) => unwrapFeatureValue(valueAt(record, p)));
  } catch (error) {
    if (error instanceof MappedFieldError) throw new MalformedMessageError('validation', `cannot map the record to a ${contract}: ${error.message}`);
    throw error;
  }
}

function mappedFeatures(features: FieldMapping['features'], at: (p: string) => unknown): Record<string, FeatureValue> {
  const pairs = Array.isArray(features) ? features.map((p) => [p, p] as const) : Object.entries(features);
  const mapped: Record<string, FeatureValue> = {};
  for (const [featureName, featurePath] of pairs) {
    const value = plain(at(featurePath));
    if (value !== null && typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') {
      throw new MappedFieldError(`feature '${featureName}' at '${featurePath}' must be null, a number, a string or a boolean, got ${describe(value)}`);
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
