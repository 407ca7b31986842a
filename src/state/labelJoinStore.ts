/**
 * Predictions waiting for their labels, by (model, event), each with a time-to-live: a label that comes
 * later than that finds nothing to join and is counted as unjoined by the caller.
 *
 * Redis keys, under the store's prefix P (default `driftwatch:join:`):
 *   P <modelId>:<eventId>   string   encodeJoinRecord bytes, PX ttl
 * Both ids are URI-encoded, so a ':' inside one cannot make two pairs share a key.
 *
 * take() reads and deletes in one GETDEL per event, so a label joins at most once. If the connection
 * drops after Redis ran a GETDEL but before its reply arrived, that record is gone: its label goes
 * unjoined (the retry finds nothing), it is never joined twice.
 */
import type { Redis } from 'ioredis';
import { decodeJoinRecord, encodeJoinRecord, JoinRecordFormatError, type JoinRecord } from './joinRecord.ts';
import type { ExtraWrite } from './partitionCheckpointStore.ts';
import { unavailableAs } from './stateStoreErrors.ts';

export interface LabelJoinStoreOptions {
  /** How long a prediction waits for its label. */
  ttlMs: number;
  prefix?: string;
}

export class LabelJoinStore {
  /** Records taken that were not in a readable format (written by another driftwatch version); joined as missing. */
  unreadable = 0;
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #ttlMs: number;

  constructor(redis: Redis, options: LabelJoinStoreOptions) {
    if (!Number.isInteger(options.ttlMs) || options.ttlMs <= 0) throw new TypeError(`LabelJoinStore ttlMs must be a positive integer, got ${options.ttlMs}`);
    this.#redis = redis;
    this.#prefix = options.prefix ?? 'driftwatch:join:';
    this.#ttlMs = options.ttlMs;
  }

  keyFor(modelId: string, eventId: string): string {
    return `${this.#prefix}${encodeURIComponent(modelId)}:${encodeURIComponent(eventId)}`;
  }

  /** The record as an extra write of a checkpoint save, stored atomically with the partition's checkpoint. */
  writeFor(modelId: string, eventId: string, record: JoinRecord): ExtraWrite {
    return { key: this.keyFor(modelId, eventId), value: encodeJoinRecord(record), ttlMs: this.#ttlMs };
  }

  async put(modelId: string, eventId: string, record: JoinRecord): Promise<void> {
    const { key, value, ttlMs } = this.writeFor(modelId, eventId, record);
    await unavailableAs(`storing the prediction ${modelId}/${eventId} for its label`, () => this.#redis.set(key, value, 'PX', ttlMs));
  }

  /** The waiting predictions of these events, removed as they are read; undefined where none waits. */
  async take(modelId: string, eventIds: string[]): Promise<(JoinRecord | undefined)[]> {
    if (eventIds.length === 0) return [];
    const replies = await unavailableAs(`taking ${eventIds.length} predictions of ${modelId} to join their labels`, async () => {
      const pipeline = this.#redis.pipeline();
      for (const eventId of eventIds) pipeline.getdelBuffer(this.keyFor(modelId, eventId));
      const results = await pipeline.exec();
      if (!results) throw new Error('pipeline returned no results');
      // Rethrow the first failure (all of them are connection failures in practice; the wrapper classifies it).
      for (const [error] of results) if (error) throw error;
      return results.map(([, reply]) => reply as Buffer | null);
    });
    return replies.map((bytes) => (bytes === null ? undefined : this.#decode(bytes)));
  }

  #decode(bytes: Buffer): JoinRecord | undefined {
    try {
      return decodeJoinRecord(bytes);
    } catch (error) {
      if (!(error instanceof JoinRecordFormatError)) throw error;
      // Already deleted, so throwing would only lose the rest of the batch too: count it as unjoined.
      this.unreadable++;
      return undefined;
    }
  }
}
