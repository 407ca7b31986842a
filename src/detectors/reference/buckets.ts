/**
 * Buckets cut at sorted, distinct cut points c_0 < … < c_{K−1}: 2K + 1 of them.
 * Bucket 2i is the open interval just below c_i ((−∞, c_0) for i = 0, (c_{K−1}, +∞) for i = K);
 * bucket 2i + 1 is the point c_i itself.
 *
 * Inside an open bucket a value is kept only as its offset from the bucket's finite side:
 * c_0 − x in bucket 0, x − c_{i−1} in bucket 2i for i ≥ 1. Offsets keep precision when values are
 * large (timestamps, ids) and the buckets narrow.
 */
import { lowerBound } from '../common/lowerBound.ts';

/** Index of the bucket holding x (finite). O(log K). */
export function bucketOf(cuts: Float64Array, x: number): number {
  const lo = lowerBound(cuts, x);
  return lo < cuts.length && cuts[lo] === x ? 2 * lo + 1 : 2 * lo;
}

/** Offset of x inside its open bucket (0 for a cut bucket). */
export function offsetIn(cuts: Float64Array, bucket: number, x: number): number {
  if (bucket & 1) return 0;
  return bucket === 0 ? cuts[0] - x : x - cuts[(bucket >> 1) - 1];
}

/** Width of an open bucket; Infinity for the two outer ones. */
export function bucketWidth(cuts: Float64Array, bucket: number): number {
  if (bucket & 1) return 0;
  const i = bucket >> 1;
  return i === 0 || i === cuts.length ? Infinity : cuts[i] - cuts[i - 1];
}

/**
 * First index i with cuts[i] ≥ x (cuts.length when none), for finite x: a binary search, started
 * from a guide table over [c_0, c_{K−1}] (about 4 cells per cut) that narrows the range to the cuts
 * of x's cell. Still O(log K) in the worst case; a few steps for most data.
 */
export class CutIndex {
  readonly cuts: Float64Array;
  private readonly first: number;
  private readonly last: number;
  private readonly scale: number;
  /** guide[j] = number of cuts whose cell is below j; cell(v) = ⌊(v − c_0)·scale⌋. */
  private readonly guide: Uint32Array;

  constructor(cuts: Float64Array) {
    this.cuts = cuts;
    const k = cuts.length;
    this.first = cuts[0];
    this.last = cuts[k - 1];
    const range = this.last - this.first;
    const cells = Math.min(1 << 16, 2 ** Math.ceil(Math.log2(Math.max(16, 4 * k))));
    const scale = cells / range;
    this.scale = Number.isFinite(range) && Number.isFinite(scale) && k > 1 ? scale : 0;
    this.guide = new Uint32Array(cells + 2);
    let i = 0;
    for (let j = 0; j < this.guide.length; j++) {
      while (i < k && this.cell(cuts[i]) < j) i++;
      this.guide[j] = i;
    }
  }

  lowerBound(x: number): number {
    if (x <= this.first) return 0;
    if (x > this.last) return this.cuts.length;
    const j = this.cell(x);
    let lo = this.guide[j];
    let hi = this.guide[j + 1];
    const cuts = this.cuts;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cuts[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Bytes of the guide table. */
  get byteLength(): number {
    return this.guide.byteLength;
  }

  private cell(v: number): number {
    return Math.floor((v - this.first) * this.scale) | 0;
  }
}
