import type { FeatureQualityCounts } from './featureQuality.ts';
import type { FeatureType } from './featureType.ts';

/** The type a window saw for a feature: the kind of most present values, 'null' when none was present. */
export type ObservedType = FeatureType | 'null';

export function observedType(c: FeatureQualityCounts): ObservedType {
  const numeric = c.integers + c.fractionals;
  const best = Math.max(numeric, c.strings, c.booleans);
  if (best === 0) return 'null';
  if (numeric === best) return c.fractionals > 0 ? 'double' : 'long';
  return c.strings === best ? 'string' : 'boolean';
}

export interface TypeChange {
  feature: string;
  reference: FeatureType;
  observed: FeatureType;
}

export interface ImplicitSchemaChange {
  /** Features the window carried (non-null at least once) that the reference does not know. */
  appeared: string[];
  /** Reference features never present in the window although at least `minExpectedPresent` were expected. */
  disappeared: string[];
  /** Features whose observed type differs from the reference's. A double feature seen only with integers is not a change. */
  changedType: TypeChange[];
}

// 10 expected values: if the feature were still sent, seeing none would have probability ≈ e^-10.
export const DEFAULT_MIN_EXPECTED_PRESENT = 10;

/**
 * Implicit schema change between the reference's feature→type map and what a window saw.
 * `expectedMissingShare` per feature (default 0) keeps sparse features from being called disappeared
 * in small windows: a feature disappears only if events × (1 − expected missing share) ≥ minExpectedPresent.
 */
export function implicitSchemaChange(
  reference: Readonly<Record<string, { type: FeatureType; expectedMissingShare?: number }>>,
  observed: ReadonlyMap<string, FeatureQualityCounts>,
  events: number,
  minExpectedPresent = DEFAULT_MIN_EXPECTED_PRESENT,
): ImplicitSchemaChange {
  const appeared: string[] = [];
  const disappeared: string[] = [];
  const changedType: TypeChange[] = [];
  for (const [feature, counts] of observed) {
    if (!(feature in reference) && observedType(counts) !== 'null') appeared.push(feature);
  }
  for (const [feature, spec] of Object.entries(reference)) {
    const counts = observed.get(feature);
    const seen = counts === undefined ? 'null' : observedType(counts);
    if (seen === 'null') {
      if (events * (1 - (spec.expectedMissingShare ?? 0)) >= minExpectedPresent) disappeared.push(feature);
    } else if (seen !== spec.type && !(spec.type === 'double' && seen === 'long')) {
      changedType.push({ feature, reference: spec.type, observed: seen });
    }
  }
  return { appeared: appeared.sort(), disappeared: disappeared.sort(), changedType: changedType.sort((a, b) => (a.feature < b.feature ? -1 : 1)) };
}
