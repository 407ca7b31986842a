import { StateDecodeError, type StateReader, type StateWriter } from '../common/stateCodec.ts';
import type { ReferenceRanks } from '../reference/referenceRanks.ts';

/**
 * A window's count per reference rank key (see reference/referenceRanks.ts), kept sparse: one entry
 * per key the window touched, so at most min(finite values in the window, 2D + 1) entries for a
 * reference of D distinct values. No raw value is kept.
 */
export class RankCounts {
  /** Keys a state can hold: 2D + 1 for a reference of D distinct values. */
  readonly keyCount: number;
  #sparse: Map<number, number> | null = new Map();
  /** Once the window touched more than 1/16 of the keys, a count per key: at most 8 bytes per key, as a reference holds 16 per distinct value, and no Map rehashing. */
  #dense: Float64Array | null = null;
  #size = 0;

  constructor(keyCount: number) {
    this.keyCount = keyCount;
  }

  add(key: number, n: number): void {
    const dense = this.#dense;
    if (dense !== null) {
      if (dense[key] === 0) this.#size++;
      dense[key] += n;
      return;
    }
    const sparse = this.#sparse!;
    const had = sparse.get(key);
    if (had === undefined) {
      sparse.set(key, n);
      this.#size++;
      if (this.#size * 16 > this.keyCount) this.#densify();
    } else sparse.set(key, had + n);
  }

  #densify(): void {
    const dense = new Float64Array(this.keyCount);
    this.#sparse!.forEach((n, key) => {
      dense[key] = n;
    });
    this.#dense = dense;
    this.#sparse = null;
  }

  merge(other: RankCounts): void {
    other.forEach((key, n) => this.add(key, n));
  }

  /** Each key held with its count (in no particular order). */
  forEach(f: (key: number, n: number) => void): void {
    const dense = this.#dense;
    if (dense === null) {
      this.#sparse!.forEach((n, key) => f(key, n));
      return;
    }
    for (let key = 0; key < dense.length; key++) if (dense[key] !== 0) f(key, dense[key]);
  }

  clear(): void {
    this.#sparse = new Map();
    this.#dense = null;
    this.#size = 0;
  }

  /** Keys held. */
  get size(): number {
    return this.#size;
  }

  /** Bytes in memory: 40 per Map entry (V8's cost), or the dense array. */
  get memoryBytes(): number {
    return 64 + (this.#dense ? this.#dense.byteLength : 40 * this.#size);
  }

  /** Keys in increasing order with their counts. */
  sorted(): { keys: Float64Array; counts: Float64Array } {
    const keys = new Float64Array(this.#size);
    const counts = new Float64Array(this.#size);
    const dense = this.#dense;
    if (dense !== null) {
      let i = 0;
      for (let key = 0; key < dense.length; key++) {
        if (dense[key] === 0) continue;
        keys[i] = key;
        counts[i++] = dense[key];
      }
      return { keys, counts };
    }
    const sparse = this.#sparse!;
    // Keys are rank keys (< 2^31): an Int32Array fills without the iterator protocol and sorts natively.
    const ints = new Int32Array(this.#size);
    let i = 0;
    sparse.forEach((_, key) => {
      ints[i++] = key;
    });
    ints.sort();
    for (let j = 0; j < ints.length; j++) {
      keys[j] = ints[j];
      counts[j] = sparse.get(ints[j])!;
    }
    return { keys, counts };
  }

  /** Appends keys (as gaps) and counts. */
  write(w: StateWriter): void {
    const { keys, counts } = this.sorted();
    w.uvarint(keys.length);
    let previous = -1;
    for (let i = 0; i < keys.length; i++) {
      w.uvarint(keys[i] - previous - 1).uvarint(counts[i]);
      previous = keys[i];
    }
  }

  static read(r: StateReader, ranks: ReferenceRanks): RankCounts {
    const out = new RankCounts(ranks.keyCount);
    const entries = r.uvarint();
    let key = -1;
    for (let i = 0; i < entries; i++) {
      key += r.uvarint() + 1;
      if (key >= ranks.keyCount) throw new StateDecodeError("'window.numeric' state has a rank key out of range; it is corrupt");
      out.add(key, r.uvarint());
    }
    return out;
  }
}
