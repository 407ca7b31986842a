import { quantileEdges } from '../stats/index.ts';
import { CutIndex, bucketOf, offsetIn } from './buckets.ts';
import { StateDecodeError, StateReader, StateWriter, fingerprint } from '../common/stateCodec.ts';
import { compressCuts, mergeSortedUnique } from './compressCuts.ts';
import { InvalidReferenceError } from './errors.ts';
import { ReferenceRanks } from './referenceRanks.ts';

export interface NumericReferenceOptions {
  /** PSI bins, cut at reference quantiles k/bins. Default 10. */
  bins?: number;
  /**
   * Most cut points kept from the reference's distinct values (at least 4). Default 1000.
   * A reference with more distinct values is compressed: its buckets (PSI, Wasserstein, dense window
   * counts) use a subset of the values, and it keeps every distinct value apart (`ranks`) so KS stays
   * exact. Compression costs Wasserstein a wider error bound, nothing in KS or PSI. Window state is
   * about 26 bytes per cut in memory (counts, offset sums, touched-bucket list), plus the sparse rank
   * counts of a compressed reference.
   */
  maxCutPoints?: number;
  /**
   * Keep every distinct value of a compressed reference (`ranks`) so KS is exact. Default true. False saves
   * the ranks' memory and the per-event rank lookup (bench: windowStateSize) at the cost of KS D moving by
   * up to 1 / (maxCutPoints − 2) from the exact D.
   */
  exactKs?: boolean;
}

export const NUMERIC_REFERENCE_DEFAULTS = { bins: 10, maxCutPoints: 1000, exactKs: true } as const;

/** v1: no ranks (every reference written before exact KS for compressed references, and every uncompressed one). v2: ranks follow. */
const FORMAT_VERSION = 1;
const FORMAT_VERSION_WITH_RANKS = 2;

interface Parts {
  bins: number;
  maxCutPoints: number;
  n: number;
  nonFinite: number;
  distinctCount: number;
  compressed: boolean;
  mean: number;
  std: number;
  min: number;
  max: number;
  psiEdges: Float64Array;
  cuts: Float64Array;
  counts: Float64Array;
  offsets: Float64Array;
  ranks: ReferenceRanks | null;
}

/**
 * What a numeric feature looked like in the reference data, kept as counts over buckets cut at its
 * distinct values (see buckets.ts), so windows can be compared without any raw value.
 * `std` is the POPULATION standard deviation (ddof = 0, like numpy.std and Evidently's normalisation).
 */
export class NumericReference {
  readonly kind = 'numeric';
  readonly bins: number;
  readonly maxCutPoints: number;
  /** Finite values in the reference. */
  readonly n: number;
  /** null, undefined, NaN and ±Infinity values seen while building (not part of any statistic). */
  readonly nonFinite: number;
  /** Distinct finite values before any compression. */
  readonly distinctCount: number;
  /** True when only some distinct values are cuts (see maxCutPoints). */
  readonly compressed: boolean;
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
  /** PSI edges (quantileEdges: distinct reference quantiles at k/bins, k = 1 … bins − 1); bins (−∞, e_1], (e_1, e_2], …, (e_last, +∞). */
  readonly psiEdges: Float64Array;
  /** Sorted distinct cut points: the reference's distinct values (or a subset when compressed) plus PSI edges. */
  readonly cuts: Float64Array;
  /** Reference count per bucket (2·cuts.length + 1). */
  readonly counts: Float64Array;
  /** Sum of offsets per open bucket (see buckets.ts): offsets[i] belongs to bucket 2i; cuts.length + 1 of them. */
  readonly offsets: Float64Array;
  /** PSI bin i spans buckets psiBinStarts[i] … psiBinStarts[i + 1] − 1 (bins are runs of consecutive buckets). */
  readonly psiBinStarts: Uint32Array;
  /** Reference count per PSI bin. */
  readonly psiCounts: Float64Array;
  /**
   * Every distinct value with its cumulative count, when compressed (null when every distinct value is
   * a cut, and for a compressed reference saved before exact KS: KS then uses the cuts). Window states
   * of a reference with ranks keep sparse rank counts and KS is exact.
   */
  readonly ranks: ReferenceRanks | null;
  /** Identifies this reference; window states carry it. */
  readonly fingerprint: number;
  /** Finds a value's place among the cuts (used by window updates). */
  readonly cutIndex: CutIndex;
  private readonly bytes: Uint8Array;

