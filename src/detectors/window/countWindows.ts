import { StateReader, StateWriter } from '../common/stateCodec.ts';
import { InvalidWindowError } from './errors.ts';
import type { WindowSpan } from './windowSpan.ts';

const FORMAT_VERSION = 1;

export interface CountWindowOptions {
  /** Events per window. */
  size: number;
  /** Events between window starts; default size (tumbling). 0 < hop ≤ size. */
  hop?: number;
}

export interface CountAssignment {
  /** Sequence number given to this event (0, 1, 2, … per assigner). */
  sequence: number;
  /** Windows the event belongs to, oldest first: apply it to each. */
  windows: WindowSpan[];
  /** Windows complete once this event is applied (at most one): evaluate, then drop their state. */
  closed: WindowSpan[];
}

/**
 * Count-based windows over one stream: window k holds events k·hop … k·hop + size − 1.
 * Each event belongs to ⌈size / hop⌉ windows (fewer at the start).
 */
export class CountWindowAssigner {
  readonly size: number;
  readonly hop: number;
  /** Sequence number the next event gets. */
  next = 0;

  constructor(options: CountWindowOptions) {
    const hop = options.hop ?? options.size;
    if (!Number.isSafeInteger(options.size) || options.size < 1) throw new InvalidWindowError(`window size must be a positive integer, got ${options.size}`);
    if (!Number.isSafeInteger(hop) || hop < 1 || hop > options.size) throw new InvalidWindowError(`hop must be an integer in [1, size], got ${hop}`);
    this.size = options.size;
    this.hop = hop;
  }

  assign(): CountAssignment {
    const s = this.next++;
    const first = Math.max(0, Math.floor((s - this.size) / this.hop) + 1);
    const last = Math.floor(s / this.hop);
    const windows: WindowSpan[] = [];
    for (let k = first; k <= last; k++) windows.push({ start: k * this.hop, end: k * this.hop + this.size });
    const closed = windows.length > 0 && windows[0].end === s + 1 ? [windows[0]] : [];
    return { sequence: s, windows, closed };
  }

  /** Events, counting the next, until the next window closes: assigning them closes exactly one window, with the last. */
  untilClose(): number {
    const s = this.next;
    const lastOfClosing = s + 1 <= this.size ? this.size - 1 : this.size - 1 + Math.ceil((s + 1 - this.size) / this.hop) * this.hop;
    return lastOfClosing - s + 1;
  }

  /**
   * assign() for `n` events at once, n ≤ untilClose(): the first sequence number, and the window the last
   * closed (when n = untilClose()).
   */
  assignMany(n: number): { sequence: number; closed: WindowSpan | undefined } {
    const sequence = this.next;
    const until = this.untilClose();
    if (!Number.isSafeInteger(n) || n < 1 || n > until) throw new RangeError(`assignMany: ${n} events, but a window closes after ${until}`);
    this.next += n;
    if (n < until) return { sequence, closed: undefined };
    const end = this.next;
    return { sequence, closed: { start: end - this.size, end } };
  }

  /** Windows that have events but are not complete yet, oldest first (e.g. to report at end of input). */
  open(): WindowSpan[] {
    if (this.next === 0) return [];
    const s = this.next - 1;
    const first = Math.max(0, Math.floor((s + 1 - this.size) / this.hop) + 1);
    const out: WindowSpan[] = [];
    for (let k = first; k * this.hop <= s; k++) out.push({ start: k * this.hop, end: k * this.hop + this.size });
    return out;
  }

  toBytes(): Uint8Array {
    return new StateWriter('window.count_assigner', FORMAT_VERSION, 24).uvarint(this.size).uvarint(this.hop).uvarint(this.next).finish();
  }

  static fromBytes(bytes: Uint8Array): CountWindowAssigner {
    const r = new StateReader(bytes, 'window.count_assigner', FORMAT_VERSION);
    const a = new CountWindowAssigner({ size: r.uvarint(), hop: r.uvarint() });
    a.next = r.uvarint();
    r.end();
    return a;
  }
}
