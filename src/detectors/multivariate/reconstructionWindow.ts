import { StateReader, StateWriter } from '../common/stateCodec.ts';

const KIND = 'reconstructionWindow';
const VERSION = 1;

/**
 * A window's reconstruction errors as count, mean and sum of squared deviations (Welford; merged with Chan's
 * rule for hopping windows' panes): the mean error and its sampling error without keeping the errors.
 */
export class ReconstructionWindow {
  count = 0;
  mean = 0;
  #m2 = 0;

  add(error: number): void {
    this.count++;
    const delta = error - this.mean;
    this.mean += delta / this.count;
    this.#m2 += delta * (error - this.mean);
  }

  /** This window with another's errors added (a pane of the same window). */
  merge(other: ReconstructionWindow): void {
    if (other.count === 0) return;
    const count = this.count + other.count;
    const delta = other.mean - this.mean;
    this.mean += (delta * other.count) / count;
    this.#m2 += other.#m2 + (delta * delta * this.count * other.count) / count;
    this.count = count;
  }

  /** NannyML's sampling error of the mean: the errors' sample standard deviation over √count (NaN below 2). */
  samplingError(): number {
    return this.count < 2 ? Number.NaN : Math.sqrt(this.#m2 / (this.count - 1)) / Math.sqrt(this.count);
  }

  toBytes(): Uint8Array {
    return new StateWriter(KIND, VERSION, 32).uvarint(this.count).f64(this.mean).f64(this.#m2).finish();
  }

  static fromBytes(bytes: Uint8Array): ReconstructionWindow {
    const r = new StateReader(bytes, KIND, VERSION);
    const window = new ReconstructionWindow();
    window.count = r.uvarint();
    window.mean = r.f64();
    window.#m2 = r.f64();
    r.end();
    return window;
  }
}
