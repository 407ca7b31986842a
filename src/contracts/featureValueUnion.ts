import type { FeatureValue } from './events.ts';

/**
 * The features map's values are the Avro union null | double | long | string | boolean. Because double and
 * long are both numbers in JavaScript, avsc keeps this union wrapped: { double: 1.5 }, { long: 3 },
 * { string: "x" }, { boolean: true } or null. These two functions convert between that and plain values.
 */
export function unwrapFeatureValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1 || !['double', 'long', 'string', 'boolean'].includes(keys[0])) return value;
  return (value as Record<string, unknown>)[keys[0]];
}

/** Wraps a plain feature value for Avro encoding with avsc: integers as long, other numbers as double. */
export function wrapFeatureValue(value: FeatureValue): FeatureValue | Record<string, number | string | boolean> {
  if (value === null) return null;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? { long: value } : { double: value };
  return typeof value === 'string' ? { string: value } : { boolean: value };
}

/** A PredictionEvent or FeatureEvent ready for avsc: the same object with its features map wrapped. */
export function withWrappedFeatures<T extends { features: Record<string, FeatureValue> }>(event: T): T {
  return { ...event, features: Object.fromEntries(Object.entries(event.features).map(([k, v]) => [k, wrapFeatureValue(v)])) } as T;
}
