import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { StateReader, StateWriter } from '../common/stateCodec.ts';
import { InvalidOptionError } from '../common/validation.ts';

/** A column the model reads: numeric (missing → the reference mean) or categorical (frequency-encoded). */
export interface ReconstructionColumn {
  name: string;
  kind: 'numeric' | 'categorical';
}

export interface ReconstructionFitOptions {
  /** PCA keeps the fewest components whose explained variance share exceeds this (NannyML's n_components 0.65). */
  varianceShare?: number;
  /** Reference rows per chunk for the band: the monitor's window size. */
  chunkSize: number;
  /** The band is the reference chunks' mean ± k·σ (NannyML's StandardDeviationThreshold, 3). */
  k?: number;
}

export const DEFAULT_VARIANCE_SHARE = 0.65;
export const DEFAULT_BAND_K = 3;

/** The reference's mean ± k·σ of its chunks' mean errors; lower is −∞ when it would be ≤ 0 (NannyML drops it). */
export interface ReconstructionBand {
  lower: number;
  upper: number;
  mean: number;
  std: number;
  chunks: number;
}

export class ReconstructionFitError extends Error {
  override name = 'ReconstructionFitError';
}

interface Encoding {
  /** Numeric: the reference mean, for missing values. */
  mean: number;
  /** Categorical: each category's share of the reference (missing counted as the most frequent); unseen → 0. */
  shares: Map<string, number>;
  /** Categorical: the share a missing value gets (that of the most frequent category). */
  missingShare: number;
}

const KIND = 'reconstructionModel';
const VERSION = 1;

/**
 * NannyML's data-reconstruction drift (DataReconstructionDriftCalculator) fitted once on a reference: missing
 * numbers imputed with the reference mean and missing categories with the most frequent one, categories
 * encoded as their reference frequency (unseen: 0), every column standardised (population σ; 1 where σ is 0),
 * and PCA keeping the components that explain more than `varianceShare` of the variance (eigenvectors of the
 * covariance, ml-matrix). A row's reconstruction error is the Euclidean distance between its standardised
 * vector and its projection back from those components.
 */
export class ReconstructionModel {
  readonly columns: readonly ReconstructionColumn[];
  readonly band: ReconstructionBand | undefined;
  /** Components kept, and the variance share each explains. */
  readonly explainedVariance: readonly number[];
  readonly #encodings: Encoding[];
  readonly #center: Float64Array;
  readonly #scale: Float64Array;
  /** k × d, row-major: the kept principal axes. */
  readonly #components: Float64Array;
  readonly #scratch: Float64Array;
  readonly #residual: Float64Array;

  private constructor(columns: ReconstructionColumn[], encodings: Encoding[], center: Float64Array, scale: Float64Array, components: Float64Array, explained: number[], band: ReconstructionBand | undefined) {
    this.columns = columns;
    this.#encodings = encodings;
    this.#center = center;
    this.#scale = scale;
    this.#components = components;
    this.explainedVariance = explained;
    this.band = band;
    this.#scratch = new Float64Array(columns.length);
    this.#residual = new Float64Array(columns.length);
  }