  private constructor(parts: Parts) {
    this.bins = parts.bins;
    this.maxCutPoints = parts.maxCutPoints;
    this.n = parts.n;
    this.nonFinite = parts.nonFinite;
    this.distinctCount = parts.distinctCount;
    this.compressed = parts.compressed;
    this.mean = parts.mean;
    this.std = parts.std;
    this.min = parts.min;
    this.max = parts.max;
    this.psiEdges = parts.psiEdges;
    this.cuts = parts.cuts;
    this.counts = parts.counts;
    this.offsets = parts.offsets;
    this.ranks = parts.ranks;
    this.cutIndex = new CutIndex(this.cuts);
    this.psiCounts = new Float64Array(this.psiEdges.length + 1);
    this.psiBinStarts = new Uint32Array(this.psiEdges.length + 2);
    let bin = 0;
    for (let b = 0; b < this.counts.length; b++) {
      // Every edge is a cut and bins are right-closed: the edge's cut bucket closes its bin, the open bucket after it opens the next.
      const opensNext = (b & 1) === 0 && b > 0 && bin < this.psiEdges.length && this.psiEdges[bin] <= this.cuts[(b >> 1) - 1];
      if (opensNext) this.psiBinStarts[++bin] = b;
      this.psiCounts[bin] += this.counts[b];
    }
    this.psiBinStarts[this.psiEdges.length + 1] = this.counts.length;
    this.bytes = encode(parts);
    this.fingerprint = fingerprint(this.bytes);
  }

  /** Builds the reference from raw values; non-finite values are counted in `nonFinite` and left out. */
  static fromValues(values: Iterable<number | null | undefined>, options: NumericReferenceOptions = {}): NumericReference {
    const bins = options.bins ?? NUMERIC_REFERENCE_DEFAULTS.bins;
    const maxCutPoints = options.maxCutPoints ?? NUMERIC_REFERENCE_DEFAULTS.maxCutPoints;
    if (!Number.isInteger(bins) || bins < 1 || bins > 65535) throw new InvalidReferenceError(`bins must be an integer in [1, 65535], got ${bins}`);
    if (!Number.isInteger(maxCutPoints) || maxCutPoints < 4) throw new InvalidReferenceError(`maxCutPoints must be an integer ≥ 4, got ${maxCutPoints}`);

    const finite: number[] = [];
    let nonFinite = 0;
    for (const v of values) {
      if (typeof v === 'number' && Number.isFinite(v)) finite.push(v === 0 ? 0 : v);
      else nonFinite++;
    }
    if (finite.length === 0) throw new InvalidReferenceError('a numeric reference needs at least one finite value');
    const sorted = Float64Array.from(finite).sort();
    const n = sorted.length;

    let total = 0;
    for (let i = 0; i < n; i++) total += sorted[i];
    const mean = total / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (sorted[i] - mean) ** 2;
    const std = Math.sqrt(squares / n);

    const distinctValues: number[] = [];
    const distinctCounts: number[] = [];
    for (let i = 0; i < n; i++) {
      if (i > 0 && sorted[i] === sorted[i - 1]) distinctCounts[distinctCounts.length - 1]++;
      else {
        distinctValues.push(sorted[i]);
        distinctCounts.push(1);
      }
    }
    const distinct = Float64Array.from(distinctValues);
    const psiEdges = Float64Array.from(quantileEdges(sorted, bins));
    const kept = compressCuts(distinct, Float64Array.from(distinctCounts), n, maxCutPoints);
    const compressed = kept.length < distinct.length;
    const cuts = mergeSortedUnique(kept, psiEdges);

    const counts = new Float64Array(2 * cuts.length + 1);
    const offsets = new Float64Array(cuts.length + 1);
    for (let i = 0; i < n; i++) {
      const b = bucketOf(cuts, sorted[i]);
      counts[b]++;
      if ((b & 1) === 0) offsets[b >> 1] += offsetIn(cuts, b, sorted[i]);
    }
    return new NumericReference({
      bins, maxCutPoints, n, nonFinite, distinctCount: distinct.length, compressed, mean, std,
      min: sorted[0], max: sorted[n - 1], psiEdges, cuts, counts, offsets,
      ranks: compressed && (options.exactKs ?? NUMERIC_REFERENCE_DEFAULTS.exactKs) ? ReferenceRanks.fromCounts(distinct, distinctCounts) : null,
    });
  }

