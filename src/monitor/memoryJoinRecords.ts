import type { JoinRecords } from './batchPipeline.ts';
import type { JoinedPrediction } from './monitorEngine.ts';

/** A stored prediction in memory: its record and when it expires (wall clock, as Redis expires it). */
export interface MemoryJoinWrite {
  key: string;
  record: JoinedPrediction;
  expiresAt: number;
}

/**
 * The label join in memory, for replay: the same records, keys and time-to-live as serve's Redis store,
 * without Redis. How many are stored is bounded where serve bounds it, by the engine's admitJoin
 * (performance.sampleRate and maxPendingJoins per joinTtl); expired records are swept as new ones come.
 */
export class MemoryJoinRecords implements JoinRecords<MemoryJoinWrite, string> {
  readonly #records = new Map<string, MemoryJoinWrite>();
  readonly #now: () => number;
  #nextSweep = 0;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  get size(): number {
    return this.#records.size;
  }

  async find(modelId: string, eventIds: string[]): Promise<(JoinedPrediction | undefined)[]> {
    const now = this.#now();
    return eventIds.map((eventId) => {
      const found = this.#records.get(keyOf(modelId, eventId));
      return found && found.expiresAt > now ? found.record : undefined;
    });
  }

  writeFor(modelId: string, eventId: string, record: JoinedPrediction, ttlMs: number): MemoryJoinWrite {
    return { key: keyOf(modelId, eventId), record, expiresAt: this.#now() + ttlMs };
  }

  deleteKeysFor(modelId: string, eventIds: string[]): string[] {
    return eventIds.map((eventId) => keyOf(modelId, eventId));
  }

  /** Stores what a batch produced and deletes what it joined, as serve's checkpoint save does. */
  apply(writes: readonly MemoryJoinWrite[], deletes: readonly string[]): void {
    for (const w of writes) this.#records.set(w.key, w);
    for (const key of deletes) this.#records.delete(key);
    const now = this.#now();
    if (writes.length > 0 && now >= this.#nextSweep) {
      this.#nextSweep = now + 1000;
      for (const [key, w] of this.#records) if (w.expiresAt <= now) this.#records.delete(key);
    }
  }
}

function keyOf(modelId: string, eventId: string): string {
  return JSON.stringify([modelId, eventId]);
}