  /** Fits on reference rows: `values(row, column)` is the raw value (a number, a string, or null / undefined when missing). */
  static fit(columns: readonly ReconstructionColumn[], rows: number, values: (row: number, column: number) => unknown, options: ReconstructionFitOptions): ReconstructionModel {
    const share = options.varianceShare ?? DEFAULT_VARIANCE_SHARE;
    if (!(share > 0 && share < 1)) throw new InvalidOptionError('reconstruction', 'varianceShare', share, 'a share between 0 and 1 (exclusive)');
    if (columns.length < 2) throw new ReconstructionFitError(`reconstruction drift needs at least 2 features, not ${columns.length}`);
    if (rows < 2) throw new ReconstructionFitError(`reconstruction drift needs at least 2 reference events, not ${rows}`);
    const d = columns.length;
    const encodings = columns.map((column, j) => fitEncoding(column, rows, (i) => values(i, j)));
    const x = new Float64Array(rows * d);
    for (let i = 0; i < rows; i++) for (let j = 0; j < d; j++) x[i * d + j] = encode(columns[j], encodings[j], values(i, j));
    // Standardise (sklearn's StandardScaler); PCA centres again, on values already centred up to rounding.
    const { mean: scalerMean, std } = columnMoments(x, rows, d);
    const scale = std.map((s) => (s === 0 ? 1 : s));
    for (let i = 0; i < rows; i++) for (let j = 0; j < d; j++) x[i * d + j] = (x[i * d + j] - scalerMean[j]) / scale[j];
    const { mean: pcaMean } = columnMoments(x, rows, d);
    const covariance = new Matrix(d, d);
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        let sum = 0;
        for (let i = 0; i < rows; i++) sum += (x[i * d + a] - pcaMean[a]) * (x[i * d + b] - pcaMean[b]);
        covariance.set(a, b, sum / (rows - 1));
        covariance.set(b, a, sum / (rows - 1));
      }
    }
    const evd = new EigenvalueDecomposition(covariance, { assumeSymmetric: true });
    const order = evd.realEigenvalues.map((value, index) => ({ value: Math.max(0, value), index })).sort((p, q) => q.value - p.value);
    const total = order.reduce((s, e) => s + e.value, 0);
    if (!(total > 0)) throw new ReconstructionFitError('reconstruction drift: every feature is constant in the reference');
    // sklearn: the fewest components whose cumulative share exceeds varianceShare (searchsorted right + 1).
    let kept = 0;
    let cumulative = 0;
    while (kept < d && cumulative <= share) cumulative += order[kept++].value / total;
    const components = new Float64Array(kept * d);
    for (let c = 0; c < kept; c++) for (let j = 0; j < d; j++) components[c * d + j] = evd.eigenvectorMatrix.get(j, order[c].index);
    const center = new Float64Array(d);
    // One centre for both steps: (x − scalerMean)/scale − pcaMean = (x − center)/scale.
    for (let j = 0; j < d; j++) center[j] = scalerMean[j] + pcaMean[j] * scale[j];
    const explained = order.slice(0, kept).map((e) => e.value / total);
    const unbanded = new ReconstructionModel([...columns], encodings, center, Float64Array.from(scale), components, explained, undefined);
    const errors = new Float64Array(rows);
    const row = new Array<unknown>(d);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < d; j++) row[j] = values(i, j);
      errors[i] = unbanded.error(row);
    }
    return unbanded.#withBand(referenceBand(errors, options.chunkSize, options.k ?? DEFAULT_BAND_K));
  }

  #withBand(band: ReconstructionBand | undefined): ReconstructionModel {
    return new ReconstructionModel([...this.columns], this.#encodings, this.#center, this.#scale, this.#components, [...this.explainedVariance], band);
  }

  /** The reconstruction error of one row of raw values, in column order. */
  error(row: readonly unknown[]): number {
    const v = this.#scratch;
    for (let j = 0; j < v.length; j++) v[j] = encode(this.columns[j], this.#encodings[j], row[j]);
    return this.errorOfEncoded(v);
  }

  /** The value a column's raw value is encoded as before standardising (for callers that encode columns in bulk). */
  encodeValue(column: number, value: unknown): number {
    return encode(this.columns[column], this.#encodings[column], value);
  }

  /** The reconstruction error of a row already encoded (encodeValue per column); `encoded` is not kept. */
  errorOfEncoded(encoded: ArrayLike<number>): number {
    const d = this.columns.length;
    const z = this.#scratch;
    for (let j = 0; j < d; j++) z[j] = (encoded[j] - this.#center[j]) / this.#scale[j];
    const k = this.#components.length / d;
    const residual = this.#residual;
    residual.set(z);
    for (let c = 0; c < k; c++) {
      let p = 0;
      for (let j = 0; j < d; j++) p += this.#components[c * d + j] * z[j];
      for (let j = 0; j < d; j++) residual[j] -= p * this.#components[c * d + j];
    }
    let squares = 0;
    for (let j = 0; j < d; j++) squares += residual[j] * residual[j];
    return Math.sqrt(squares);
  }

  toBytes(): Uint8Array {
    const w = new StateWriter(KIND, VERSION, 256);
    w.strs(this.columns.map((c) => c.name)).strs(this.columns.map((c) => c.kind));
    for (const e of this.#encodings) {
      w.f64(e.mean).f64(e.missingShare).strs([...e.shares.keys()]).f64s([...e.shares.values()]);
    }
    w.f64s(this.#center).f64s(this.#scale).f64s(this.#components).f64s(this.explainedVariance);
    w.bool(this.band !== undefined);
    if (this.band) w.f64(this.band.lower).f64(this.band.upper).f64(this.band.mean).f64(this.band.std).uvarint(this.band.chunks);
    return w.finish();
  }

  static fromBytes(bytes: Uint8Array): ReconstructionModel {
    const r = new StateReader(bytes, KIND, VERSION);
    const names = r.strs();
    const kinds = r.strs();
    const columns = names.map((name, j) => ({ name, kind: kinds[j] as ReconstructionColumn['kind'] }));
    const encodings = columns.map((): Encoding => {
      const mean = r.f64();
      const missingShare = r.f64();
      const keys = r.strs();
      const shares = r.f64s();
      return { mean, missingShare, shares: new Map(keys.map((key, i) => [key, shares[i]])) };
    });
    const center = Float64Array.from(r.f64s());
    const scale = Float64Array.from(r.f64s());
    const components = Float64Array.from(r.f64s());
    const explained = r.f64s();
    const band = r.bool() ? { lower: r.f64(), upper: r.f64(), mean: r.f64(), std: r.f64(), chunks: r.uvarint() } : undefined;
    r.end();
    return new ReconstructionModel(columns, encodings, center, scale, components, explained, band);
  }
}

function fitEncoding(column: ReconstructionColumn, rows: number, value: (row: number) => unknown): Encoding {
  if (column.kind === 'numeric') {
    let sum = 0;
    let n = 0;
    for (let i = 0; i < rows; i++) {
      const v = value(i);
      if (typeof v === 'number' && Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    if (n === 0) throw new ReconstructionFitError(`reconstruction drift: feature '${column.name}' has no number in the reference`);
    return { mean: sum / n, shares: new Map(), missingShare: 0 };
  }
  const counts = new Map<string, number>();
  let missing = 0;
  for (let i = 0; i < rows; i++) {
    const v = value(i);
    if (v === null || v === undefined) missing++;
    else counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  }
  if (counts.size === 0) throw new ReconstructionFitError(`reconstruction drift: feature '${column.name}' has no value in the reference`);
  // sklearn's most_frequent: the highest count, the smallest value among ties.
  let mostFrequent = '';
  let most = -1;
  for (const [category, count] of counts) {
    if (count > most || (count === most && category < mostFrequent)) {
      mostFrequent = category;
      most = count;
    }
  }
  counts.set(mostFrequent, most + missing);
  const shares = new Map([...counts].map(([category, count]) => [category, count / rows]));
  return { mean: Number.NaN, shares, missingShare: shares.get(mostFrequent)! };
}

function encode(column: ReconstructionColumn, encoding: Encoding, value: unknown): number {
  if (column.kind === 'numeric') return typeof value === 'number' && Number.isFinite(value) ? value : encoding.mean;
  if (value === null || value === undefined) return encoding.missingShare;
  return encoding.shares.get(String(value)) ?? 0;
}

function columnMoments(x: Float64Array, rows: number, d: number): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += x[i * d + j];
    const m = sum / rows;
    let squares = 0;
    for (let i = 0; i < rows; i++) squares += (x[i * d + j] - m) ** 2;
    mean[j] = m;
    std[j] = Math.sqrt(squares / rows);
  }
  return { mean, std };
}

/** The band from the reference's complete chunks; none with fewer than 2. */
function referenceBand(errors: Float64Array, chunkSize: number, k: number): ReconstructionBand | undefined {
  const chunks: number[] = [];
  for (let start = 0; start + chunkSize <= errors.length; start += chunkSize) {
    let sum = 0;
    for (let i = start; i < start + chunkSize; i++) sum += errors[i];
    chunks.push(sum / chunkSize);
  }
  if (chunks.length < 2) return undefined;
  const mean = chunks.reduce((a, b) => a + b, 0) / chunks.length;
  const std = Math.sqrt(chunks.reduce((a, b) => a + (b - mean) ** 2, 0) / chunks.length);
  const lower = mean - k * std;
  return { lower: lower <= 0 ? -Infinity : lower, upper: mean + k * std, mean, std, chunks: chunks.length };
}