  toBytes(): Uint8Array {
    return this.bytes.slice();
  }

  static fromBytes(bytes: Uint8Array): NumericReference {
    const r = new StateReader(bytes, 'reference.numeric', [FORMAT_VERSION, FORMAT_VERSION_WITH_RANKS]);
    const bins = r.uvarint();
    const maxCutPoints = r.uvarint();
    const n = r.uvarint();
    const nonFinite = r.uvarint();
    const distinctCount = r.uvarint();
    const compressed = r.bool();
    const mean = r.f64();
    const std = r.f64();
    const min = r.f64();
    const max = r.f64();
    const psiEdges = Float64Array.from(r.f64s());
    const cuts = Float64Array.from(r.f64s());
    const counts = new Float64Array(2 * cuts.length + 1);
    const offsets = new Float64Array(cuts.length + 1);
    for (let b = 0; b < counts.length; b++) counts[b] = r.uvarint();
    for (let b = 0; b < counts.length; b += 2) if (counts[b] > 0) offsets[b >> 1] = r.f64();
    let ranks: ReferenceRanks | null = null;
    if (r.version === FORMAT_VERSION_WITH_RANKS) {
      const values = Float64Array.from(r.f64s());
      const valueCounts = new Float64Array(values.length);
      for (let i = 0; i < values.length; i++) valueCounts[i] = r.uvarint();
      ranks = ReferenceRanks.fromCounts(values, valueCounts);
      if (values.length !== distinctCount || ranks.cumulative[values.length - 1] !== n) {
        throw new StateDecodeError("'reference.numeric' state has ranks that do not add up to its distinct values and count; it is corrupt");
      }
    }
    r.end();
    return new NumericReference({ bins, maxCutPoints, n, nonFinite, distinctCount, compressed, mean, std, min, max, psiEdges, cuts, counts, offsets, ranks });
  }
}

function encode(p: Parts): Uint8Array {
  const version = p.ranks ? FORMAT_VERSION_WITH_RANKS : FORMAT_VERSION;
  const w = new StateWriter('reference.numeric', version, 64 + p.cuts.length * 10 + p.psiEdges.length * 8 + (p.ranks ? p.ranks.values.length * 10 : 0));
  w.uvarint(p.bins).uvarint(p.maxCutPoints).uvarint(p.n).uvarint(p.nonFinite).uvarint(p.distinctCount).bool(p.compressed)
    .f64(p.mean).f64(p.std).f64(p.min).f64(p.max)
    .f64s(p.psiEdges).f64s(p.cuts);
  for (let b = 0; b < p.counts.length; b++) w.uvarint(p.counts[b]);
  for (let b = 0; b < p.counts.length; b += 2) if (p.counts[b] > 0) w.f64(p.offsets[b >> 1]);
  if (p.ranks) {
    w.f64s(p.ranks.values);
    for (let i = 0; i < p.ranks.values.length; i++) w.uvarint(p.ranks.cumulative[i] - (i === 0 ? 0 : p.ranks.cumulative[i - 1]));
  }
  return w.finish();
}
