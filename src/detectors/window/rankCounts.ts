import { StateDecodeError, type StateReader, type StateWriter } from '../common/stateCodec.ts';
import type { ReferenceRanks } from '../reference/referenceRanks.ts';

/**
 * A window's count per reference rank key (see reference/referenceRanks.ts), kept sparse: one entry
 * per key the window touched, so at most min(finite values in the window, 2D + 1) entries for a
 * reference of D distinct values. No raw value is kept.
 */
export class RankCounts {
  private readonly counts = new Map<number, number>();

  add(key: number, n: number): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  merge(other: RankCounts): void {
    for (const [key, n] of other.counts) this.add(key, n);
  }

  clear(): void {
    this.counts.clear();
  }

  /** Keys held. */
  get size(): number {
    return this.counts.size;
  }

  /** Keys in increasing order with their counts. */
  sorted(): { keys: Float64Array; counts: Float64Array } {
    // Keys are rank keys (< 2^31): an Int32Array fills without the iterator protocol and sorts natively.
    const ints = new Int32Array(this.counts.size);
    let i = 0;
    this.counts.forEach((_, key) => {
      ints[i++] = key;
    });
    const keys = Float64Array.from(ints.sort());
    const counts = new Float64Array(keys.length);
    for (let i = 0; i < keys.length; i++) counts[i] = this.counts.get(keys[i])!;
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
    const out = new RankCounts();
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
