import { StateReader, StateWriter } from '../common/stateCodec.ts';
import { categoryKey } from '../reference/categoricalReference.ts';
import type { CategoricalReference, CategoryValue } from '../reference/categoricalReference.ts';
import { ReferenceMismatchError } from './errors.ts';

const FORMAT_VERSION = 1;

/** Default cap on distinct unseen categories tracked by name; beyond it they are counted under OTHER_UNSEEN. */
export const DEFAULT_MAX_UNSEEN_CATEGORIES = 100;
/** Key under which unseen categories past the cap are counted. */
export const OTHER_UNSEEN = '\u0000other_unseen';

export interface CategoricalWindowOptions {
  /** Distinct unseen categories tracked by name (default 100), so a high-cardinality stream cannot grow the state without bound. */
  maxUnseenCategories?: number;
}

/** One categorical feature over one window: counts per reference category, plus categories the reference never saw. */
export class CategoricalWindowState {
  readonly reference: CategoricalReference;
  readonly maxUnseenCategories: number;
  /** Count per reference category, in reference.categories order. */
  readonly counts: Float64Array;
  /** Counts of categories the reference never saw (at most maxUnseenCategories keys plus OTHER_UNSEEN). */
  readonly unseen = new Map<string, number>();
  /** Non-missing values. */
  count = 0;
  unseenCount = 0;
  /** null, undefined or NaN. */
  missing = 0;

  constructor(reference: CategoricalReference, options: CategoricalWindowOptions = {}) {
    this.reference = reference;
    this.maxUnseenCategories = options.maxUnseenCategories ?? DEFAULT_MAX_UNSEEN_CATEGORIES;
    this.counts = new Float64Array(reference.categories.length);
  }

  update(value: CategoryValue): void {
    const key = categoryKey(value);
    if (key === undefined) {
      this.missing++;
      return;
    }
    this.count++;
    const i = this.reference.indexOf(key);
    if (i >= 0) this.counts[i]++;
    else this.addUnseen(key, 1);
  }

  get total(): number {
    return this.count + this.missing;
  }

  /** Share of non-missing values whose category the reference never saw (0 for an empty window). */
  get unseenShare(): number {
    return this.count === 0 ? 0 : this.unseenCount / this.count;
  }

  /** Counts by category name, reference categories first (zeros included), then unseen ones. */
  countsByCategory(): Record<string, number> {
    const out: Record<string, number> = {};
    this.reference.categories.forEach((c, i) => (out[c] = this.counts[i]));
    for (const [c, v] of this.unseen) out[c] = v;
    return out;
  }

  merge(other: CategoricalWindowState): this {
    if (other.reference !== this.reference && other.reference.fingerprint !== this.reference.fingerprint) {
      throw new ReferenceMismatchError('cannot merge window states built on different references');
    }
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += other.counts[i];
    for (const [key, v] of other.unseen) this.addUnseen(key, v);
    this.count += other.count;
    this.missing += other.missing;
    return this;
  }

  clear(): void {
    this.counts.fill(0);
    this.unseen.clear();
    this.count = this.unseenCount = this.missing = 0;
  }

  /** Approximate bytes in memory: the count array plus unseen entries (key + map slot). */
  get memoryBytes(): number {
    let bytes = this.counts.byteLength + 64;
    for (const key of this.unseen.keys()) bytes += 48 + 2 * key.length;
    return bytes;
  }

  toBytes(): Uint8Array {
    const w = new StateWriter('window.categorical', FORMAT_VERSION, 32 + this.counts.length * 2 + this.unseen.size * 16);
    w.uvarint(this.reference.fingerprint).uvarint(this.maxUnseenCategories).uvarint(this.count).uvarint(this.missing);
    for (let i = 0; i < this.counts.length; i++) w.uvarint(this.counts[i]);
    w.uvarint(this.unseen.size);
    for (const [key, v] of this.unseen) w.str(key).uvarint(v);
    return w.finish();
  }

  static fromBytes(bytes: Uint8Array, reference: CategoricalReference): CategoricalWindowState {
    const r = new StateReader(bytes, 'window.categorical', FORMAT_VERSION);
    if (r.uvarint() !== reference.fingerprint) throw new ReferenceMismatchError('window state bytes were written against another reference');
    const s = new CategoricalWindowState(reference, { maxUnseenCategories: r.uvarint() });
    s.count = r.uvarint();
    s.missing = r.uvarint();
    for (let i = 0; i < s.counts.length; i++) s.counts[i] = r.uvarint();
    const unseen = r.uvarint();
    for (let i = 0; i < unseen; i++) s.addUnseen(r.str(), r.uvarint());
    r.end();
    return s;
  }

  private addUnseen(key: string, v: number): void {
    this.unseenCount += v;
    const named = this.unseen.size - (this.unseen.has(OTHER_UNSEEN) ? 1 : 0);
    const slot = this.unseen.has(key) || named < this.maxUnseenCategories ? key : OTHER_UNSEEN;
    this.unseen.set(slot, (this.unseen.get(slot) ?? 0) + v);
  }
}
