import type { Finding, WindowBounds } from '../finding.ts';
import { StateReader, StateWriter } from '../common/stateCodec.ts';
import { COUNT_FIELDS, type FeatureQualityCounts, type FeatureShares, type FeatureSpec, addCounts, countValue, emptyCounts, featureShares } from './featureQuality.ts';
import { type QualityThresholds, qualityFindings } from './qualityFindings.ts';
import { type ImplicitSchemaChange, implicitSchemaChange } from './schemaChange.ts';

/** The reference's feature specs, by feature name. Configuration: not part of the serialised state. */
export type QualityReference = Readonly<Record<string, FeatureSpec>>;

export interface QualityWindowOptions {
  /** Features outside the reference tracked by name; more are only counted, so a producer sending ids as keys cannot exhaust memory. */
  maxUnknownFeatures?: number;
}

export class QualityReferenceMismatchError extends Error {
  override name = 'QualityReferenceMismatchError';
}

/**
 * Data-quality counts for one model over one window: per reference feature, missing / NaN / ±Inf /
 * type-mismatch / out-of-range / unseen-category counts, and per unknown feature the kinds seen.
 * Holds counts only, so windows merge by addition and no raw value is kept.
 */
export class QualityWindow {
  static readonly defaults = {
    // 100 unknown feature names is far beyond honest schema evolution within one window.
    maxUnknownFeatures: 100,
  };

  readonly reference: QualityReference;
  readonly maxUnknownFeatures: number;
  private readonly categories = new Map<string, ReadonlySet<string>>();
  private readonly counts = new Map<string, FeatureQualityCounts>();
  private n = 0;
  private unknownOverflow = 0;

  constructor(reference: QualityReference, options: QualityWindowOptions = {}) {
    this.reference = reference;
    this.maxUnknownFeatures = options.maxUnknownFeatures ?? QualityWindow.defaults.maxUnknownFeatures;
    for (const [name, spec] of Object.entries(reference)) {
      if (spec.categories !== undefined) this.categories.set(name, spec.categories instanceof Set ? spec.categories : new Set(spec.categories as readonly string[]));
      this.counts.set(name, emptyCounts());
    }
  }

  /** The reference's features with their counts and categories, resolved once: update() runs per event. */
  private checks: { name: string; spec: FeatureSpec; counts: FeatureQualityCounts; categories: ReadonlySet<string> | undefined }[] | undefined;

  /** One event's feature map (as decoded: null, number, bigint, string or boolean values). */
  update(features: Readonly<Record<string, unknown>>): void {
    this.n += 1;
    this.checks ??= Object.entries(this.reference).map(([name, spec]) => ({ name, spec, counts: this.counts.get(name)!, categories: this.categories.get(name) }));
    for (const { name, spec, counts, categories } of this.checks) {
      countValue(counts, Object.hasOwn(features, name) ? features[name] : undefined, spec, categories);
    }
    for (const [name, value] of Object.entries(features)) {
      if (!Object.hasOwn(this.reference, name)) this.#countUnknown(name, value);
    }
  }

  /**
   * update() for `count` events given by feature: `features.get(name)(i)` is event i's value, undefined where it
   * has none (the feature absent). Features outside the reference are counted event by event in map order,
   * so one is tracked from the first event holding it, as update() does.
   */
  updateMany(features: ReadonlyMap<string, (i: number) => unknown>, count: number): void {
    this.n += count;
    this.checks ??= Object.entries(this.reference).map(([name, spec]) => ({ name, spec, counts: this.counts.get(name)!, categories: this.categories.get(name) }));
    for (const { name, spec, counts, categories } of this.checks) {
      const valueOf = features.get(name);
      if (valueOf === undefined) {
        counts.events += count;
        counts.missing += count;
        counts.defective += count;
        continue;
      }
      for (let i = 0; i < count; i++) countValue(counts, valueOf(i), spec, categories);
    }
    const unknown: [string, (i: number) => unknown][] = [];
    for (const entry of features) if (!Object.hasOwn(this.reference, entry[0])) unknown.push(entry);
    if (unknown.length === 0) return;
    for (let i = 0; i < count; i++) {
      for (const [name, valueOf] of unknown) {
        const value = valueOf(i);
        if (value !== undefined) this.#countUnknown(name, value);
      }
    }
  }

