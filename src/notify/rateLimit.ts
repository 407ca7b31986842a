const MINUTE_MS = 60_000;

/** At most `perMinute` messages in any 60 s (0: no limit): how many may go now, and how long until the next may. */
export class RateLimit {
  readonly #perMinute: number;
  readonly #sent: number[] = [];

  constructor(perMinute: number) {
    this.#perMinute = perMinute;
  }

  #forget(now: number): void {
    while (this.#sent.length > 0 && this.#sent[0] <= now - MINUTE_MS) this.#sent.shift();
  }

  available(now: number): number {
    if (this.#perMinute === 0) return Number.POSITIVE_INFINITY;
    this.#forget(now);
    return this.#perMinute - this.#sent.length;
  }

  waitMs(now: number): number {
    if (this.available(now) > 0) return 0;
    return this.#sent[0] + MINUTE_MS - now;
  }

  sent(now: number): void {
    if (this.#perMinute > 0) this.#sent.push(now);
  }
}

/**
 * Which of the groups ready to go the next message carries: the oldest alone, unless the receiver can digest
 * and more groups are ready than it may still send this minute; then all of them, as one message.
 */
export function groupsForNextMessage<G>(ready: readonly G[], available: number, digests: boolean): G[] {
  if (ready.length === 0) return [];
  return digests && ready.length > available ? [...ready] : [ready[0]];
}
