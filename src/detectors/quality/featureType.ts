/** Declared type of a feature, as in the PredictionEvent features map (null | double | long | string | boolean). */
export type FeatureType = 'double' | 'long' | 'string' | 'boolean';

/** What one observed value is, finer than its type so quality checks can tell NaN and ±Inf apart. */
export type ValueKind = 'missing' | 'boolean' | 'string' | 'integer' | 'fractional' | 'nan' | 'infinite' | 'other';

export function valueKind(value: unknown): ValueKind {
  if (value === null || value === undefined) return 'missing';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'bigint':
      return 'integer';
    case 'number':
      if (Number.isNaN(value)) return 'nan';
      if (!Number.isFinite(value)) return 'infinite';
      return Number.isInteger(value) ? 'integer' : 'fractional';
    default:
      return 'other';
  }
}

/**
 * Whether a present value has the feature's type. NaN and ±Inf count as numbers here (they are
 * reported in their own shares); a double feature accepts integers (long → double promotion), a
 * long feature does not accept fractions.
 */
export function matchesType(kind: ValueKind, type: FeatureType): boolean {
  switch (type) {
    case 'double':
      return kind === 'integer' || kind === 'fractional' || kind === 'nan' || kind === 'infinite';
    case 'long':
      return kind === 'integer' || kind === 'nan' || kind === 'infinite';
    case 'string':
      return kind === 'string';
    case 'boolean':
      return kind === 'boolean';
  }
}

export function isFeatureType(value: string): value is FeatureType {
  return value === 'double' || value === 'long' || value === 'string' || value === 'boolean';
}
