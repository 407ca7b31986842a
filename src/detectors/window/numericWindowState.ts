import { StateDecodeError, StateReader, StateWriter } from '../common/stateCodec.ts';
import type { NumericReference } from '../reference/numericReference.ts';
import { ReferenceMismatchError } from './errors.ts';
import { RankCounts } from './rankCounts.ts';

/** v1: buckets only. v2: rank counts follow (references with ranks, see NumericReference.ranks). */
const FORMAT_VERSION = 1;
const FORMAT_VERSION_WITH_RANKS = 2;

/**
 * One numeric feature over one window, held as counts over the reference's buckets (see
 * reference/buckets.ts) plus the offset sum of each open bucket; no raw value is kept.
 * From it, KS and PSI against the reference are exact and Wasserstein-1 is exact up to a stated
 * bound (see numericStatistics.ts). Missing, NaN and ±Infinity are counted apart and never bucketed.
 * Aggregates: min, max, and sum / sum of squares of (x − reference mean): shifted by the reference
 * mean so the variance does not cancel catastrophically, and still plain sums, so windows merge by
 * addition.
 */
export class NumericWindowState {
  readonly reference: NumericReference;
  /** Count per bucket (2·cuts + 1). */
  readonly counts: Float64Array;
  /** Offset sum of open bucket 2i at index i. */
  readonly offsets: Float64Array;
  /** Finite values. */
  count = 0;
  /** null or undefined. */
  missing = 0;
  nan = 0;
  positiveInfinity = 0;
  negativeInfinity = 0;
  min = Infinity;
  max = -Infinity;
  /** Σ (x − shift) over finite values. */
  shiftedSum = 0;
  /** Σ (x − shift)² over finite values. */
  shiftedSumOfSquares = 0;
  /** The reference mean. */
  readonly shift: number;
  /**
   * Non-empty buckets, in first-touch order, while there are few of them (at most a quarter of all
   * buckets); −1 once there are more. Lets merge and clear skip empty buckets in small windows and panes.
   */
  private readonly touched: Int32Array;
  private touchedCount = 0;
  /** Count per reference rank key when the reference is compressed (exact KS); null otherwise. */
  readonly rankCounts: RankCounts | null;

  constructor(reference: NumericReference) {
    this.reference = reference;
    this.shift = reference.mean;
    this.counts = new Float64Array(reference.counts.length);
    this.offsets = new Float64Array(reference.offsets.length);
    this.touched = new Int32Array(Math.max(1, reference.counts.length >> 2));
    this.rankCounts = reference.ranks ? new RankCounts(reference.ranks.keyCount) : null;
  }

  update(x: number | null | undefined): void {
    if (typeof x !== 'number') {
      this.missing++;
      return;
    }
    if (!Number.isFinite(x)) {
      if (x === Infinity) this.positiveInfinity++;
      else if (x === -Infinity) this.negativeInfinity++;
      else this.nan++;
      return;
    }
    const cuts = this.reference.cuts;
    const lo = this.reference.cutIndex.lowerBound(x);
    if (lo < cuts.length && cuts[lo] === x) this.add(2 * lo + 1, 1);
    else {
      this.add(2 * lo, 1);
      this.offsets[lo] += lo === 0 ? cuts[0] - x : x - cuts[lo - 1];
    }
    if (this.rankCounts) this.rankCounts.add(this.reference.ranks!.keyOf(x), 1);
    this.count++;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    const d = x - this.shift;
    this.shiftedSum += d;
    this.shiftedSumOfSquares += d * d;
  }

  /** Every event seen, usable or not. */
  get total(): number {
    return this.count + this.missing + this.nan + this.positiveInfinity + this.negativeInfinity;
  }

  get sum(): number {
    return this.shiftedSum + this.shift * this.count;
  }

  /** Mean of the finite values (NaN when there are none). */
  get mean(): number {
    return this.count === 0 ? NaN : this.shift + this.shiftedSum / this.count;
  }

  get sumOfSquares(): number {
    return this.shiftedSumOfSquares + 2 * this.shift * this.shiftedSum + this.shift * this.shift * this.count;
  }

  /** Population variance of the finite values (NaN when there are none). */
  get variance(): number {
    if (this.count === 0) return NaN;
    const m = this.shiftedSum / this.count;
    return Math.max(0, this.shiftedSumOfSquares / this.count - m * m);
  }

