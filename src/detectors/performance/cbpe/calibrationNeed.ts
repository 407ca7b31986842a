import { rocAuc } from '../rocAuc.ts';
import { IsotonicCalibrator } from './isotonicCalibrator.ts';

/** NannyML's needs_calibration defaults: 10 stratified splits holding out 10 %, expected calibration error over 10 bins. */
export const CALIBRATION_SPLITS = 10;
export const CALIBRATION_TEST_SHARE = 0.1;
export const CALIBRATION_BINS = 10;

/**
 * NannyML's rule for whether the reference scores need calibrating: not when the outcomes are of one class or
 * ROC AUC exceeds 0.999; otherwise isotonic calibrators are fitted on 10 stratified splits of the reference,
 * each scoring its held-out tenth, and calibration is needed when the expected calibration error of the held-out
 * scores (positional bins over the concatenated held-out sets, as NannyML bins them) falls with calibration.
 * The splits are a fixed function of the row index and class (NannyML draws them with numpy's seed 42), so a
 * reference whose two errors are nearly equal may be decided the other way than NannyML decides it; set
 * performance.scoreCalibration to `isotonic` or `none` to decide it yourself.
 */
export function needsCalibration(scores: ArrayLike<number>, outcomes: ArrayLike<number>): boolean {
  const n = scores.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += outcomes[i];
  if (positives === 0 || positives === n) return false;
  const labels = Array.from(outcomes, (o) => (o === 1 ? 1 : 0));
  if (rocAuc(scores, labels) > 0.999) return false;
  const testY: number[] = [];
  const testRaw: number[] = [];
  const testCalibrated: number[] = [];
  for (let split = 0; split < CALIBRATION_SPLITS; split++) {
    const held = heldOut(labels, split);
    const trainX: number[] = [];
    const trainY: number[] = [];
    for (let i = 0; i < n; i++) if (!held[i]) { trainX.push(scores[i]); trainY.push(labels[i]); }
    const calibrator = IsotonicCalibrator.fit(trainX, trainY);
    for (let i = 0; i < n; i++) {
      if (!held[i]) continue;
      testY.push(labels[i]);
      testRaw.push(scores[i]);
      testCalibrated.push(calibrator.calibrate(scores[i]));
    }
  }
  const edges = binEdges(testY.length, CALIBRATION_BINS);
  return expectedCalibrationError(testY, testRaw, edges) > expectedCalibrationError(testY, testCalibrated, edges);
}

/** Split `split`'s held-out rows: within each class, an evenly spread tenth, rotated by a per-row hash so splits differ. */
function heldOut(labels: readonly number[], split: number): boolean[] {
  const held = new Array<boolean>(labels.length).fill(false);
  for (const cls of [0, 1]) {
    const rows = labels.flatMap((l, i) => (l === cls ? [i] : []));
    rows.sort((a, b) => mix(a, split) - mix(b, split) || a - b);
    const take = Math.max(1, Math.round(rows.length * CALIBRATION_TEST_SHARE));
    for (let k = 0; k < take && k < rows.length - 1; k++) held[rows[k]] = true;
  }
  return held;
}

/** A 32-bit integer hash of (row, split): a fixed shuffle without a random generator. */
function mix(row: number, split: number): number {
  let h = Math.imul(row ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(split + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

/** NannyML's _get_bin_index_edges: `bins` runs of positions (fewer when the vector is short), the last taking the rest. */
function binEdges(length: number, bins: number): [number, number][] {
  let count = bins;
  if (length <= 2 * count) count = Math.floor(length / 2);
  if (count < 2) return [[0, length]];
  const width = Math.floor(length / count);
  const edges: number[] = [];
  for (let e = 0; e <= length; e += width) edges.push(e);
  edges[edges.length - 1] = length;
  return edges.slice(0, -1).map((left, k) => [left, edges[k + 1]]);
}

function expectedCalibrationError(outcomes: readonly number[], probabilities: readonly number[], edges: readonly [number, number][]): number {
  let error = 0;
  for (const [left, right] of edges) {
    let p = 0;
    let y = 0;
    for (let i = left; i < right; i++) { p += probabilities[i]; y += outcomes[i]; }
    const size = right - left;
    error += (size / outcomes.length) * Math.abs(p / size - y / size);
  }
  return error;
}
