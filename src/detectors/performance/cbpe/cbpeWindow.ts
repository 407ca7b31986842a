import { StateReader, StateWriter } from '../../common/stateCodec.ts';

/**
 * Scores are kept as counts in 2^16 equal bins of [0, 1], each with the sum of its predictions' calibrated
 * probabilities, so a window holds at most 65 537 bins whatever its size. Only the estimated ROC AUC reads the
 * bins, and it is exact unless two predictions of one bin have different calibrated probabilities (it takes
 * their mean): then it is off by at most Σ m²·δ / (2·P·N) over such bins (m predictions spread over δ of
 * probability, P and N the expected positives and negatives), under 1e-9 for a window of 1000 scores spread
 * over [0, 1]. Accuracy, precision, recall and F1 are exact sums.
 */
export const SCORE_BINS = 65_536;

/** One performance window of predictions for confidence-based estimation: what CBPE needs, without the predictions. */
export class CbpeWindow {
  /** Predictions counted (each with a score in [0, 1]). */
  count = 0;
  predictedPositives = 0;
  /** Σ calibrated probability over predicted positives: the expected true positives. */
  expectedTruePositives = 0;
  /** Σ calibrated probability over predicted negatives: the expected false negatives. */
  expectedFalseNegatives = 0;
  /** Bin index → [count, Σ calibrated probability]. */
  readonly bins = new Map<number, [number, number]>();

  /** Adds a prediction: its raw score in [0, 1], its calibrated probability, and whether it predicts the positive class. */
  add(score: number, probability: number, predictedPositive: boolean): void {
    this.count++;
    if (predictedPositive) {
      this.predictedPositives++;
      this.expectedTruePositives += probability;
    } else {
      this.expectedFalseNegatives += probability;
    }
    const bin = Math.min(SCORE_BINS - 1, Math.floor(score * SCORE_BINS));
    const entry = this.bins.get(bin);
    if (entry) {
      entry[0]++;
      entry[1] += probability;
    } else {
      this.bins.set(bin, [1, probability]);
    }
  }

  toBytes(): Uint8Array {
    const w = new StateWriter('cbpeWindow', 1, 32 + this.bins.size * 20)
      .uvarint(this.count).uvarint(this.predictedPositives).f64(this.expectedTruePositives).f64(this.expectedFalseNegatives)
      .uvarint(this.bins.size);
    for (const [bin, [count, sum]] of [...this.bins].sort((a, b) => a[0] - b[0])) w.uvarint(bin).uvarint(count).f64(sum);
    return w.finish();
  }

  static fromBytes(bytes: Uint8Array): CbpeWindow {
    const r = new StateReader(bytes, 'cbpeWindow', 1);
    const window = new CbpeWindow();
    window.count = r.uvarint();
    window.predictedPositives = r.uvarint();
    window.expectedTruePositives = r.f64();
    window.expectedFalseNegatives = r.f64();
    for (let k = r.uvarint(); k > 0; k--) {
      const bin = r.uvarint();
      window.bins.set(bin, [r.uvarint(), r.f64()]);
    }
    r.end();
    return window;
  }
}
