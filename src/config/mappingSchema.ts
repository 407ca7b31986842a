import { z } from 'zod';

/**
 * Where a producer's own record shape keeps the parts of a PredictionEvent. Every path is dotted ("meta.id");
 * a key that itself contains dots is matched whole before the path is split, and array items are reached by
 * index ("scores.0").
 */
export interface FieldMapping {
  eventId: string;
  /** When absent, every event belongs to the monitor's model. */
  modelId?: string;
  /** When absent, every event is version "unversioned". */
  modelVersion?: string;
  /** ms since the epoch, or seconds with timestampUnit 's', or an ISO-8601 string. */
  timestamp: string;
  timestampUnit?: 'ms' | 's';
  /** Paths, each also the feature's name; or feature name → path. */
  features: string[] | Record<string, string>;
  score?: string;
  label?: string;
  latencyMs?: string;
  /** Attribute name → path. */
  attributes?: Record<string, string>;
  /** The true outcome, read from reference records only (performance.estimate); 'target' when absent. */
  target?: string;
}

const path = z.string().regex(/^[^.]+(\.[^.]+)*$/, 'expected a dotted path such as meta.id');
const name = z.string().min(1);

export const fieldMappingSchema: z.ZodType<FieldMapping> = z.strictObject({
  eventId: path,
  modelId: path.optional(),
  modelVersion: path.optional(),
  timestamp: path,
  timestampUnit: z.enum(['ms', 's']).optional(),
  features: z.union([
    z.array(path).min(1, 'list at least one feature'),
    z.record(name, path).refine((features) => Object.keys(features).length > 0, 'list at least one feature'),
  ]),
  score: path.optional(),
  label: path.optional(),
  latencyMs: path.optional(),
  attributes: z.record(name, path).optional(),
  target: path.optional(),
});

/** Where a producer's own label record keeps the parts of a LabelEvent (dotted paths, as in FieldMapping). */
export interface LabelFieldMapping {
  eventId: string;
  /** When absent, every label belongs to the monitor's model. */
  modelId?: string;
  /** ms since the epoch, or seconds with timestampUnit 's', or an ISO-8601 string. */
  timestamp: string;
  timestampUnit?: 'ms' | 's';
  label: string;
}

export const labelMappingSchema: z.ZodType<LabelFieldMapping> = z.strictObject({
  eventId: path,
  modelId: path.optional(),
  timestamp: path,
  timestampUnit: z.enum(['ms', 's']).optional(),
  label: path,
});
