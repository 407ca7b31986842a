import type { Cluster, Redis } from 'ioredis';
import { unavailableAs } from './stateStoreErrors.ts';

export type DeliveryOutcome = 'delivered' | 'dead_lettered';

/**
 * Which alerts each receiver already has, so a restarted or rebalanced notifier never sends one twice: one
 * key per (receiver, alert_id) with a TTL, written after the receiver accepted and before the offset is committed.
 * A receiver's keys share one hash tag, so its multi-key reads and writes run on Redis Cluster too.
 */
export class DeliveryRecordStore {
  readonly #redis: Redis | Cluster;
  readonly #prefix: string;
  readonly #ttlMs: number;

  constructor(redis: Redis | Cluster, options: { prefix: string; ttlMs: number }) {
    this.#redis = redis;
    this.#prefix = options.prefix;
    this.#ttlMs = options.ttlMs;
  }

  #key(receiver: string, alertId: string): string {
    return `{${this.#prefix}delivered:${receiver}}:${alertId}`;
  }

  /** The ids among `alertIds` already delivered (or dead-lettered) for this receiver. */
  async done(receiver: string, alertIds: readonly string[]): Promise<Set<string>> {
    if (alertIds.length === 0) return new Set();
    const values = await unavailableAs('reading delivery records', () => this.#redis.mget(...alertIds.map((id) => this.#key(receiver, id))));
    return new Set(alertIds.filter((_, i) => values[i] !== null));
  }

  async record(receiver: string, alertIds: readonly string[], outcome: DeliveryOutcome): Promise<void> {
    if (alertIds.length === 0) return;
    const multi = this.#redis.multi();
    for (const id of alertIds) multi.set(this.#key(receiver, id), outcome, 'PX', this.#ttlMs);
    const results = await unavailableAs('writing delivery records', () => multi.exec());
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw failed?.[0] ?? new Error('writing delivery records: transaction discarded');
  }
}
