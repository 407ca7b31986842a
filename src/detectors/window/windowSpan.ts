/** A window [start, end): event sequence numbers for count windows, ms since the epoch for event-time windows. */
export interface WindowSpan {
  readonly start: number;
  readonly end: number;
}