  /** Adds another partial window of the same reference into this one. */
  merge(other: NumericWindowState): this {
    if (other.reference !== this.reference && other.reference.fingerprint !== this.reference.fingerprint) {
      throw new ReferenceMismatchError('cannot merge window states built on different references');
    }
    if (other.touchedCount >= 0) {
      for (let k = 0; k < other.touchedCount; k++) {
        const b = other.touched[k];
        this.add(b, other.counts[b]);
        if ((b & 1) === 0) this.offsets[b >> 1] += other.offsets[b >> 1];
      }
    } else {
      for (let b = 0; b < this.counts.length; b++) this.counts[b] += other.counts[b];
      for (let i = 0; i < this.offsets.length; i++) this.offsets[i] += other.offsets[i];
      this.touchedCount = -1;
    }
    if (this.rankCounts) this.rankCounts.merge(other.rankCounts!);
    this.count += other.count;
    this.shiftedSum += other.shiftedSum;
    this.shiftedSumOfSquares += other.shiftedSumOfSquares;
    this.missing += other.missing;
    this.nan += other.nan;
    this.positiveInfinity += other.positiveInfinity;
    this.negativeInfinity += other.negativeInfinity;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    return this;
  }

  clear(): void {
    if (this.touchedCount >= 0) {
      for (let k = 0; k < this.touchedCount; k++) {
        const b = this.touched[k];
        this.counts[b] = 0;
        if ((b & 1) === 0) this.offsets[b >> 1] = 0;
      }
    } else {
      this.counts.fill(0);
      this.offsets.fill(0);
    }
    this.touchedCount = 0;
    this.rankCounts?.clear();
    this.count = this.missing = this.nan = this.positiveInfinity = this.negativeInfinity = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.shiftedSum = this.shiftedSumOfSquares = 0;
  }

  /** Bytes this state holds in memory (typed arrays plus fields; rank counts as RankCounts.memoryBytes). */
  get memoryBytes(): number {
    return this.counts.byteLength + this.offsets.byteLength + this.touched.byteLength + 112 + (this.rankCounts?.memoryBytes ?? 0);
  }

  private add(bucket: number, n: number): void {
    if (this.counts[bucket] === 0 && this.touchedCount >= 0) {
      if (this.touchedCount < this.touched.length) this.touched[this.touchedCount++] = bucket;
      else this.touchedCount = -1;
    }
    this.counts[bucket] += n;
  }

  /** Sparse encoding: only non-empty buckets, with an offset sum for open ones. */
  toBytes(): Uint8Array {
    let nonEmpty = 0;
    for (let b = 0; b < this.counts.length; b++) if (this.counts[b] > 0) nonEmpty++;
    const w = new StateWriter('window.numeric', this.rankCounts ? FORMAT_VERSION_WITH_RANKS : FORMAT_VERSION, 64 + nonEmpty * 12 + (this.rankCounts ? this.rankCounts.size * 6 : 0));
    w.uvarint(this.reference.fingerprint).uvarint(this.counts.length)
      .uvarint(this.count).uvarint(this.missing).uvarint(this.nan).uvarint(this.positiveInfinity).uvarint(this.negativeInfinity)
      .f64(this.min).f64(this.max).f64(this.shiftedSum).f64(this.shiftedSumOfSquares)
      .uvarint(nonEmpty);
    let previous = -1;
    for (let b = 0; b < this.counts.length; b++) {
      if (this.counts[b] === 0) continue;
      w.uvarint(b - previous - 1).uvarint(this.counts[b]);
      if ((b & 1) === 0) w.f64(this.offsets[b >> 1]);
      previous = b;
    }
    this.rankCounts?.write(w);
    return w.finish();
  }

  static fromBytes(bytes: Uint8Array, reference: NumericReference): NumericWindowState {
    const r = new StateReader(bytes, 'window.numeric', [FORMAT_VERSION, FORMAT_VERSION_WITH_RANKS]);
    const fp = r.uvarint();
    const buckets = r.uvarint();
    if (fp !== reference.fingerprint || buckets !== reference.counts.length) {
      throw new ReferenceMismatchError('window state bytes were written against another reference');
    }
    const s = new NumericWindowState(reference);
    s.count = r.uvarint();
    s.missing = r.uvarint();
    s.nan = r.uvarint();
    s.positiveInfinity = r.uvarint();
    s.negativeInfinity = r.uvarint();
    s.min = r.f64();
    s.max = r.f64();
    s.shiftedSum = r.f64();
    s.shiftedSumOfSquares = r.f64();
    const nonEmpty = r.uvarint();
    let b = -1;
    for (let k = 0; k < nonEmpty; k++) {
      b += r.uvarint() + 1;
      if (b >= buckets) throw new StateDecodeError("'window.numeric' state has a bucket index out of range; it is corrupt");
      s.add(b, r.uvarint());
      if ((b & 1) === 0) s.offsets[b >> 1] = r.f64();
    }
    if ((r.version === FORMAT_VERSION_WITH_RANKS) !== (reference.ranks !== null)) {
      throw new StateDecodeError(`'window.numeric' state v${r.version} ${r.version === FORMAT_VERSION ? 'has no' : 'has'} rank counts but its reference ${reference.ranks ? 'has' : 'has no'} ranks; it is corrupt`);
    }
    if (s.rankCounts) s.rankCounts.merge(RankCounts.read(r, reference.ranks!));
    r.end();
    return s;
  }
}
