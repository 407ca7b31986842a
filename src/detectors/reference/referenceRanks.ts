import { CutIndex } from './buckets.ts';

/**
 * Every distinct value of a numeric reference with the reference count at or below it: what exact KS
 * needs when the buckets (cuts) keep only some of the distinct values. Held once per model version,
 * in the reference profile; window states keep only a sparse count per rank they saw (see
 * window/rankCounts.ts), so KS stays exact for a reference of any cardinality without raw values.
 *
 * Rank keys: 2i + 1 is the value v_i itself, 2i the open interval just below it ((−∞, v_0) for i = 0,
 * (v_{D−1}, +∞) for i = D). The reference CDF is flat on every open interval, so two window values
 * with the same key move KS identically.
 */
export class ReferenceRanks {
  /** Sorted distinct reference values. */
  readonly values: Float64Array;
  /** cumulative[i]: reference values ≤ values[i]. */
  readonly cumulative: Float64Array;
  readonly index: CutIndex;

  constructor(values: Float64Array, cumulative: Float64Array) {
    this.values = values;
    this.cumulative = cumulative;
    this.index = new CutIndex(values);
  }

  static fromCounts(values: Float64Array, counts: ArrayLike<number>): ReferenceRanks {
    const cumulative = new Float64Array(values.length);
    let total = 0;
    for (let i = 0; i < values.length; i++) cumulative[i] = total += counts[i];
    return new ReferenceRanks(values, cumulative);
  }

  /** Rank key of a finite x. */
  keyOf(x: number): number {
    const lo = this.index.lowerBound(x);
    return lo < this.values.length && this.values[lo] === x ? 2 * lo + 1 : 2 * lo;
  }

  /** Number of rank keys (2D + 1). */
  get keyCount(): number {
    return 2 * this.values.length + 1;
  }

  /** Reference values strictly below any value of this key. */
  below(key: number): number {
    const i = key >> 1;
    return i === 0 ? 0 : this.cumulative[i - 1];
  }

  /** Reference values at or below every value of this key. */
  atOrBelow(key: number): number {
    return key & 1 ? this.cumulative[key >> 1] : this.below(key);
  }

  /** Bytes held in memory (values, cumulative counts, lookup table). */
  get memoryBytes(): number {
    return this.values.byteLength + this.cumulative.byteLength + this.index.byteLength;
  }
}
