import { gcd } from '../common/gcd.ts';
import { InvalidWindowError } from './errors.ts';
import type { WindowSpan } from './windowSpan.ts';

/**
 * Hopping windows as unions of panes: consecutive, non-overlapping slices of gcd(size, hop), aligned
 * like the windows. Instead of applying each event to every window it belongs to (size / hop states
 * per feature), apply it to ONE pane state; when a window closes, merge its panes into a scratch
 * state and evaluate that. Updates then cost the same as tumbling windows, and each close costs
 * size / paneSize merges, O(buckets) each.
 *
 * With a window assigner: apply an event to pane paneOf(position) whenever its assignment has any
 * window (for event time: it is not late); on each closed window, merge panesOf(window), evaluate,
 * then drop the panes that start before retainFrom(window). A dropped pane can never receive an event
 * again: every window holding such an event has closed, so the event is late.
 */
export class PaneLayout {
  readonly size: number;
  readonly hop: number;
  readonly paneSize: number;

  constructor(options: { size: number; hop?: number }) {
    const hop = options.hop ?? options.size;
    if (!Number.isSafeInteger(options.size) || options.size < 1 || !Number.isSafeInteger(hop) || hop < 1 || hop > options.size) {
      throw new InvalidWindowError(`panes need integer 0 < hop ≤ size, got size ${options.size}, hop ${hop}`);
    }
    this.size = options.size;
    this.hop = hop;
    this.paneSize = gcd(options.size, hop);
  }

  /** Start of the pane holding a position (sequence number or event time). */
  paneOf(position: number): number {
    return Math.floor(position / this.paneSize) * this.paneSize;
  }

  /** Starts of the panes making up a window, oldest first. */
  panesOf(window: WindowSpan): number[] {
    const out: number[] = [];
    for (let p = window.start; p < window.end; p += this.paneSize) out.push(p);
    return out;
  }

  /** Once `closed` has closed (windows close in start order), panes starting before this are no longer needed. */
  retainFrom(closed: WindowSpan): number {
    return closed.start + this.hop;
  }
}
