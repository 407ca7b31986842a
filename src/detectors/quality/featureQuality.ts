import { type FeatureType, matchesType, valueKind } from './featureType.ts';

/** What the reference says about one feature. min/max and categories are optional checks. */
export interface FeatureSpec {
  type: FeatureType;
  /** Smallest and largest value in the reference; finite values outside are counted. */
  min?: number;
  max?: number;
  /** Categories seen in the reference; other strings are counted as unseen. */
  categories?: ReadonlySet<string> | readonly string[];
  /** Share of events missing this feature in the reference; raises the missing-share bounds. Default 0. */
  expectedMissingShare?: number;
}

/** Counts for one feature over one window. Shares are derived in `featureShares`. */
export interface FeatureQualityCounts {
  /** Events in the window. */
  events: number;
  /** Feature absent or null. */
  missing: number;
  nan: number;
  infinite: number;
  /** Present values of the wrong type for the feature. */
  typeMismatch: number;
  /** Finite numbers checked against [min, max], and those outside. */
  rangeChecked: number;
  outOfRange: number;
  /** Strings checked against the reference categories, and those unseen. */
  categoryChecked: number;
  unseenCategory: number;
  /** Events with at least one defect: missing, NaN, ±Inf, type mismatch, out of range, unseen. */
  defective: number;
  /** Present values by kind, for inferring the type the window saw (NaN and ±Inf count as fractional). */
  booleans: number;
  strings: number;
  integers: number;
  fractionals: number;
}

export const COUNT_FIELDS: readonly (keyof FeatureQualityCounts)[] = [
  'events',
  'missing',
  'nan',
  'infinite',
  'typeMismatch',
  'rangeChecked',
  'outOfRange',
  'categoryChecked',
  'unseenCategory',
  'defective',
  'booleans',
  'strings',
  'integers',
  'fractionals',
];

export function emptyCounts(): FeatureQualityCounts {
  return Object.fromEntries(COUNT_FIELDS.map((f) => [f, 0])) as unknown as FeatureQualityCounts;
}

/** Add one event's value for a feature (undefined when the event lacks it) to its counts. */
export function countValue(counts: FeatureQualityCounts, value: unknown, spec: FeatureSpec | undefined, categories: ReadonlySet<string> | undefined): void {
  counts.events += 1;
  const kind = valueKind(value);
  if (kind === 'missing') {
    counts.missing += 1;
    counts.defective += 1;
    return;
  }
  if (kind === 'boolean') counts.booleans += 1;
  else if (kind === 'string') counts.strings += 1;
  else if (kind === 'integer') counts.integers += 1;
  else if (kind !== 'other') counts.fractionals += 1;
  if (spec === undefined) return;
  let defect = false;
  if (!matchesType(kind, spec.type)) {
    counts.typeMismatch += 1;
    defect = true;
  } else if (kind === 'nan') {
    counts.nan += 1;
    defect = true;
  } else if (kind === 'infinite') {
    counts.infinite += 1;
    defect = true;
  } else if ((kind === 'integer' || kind === 'fractional') && (spec.min !== undefined || spec.max !== undefined)) {
    const x = Number(value);
    counts.rangeChecked += 1;
    if ((spec.min !== undefined && x < spec.min) || (spec.max !== undefined && x > spec.max)) {
      counts.outOfRange += 1;
      defect = true;
    }
  } else if (kind === 'string' && categories !== undefined) {
    counts.categoryChecked += 1;
    if (!categories.has(value as string)) {
      counts.unseenCategory += 1;
      defect = true;
    }
  }
  if (defect) counts.defective += 1;
}

export function addCounts(into: FeatureQualityCounts, other: FeatureQualityCounts): void {
  for (const f of COUNT_FIELDS) into[f] += other[f];
}

export interface FeatureShares {
  /** Of events. */
  missing: number;
  nan: number;
  infinite: number;
  typeMismatch: number;
  /** Of finite numbers checked against [min, max]; NaN when none were. */
  outOfRange: number;
  /** Of strings checked against the categories; NaN when none were. */
  unseenCategory: number;
  /** 1 − defective events / events. */
  score: number;
}

export function featureShares(c: FeatureQualityCounts): FeatureShares {
  const share = (n: number, of: number) => (of === 0 ? Number.NaN : n / of);
  return {
    missing: share(c.missing, c.events),
    nan: share(c.nan, c.events),
    infinite: share(c.infinite, c.events),
    typeMismatch: share(c.typeMismatch, c.events),
    outOfRange: share(c.outOfRange, c.rangeChecked),
    unseenCategory: share(c.unseenCategory, c.categoryChecked),
    score: c.events === 0 ? Number.NaN : 1 - c.defective / c.events,
  };
}