  #countUnknown(name: string, value: unknown): void {
    let counts = this.counts.get(name);
    if (counts === undefined) {
      if (this.counts.size - Object.keys(this.reference).length >= this.maxUnknownFeatures) {
        this.unknownOverflow += 1;
        return;
      }
      counts = emptyCounts();
      this.counts.set(name, counts);
    }
    countValue(counts, value, undefined, undefined);
  }

  merge(other: QualityWindow): void {
    const names = Object.keys(this.reference);
    const otherNames = Object.keys(other.reference);
    if (names.length !== otherNames.length || names.some((n) => !Object.hasOwn(other.reference, n))) {
      throw new QualityReferenceMismatchError('cannot merge quality windows built on different references; rebuild both from the same reference profile');
    }
    this.n += other.n;
    this.unknownOverflow += other.unknownOverflow;
    for (const [name, counts] of other.counts) {
      const mine = this.counts.get(name);
      if (mine !== undefined) addCounts(mine, counts);
      else if (this.counts.size - names.length < this.maxUnknownFeatures) this.counts.set(name, { ...counts });
      else this.unknownOverflow += counts.events;
    }
  }

  /** Events in the window. */
  get events(): number {
    return this.n;
  }

  /** Events that carried features beyond `maxUnknownFeatures` unknown names (counted once per value). */
  get untrackedUnknownValues(): number {
    return this.unknownOverflow;
  }

  /** Counts per feature (reference features first), as the window report needs them. */
  featureCounts(): ReadonlyMap<string, FeatureQualityCounts> {
    return this.counts;
  }

  shares(feature: string): FeatureShares | undefined {
    const counts = this.counts.get(feature);
    if (counts === undefined) return undefined;
    // Unknown features join mid-window: their missing events are those before they first appeared.
    return featureShares(Object.hasOwn(this.reference, feature) ? counts : { ...counts, events: this.n, missing: counts.missing + this.n - counts.events });
  }

  /**
   * Model quality score: the share of (event, reference feature) cells with no defect, i.e.
   * 1 − Σ defective / (events × reference features). NaN for an empty window or reference.
   */
  score(): number {
    const features = Object.keys(this.reference);
    if (this.n === 0 || features.length === 0) return Number.NaN;
    let defective = 0;
    for (const name of features) defective += this.counts.get(name)!.defective;
    return 1 - defective / (this.n * features.length);
  }

  schemaChange(minExpectedPresent?: number): ImplicitSchemaChange {
    return implicitSchemaChange(this.reference, this.counts, this.n, minExpectedPresent);
  }

  /** Share, score and schema-change findings; thresholds default to DEFAULT_QUALITY_THRESHOLDS. */
  evaluate(window: WindowBounds, thresholds: Partial<QualityThresholds> = {}): Finding[] {
    return qualityFindings(this, window, thresholds);
  }

  toBytes(): Uint8Array {
    const w = new StateWriter('quality.window', 1).f64(this.n).f64(this.unknownOverflow).uvarint(this.maxUnknownFeatures).uvarint(this.counts.size);
    for (const [name, counts] of this.counts) w.str(name).f64s(COUNT_FIELDS.map((f) => counts[f]));
    return w.finish();
  }

  /** Restore a window; `reference` must be the one it was built with (it is configuration, not state). */
  static fromBytes(bytes: Uint8Array, reference: QualityReference): QualityWindow {
    const r = new StateReader(bytes, 'quality.window', 1);
    const n = r.f64();
    const overflow = r.f64();
    const window = new QualityWindow(reference, { maxUnknownFeatures: r.uvarint() });
    window.n = n;
    window.unknownOverflow = overflow;
    const size = r.uvarint();
    for (let i = 0; i < size; i++) {
      const name = r.str();
      const values = r.f64s();
      if (values.length !== COUNT_FIELDS.length) throw new QualityReferenceMismatchError(`quality state for '${name}' has ${values.length} counts, expected ${COUNT_FIELDS.length}`);
      window.counts.set(name, Object.fromEntries(COUNT_FIELDS.map((f, j) => [f, values[j]])) as unknown as FeatureQualityCounts);
    }
    r.end();
    for (const name of Object.keys(reference)) {
      if (window.counts.get(name)?.events !== n) {
        throw new QualityReferenceMismatchError(`reference feature '${name}' is not in the saved quality window; restore it with the reference it was built with`);
      }
    }
    return window;
  }
}
