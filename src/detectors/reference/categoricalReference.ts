import { StateReader, StateWriter, fingerprint } from '../common/stateCodec.ts';
import { InvalidReferenceError } from './errors.ts';

export type CategoryValue = string | number | boolean | null | undefined;

/** Categories compare as strings (1, '1' are one category); null, undefined and NaN are missing. */
export function categoryKey(value: CategoryValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' && Number.isNaN(value)) return undefined;
  return typeof value === 'string' ? value : String(value);
}

const FORMAT_VERSION = 1;

/** How often each category appeared in the reference data. Categories are kept sorted. */
export class CategoricalReference {
  readonly kind = 'categorical';
  readonly categories: readonly string[];
  readonly counts: Float64Array;
  /** Non-missing values. */
  readonly n: number;
  readonly missing: number;
  readonly fingerprint: number;
  private readonly index: Map<string, number>;
  private readonly bytes: Uint8Array;

  private constructor(categories: string[], counts: Float64Array, missing: number) {
    this.categories = categories;
    this.counts = counts;
    this.missing = missing;
    this.index = new Map(categories.map((c, i) => [c, i]));
    let n = 0;
    for (const c of counts) n += c;
    this.n = n;
    const w = new StateWriter('reference.categorical', FORMAT_VERSION, 32 + categories.length * 12);
    w.uvarint(missing).uvarint(categories.length);
    for (let i = 0; i < categories.length; i++) w.str(categories[i]).uvarint(counts[i]);
    this.bytes = w.finish();
    this.fingerprint = fingerprint(this.bytes);
  }

  static fromValues(values: Iterable<CategoryValue>): CategoricalReference {
    const tally = new Map<string, number>();
    let missing = 0;
    for (const v of values) {
      const key = categoryKey(v);
      if (key === undefined) missing++;
      else tally.set(key, (tally.get(key) ?? 0) + 1);
    }
    return CategoricalReference.fromCounts(Object.fromEntries(tally), missing);
  }

  static fromCounts(counts: Readonly<Record<string, number>>, missing = 0): CategoricalReference {
    const categories = Object.keys(counts).filter((k) => counts[k] > 0).sort(compareStrings);
    if (categories.length === 0) throw new InvalidReferenceError('a categorical reference needs at least one non-missing value');
    for (const k of categories) {
      if (!Number.isSafeInteger(counts[k])) throw new InvalidReferenceError(`count of category '${k}' must be an integer, got ${counts[k]}`);
    }
    return new CategoricalReference(categories, Float64Array.from(categories, (k) => counts[k]), missing);
  }

  /** Position of the category in `categories`, or −1 when the reference never saw it. */
  indexOf(key: string): number {
    return this.index.get(key) ?? -1;
  }

  toBytes(): Uint8Array {
    return this.bytes.slice();
  }

  static fromBytes(bytes: Uint8Array): CategoricalReference {
    const r = new StateReader(bytes, 'reference.categorical', FORMAT_VERSION);
    const missing = r.uvarint();
    const size = r.uvarint();
    const categories: string[] = [];
    const counts = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      categories.push(r.str());
      counts[i] = r.uvarint();
    }
    r.end();
    return new CategoricalReference(categories, counts, missing);
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
