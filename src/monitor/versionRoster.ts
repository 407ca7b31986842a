/** What the roster needs to know of a live monitor. */
export interface RosterMember {
  /** Last position applied: the least recent member has the smallest. */
  readonly appliedThrough: number;
  /** Newest event time applied, ms. */
  readonly lastEventTime: number;
}

/**
 * The live monitors of one model on one stream (its versions), for the per-model bounds: at most
 * `maxVersions` of them, and none idle for longer than `idleTimeout`. A member is idle when its newest
 * event is more than idleTimeout older, in event time, than the newest event of any member. Everything is
 * derived from the members' own saved fields, so a restored roster decides as the original one did.
 */
export class VersionRoster<M extends RosterMember> {
  readonly #members = new Map<string, M>();
  /** Event time beyond which some member may be idle; recomputed lazily (a cache, never saved). */
  #idleCheckAt: number | undefined;

  get size(): number {
    return this.#members.size;
  }

  add(key: string, member: M): void {
    this.#members.set(key, member);
    this.#idleCheckAt = undefined;
  }

  remove(key: string): void {
    this.#members.delete(key);
    this.#idleCheckAt = undefined;
  }

  /** How far, in event time, the least recent member trails the newest (0 with fewer than two known): idle beyond the timeout. */
  idleSpan(): number {
    let oldest = Infinity;
    let newest = -Infinity;
    for (const m of this.#members.values()) {
      if (!Number.isFinite(m.lastEventTime)) continue;
      oldest = Math.min(oldest, m.lastEventTime);
      newest = Math.max(newest, m.lastEventTime);
    }
    return newest > oldest ? newest - oldest : 0;
  }

  /** The least recently active member, the one to retire when a new version needs room. */
  leastRecent(): string | undefined {
    let oldest: string | undefined;
    let at = Infinity;
    for (const [key, m] of this.#members) {
      if (m.appliedThrough < at) {
        at = m.appliedThrough;
        oldest = key;
      }
    }
    return oldest;
  }

  /** Members idle once an event at `eventTime` has been applied, except `current` (the one it went to). */
  /** The event time idle() looks for members to retire beyond; at or before it, idle() finds none. */
  idleCheckAt(idleTimeout: number): number {
    if (this.#idleCheckAt === undefined) this.#idleCheckAt = this.#nextIdleCheck(idleTimeout);
    return this.#idleCheckAt;
  }

  idle(eventTime: number, idleTimeout: number, current: string): string[] {
    if (this.#idleCheckAt === undefined) this.#idleCheckAt = this.#nextIdleCheck(idleTimeout);
    if (!(eventTime > this.#idleCheckAt)) return [];
    let newest = eventTime;
    for (const m of this.#members.values()) if (m.lastEventTime > newest) newest = m.lastEventTime;
    const out: string[] = [];
    // A member without a known event time (no event yet, or saved by an older version) is never judged idle.
    for (const [key, m] of this.#members) if (key !== current && Number.isFinite(m.lastEventTime) && newest - m.lastEventTime > idleTimeout) out.push(key);
    this.#idleCheckAt = out.length > 0 ? undefined : this.#nextIdleCheck(idleTimeout);
    return out;
  }

  /** Oldest known event time among the members plus the timeout: no member is idle before an event later than it. */
  #nextIdleCheck(idleTimeout: number): number {
    let oldest = Infinity;
    for (const m of this.#members.values()) if (Number.isFinite(m.lastEventTime) && m.lastEventTime < oldest) oldest = m.lastEventTime;
    return oldest + idleTimeout;
  }
}
