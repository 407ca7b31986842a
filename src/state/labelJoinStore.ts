/**
 * Predictions waiting for their labels, by (model, event), each with a time-to-live: a label that comes
 * later than that finds nothing to join and is counted as unjoined by the caller.
 *
 * Redis keys, under the store's prefix P (default `driftwatch:join:`):
 *   P <modelId>:<event hash>   string   encodeJoinRecord bytes, PX ttl
 * The model id is URI-encoded, so a ':' inside it cannot make two pairs share a key. The event id itself is
 * never stored: the key carries the first 128 bits of its HMAC-SHA256 under the privacy secret (SHA-256
 * when none is configured), base64url, so every key has the same short length whatever the ids. With the hash-tagged
 * layout of Redis Cluster (`keys`, see stateKeys.ts) a record's key also carries its Kafka partition, which
 * every method then needs (the prediction's, which is also the label's).
 *
 * Crash-safe join protocol (no label is lost, none joins twice across batches):
 *   1. find(modelId, eventIds) reads the waiting records (pipelined GET) and deletes nothing, so it can be
 *      retried freely, e.g. after a connection drop.
 *   2. The caller applies the joined labels to its state.
 *   3. The caller saves the partition checkpoint with `deletes: deleteKeysFor(modelId, joinedEventIds)`:
 *      PartitionCheckpointStore.save() deletes those records in the same atomic, epoch-fenced step that
 *      stores the state and the offset.
 * A crash (or a FencedError) before the save leaves the records in place: the labels are re-read after
 * restart (or by the new owner) and find the same records. Once the save has run, a label repeated in a
 * later batch finds nothing, so a prediction joins once across batches. Within one batch the caller sees
 * the same record for every copy of a label and decides itself how often it joins.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { decodeJoinRecord, encodeJoinRecord, JoinRecordFormatError, type JoinRecord } from './joinRecord.ts';
import type { ExtraWrite } from './partitionCheckpointStore.ts';
import { stateKeys, type StateKeys } from './stateKeys.ts';
import { unavailableAs } from './stateStoreErrors.ts';

export interface LabelJoinStoreOptions {
  /** How long a prediction waits for its label. */
  ttlMs: number;
  prefix?: string;
  /** The key layout shared with the checkpoint store (stateKeys.ts); overrides `prefix`. */
  keys?: StateKeys;
  /** Key of the event-id hash (privacy.secret); without one the hash is a plain SHA-256. */
  secret?: string;
}

export class LabelJoinStore {
  /**
   * Records found that were not in a readable format (written by another driftwatch version); joined as
   * missing. find() leaves them in place (they expire by their TTL), so a re-read batch counts them again.
   */
  unreadable = 0;
  readonly #redis: Redis | Cluster;
  readonly #keys: StateKeys;
  readonly #ttlMs: number;
  readonly #secret: string | undefined;

  constructor(redis: Redis | Cluster, options: LabelJoinStoreOptions) {
    if (!Number.isInteger(options.ttlMs) || options.ttlMs <= 0) throw new TypeError(`LabelJoinStore ttlMs must be a positive integer, got ${options.ttlMs}`);
    this.#redis = redis;
    this.#keys = options.keys ?? stateKeys('driftwatch:', { joinPrefix: options.prefix ?? 'driftwatch:join:' });
    this.#ttlMs = options.ttlMs;
    this.#secret = options.secret;
  }

  /** `partition`: the Kafka partition of the prediction (and its label); needed by the hash-tagged layout. */
  keyFor(modelId: string, eventId: string, partition?: number): string {
    const hash = this.#secret === undefined ? createHash('sha256') : createHmac('sha256', this.#secret);
    return this.#keys.join(modelId, hash.update(eventId).digest().subarray(0, 16).toString('base64url'), partition);
  }

  /** The record as an extra write of a checkpoint save, stored atomically with the partition's checkpoint. */
  writeFor(modelId: string, eventId: string, record: JoinRecord, partition?: number): ExtraWrite {
    return { key: this.keyFor(modelId, eventId, partition), value: encodeJoinRecord(record), ttlMs: this.#ttlMs };
  }

  async put(modelId: string, eventId: string, record: JoinRecord, partition?: number): Promise<void> {
    const { key, value, ttlMs } = this.writeFor(modelId, eventId, record, partition);
    await unavailableAs(`storing the prediction ${modelId}/${eventId} for its label`, () => this.#redis.set(key, value, 'PX', ttlMs));
  }

  /**
   * The waiting predictions of these events, in order; undefined where none waits or the record is
   * unreadable. Deletes nothing: pass deleteKeysFor() of the joined events as the `deletes` of the
   * checkpoint save that applies them.
   */
  async find(modelId: string, eventIds: string[], partition?: number): Promise<(JoinRecord | undefined)[]> {
    if (eventIds.length === 0) return [];
    const replies = await unavailableAs(`reading ${eventIds.length} predictions of ${modelId} to join their labels`, async () => {
      const pipeline = this.#redis.pipeline();
      for (const eventId of eventIds) pipeline.getBuffer(this.keyFor(modelId, eventId, partition));
      const results = await pipeline.exec();
      if (!results) throw new Error('pipeline returned no results');
      // Rethrow the first failure (all of them are connection failures in practice; the wrapper classifies it).
      for (const [error] of results) if (error) throw error;
      return results.map(([, reply]) => reply as Buffer | null);
    });
    return replies.map((bytes) => (bytes === null ? undefined : this.#decode(bytes)));
  }

  /** The keys of these events' records, for `CheckpointWrite.deletes` of the save that applies their labels. */
  deleteKeysFor(modelId: string, eventIds: string[], partition?: number): string[] {
    return eventIds.map((eventId) => this.keyFor(modelId, eventId, partition));
  }

  #decode(bytes: Buffer): JoinRecord | undefined {
    try {
      return decodeJoinRecord(bytes);
    } catch (error) {
      if (!(error instanceof JoinRecordFormatError)) throw error;
      // Throwing would fail the whole batch on every retry: count it and join the label as missing.
      this.unreadable++;
      return undefined;
    }
  }
}
