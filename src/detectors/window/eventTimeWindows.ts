import { StateReader, StateWriter } from '../common/stateCodec.ts';
import { lowerBound } from '../common/lowerBound.ts';
import { InvalidWindowError } from './errors.ts';
import type { WindowSpan } from './windowSpan.ts';

const FORMAT_VERSION = 1;

export interface EventTimeWindowOptions {
  /** Window length in ms. */
  size: number;
  /** Ms between window starts; default size (tumbling). 0 < hop ≤ size. */
  hop?: number;
  /** How long after its end a window still takes events, in ms of stream time. Default 0. */
  allowedLateness?: number;
}

export interface EventTimeAssignment {
  /** Open windows the event belongs to, oldest first: apply it to each. */
  windows: WindowSpan[];
  /** True when every window of the event had already closed: it was counted in lateEvents and must not be applied. */
  late: boolean;
  /** Windows that closed because stream time advanced, oldest first: evaluate, then drop their state. */
  closed: WindowSpan[];
}

/**
 * Event-time windows aligned to the epoch: window k is [k·hop, k·hop + size). Stream time is the
 * highest event time seen; a window closes once stream time ≥ end + allowedLateness. Only windows
 * that received an event are tracked and reported closed.
 */
export class EventTimeWindowAssigner {
  readonly size: number;
  readonly hop: number;
  readonly allowedLateness: number;
  /** Highest event time seen (−Infinity before the first event). */
  streamTime = -Infinity;
  /** Events that arrived after all their windows had closed. */
  lateEvents = 0;
  /** Starts of windows that received events and have not closed, ascending. */
  private readonly openStarts: number[] = [];

  constructor(options: EventTimeWindowOptions) {
    const hop = options.hop ?? options.size;
    const lateness = options.allowedLateness ?? 0;
    if (!Number.isSafeInteger(options.size) || options.size < 1) throw new InvalidWindowError(`window size must be a positive integer of ms, got ${options.size}`);
    if (!Number.isSafeInteger(hop) || hop < 1 || hop > options.size) throw new InvalidWindowError(`hop must be an integer of ms in [1, size], got ${hop}`);
    if (!Number.isSafeInteger(lateness) || lateness < 0) throw new InvalidWindowError(`allowedLateness must be a non-negative integer of ms, got ${lateness}`);
    this.size = options.size;
    this.hop = hop;
    this.allowedLateness = lateness;
  }

  assign(eventTime: number): EventTimeAssignment {
    if (!Number.isFinite(eventTime)) throw new InvalidWindowError(`event time must be a finite number of ms, got ${eventTime}`);
    const windows: WindowSpan[] = [];
    const first = Math.floor((eventTime - this.size) / this.hop) + 1;
    const last = Math.floor(eventTime / this.hop);
    for (let k = first; k <= last; k++) {
      const start = k * this.hop;
      const end = start + this.size;
      if (end + this.allowedLateness <= this.streamTime) continue;
      this.markOpen(start);
      windows.push({ start, end });
    }
    const late = windows.length === 0;
    if (late) this.lateEvents++;
    const closed = eventTime > this.streamTime ? this.advanceTo(eventTime) : [];
    return { windows, late, closed };
  }

  /** Moves stream time forward (e.g. on a watermark or idle tick) and returns the windows that closed. */
  advanceTo(time: number): WindowSpan[] {
    if (time > this.streamTime) this.streamTime = time;
    let closing = 0;
    while (closing < this.openStarts.length && this.openStarts[closing] + this.size + this.allowedLateness <= this.streamTime) closing++;
    return this.openStarts.splice(0, closing).map((start) => ({ start, end: start + this.size }));
  }

  /** Closes every open window (end of input) and returns them, oldest first. */
  flush(): WindowSpan[] {
    return this.openStarts.splice(0).map((start) => ({ start, end: start + this.size }));
  }

  /** Windows that received events and have not closed, oldest first. */
  open(): WindowSpan[] {
    return this.openStarts.map((start) => ({ start, end: start + this.size }));
  }

  toBytes(): Uint8Array {
    return new StateWriter('window.event_time_assigner', FORMAT_VERSION, 48 + this.openStarts.length * 8)
      .uvarint(this.size).uvarint(this.hop).uvarint(this.allowedLateness)
      .f64(this.streamTime).uvarint(this.lateEvents).f64s(this.openStarts)
      .finish();
  }

  static fromBytes(bytes: Uint8Array): EventTimeWindowAssigner {
    const r = new StateReader(bytes, 'window.event_time_assigner', FORMAT_VERSION);
    const a = new EventTimeWindowAssigner({ size: r.uvarint(), hop: r.uvarint(), allowedLateness: r.uvarint() });
    a.streamTime = r.f64();
    a.lateEvents = r.uvarint();
    a.openStarts.push(...r.f64s());
    r.end();
    return a;
  }

  private markOpen(start: number): void {
    const starts = this.openStarts;
    // Usually the newest window: append without searching.
    const lo = starts.length > 0 && starts[starts.length - 1] < start ? starts.length : lowerBound(starts, start);
    if (starts[lo] !== start) starts.splice(lo, 0, start);
  }
}
