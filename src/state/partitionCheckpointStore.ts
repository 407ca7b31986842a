/**
 * Per Kafka partition: the monitoring state of its models and the last applied offset, saved together in
 * one atomic step so that a consumer that takes the partition over restores the state and seeks to
 * offset + 1 (exactly-once in effect).
 *
 * Redis keys, under the store's prefix P (e.g. `driftwatch:<groupId>:`), per topic T and partition N:
 *   P partition:T:N:epoch        string  fencing epoch, INCR'd by claim()
 *   P partition:T:N:checkpoint   hash    offset (last applied, decimal string), epoch (of the save), savedAt (ms)
 *   P partition:T:N:entries      hash    entry key (e.g. model version) -> opaque state bytes
 * All three expire `ttlMs` (state.checkpointTtl, default 30 days) after the last claim or save, so the
 * state of a partition nobody consumes any more goes away. An epoch that expired starts again at 1; a
 * consumer still holding an old epoch is fenced all the same, since a save needs the stored epoch to equal its own.
 * Extra writes (label-join records of predictions) go to the full keys their callers give, with a TTL;
 * `deletes` (label-join records consumed by the labels this save applied) are full keys too.
 *
 * Label joins are crash-safe because a join record is removed only by the save that checkpoints the label
 * which consumed it: LabelJoinStore.find() reads (never deletes) → the labels are applied to the state →
 * save() writes the state and offset AND deletes LabelJoinStore.deleteKeysFor(...) in this one atomic step.
 * A crash before the save leaves both the offset and the records as they were, so the labels are re-read
 * after restart and find the same records; after the save the records are gone, so a label repeated in a
 * later batch finds nothing (a prediction joins once across batches). Deletes run after the extra writes:
 * a key both written and deleted in one save ends deleted.
 *
 * Fencing: claim() after an assignment, BEFORE load(). Redis runs commands one at a time, so once the new
 * owner's claim has run, every save of an older epoch is refused (FencedError, nothing written), and the
 * new owner's load sees everything the old owner managed to save. Within one epoch an offset never goes
 * backwards (StaleCheckpointError); the first save of a new epoch may go anywhere (e.g. a topic recreated).
 *
 * Key names come from stateKeys.ts: with its hash tags (Redis Cluster) every key one save touches is in
 * one slot, so the script runs there; extra writes and deletes must then be keys of the same partition.
 */
import type { Cluster, Redis } from 'ioredis';
import { SAVE_CHECKPOINT_COMMAND, SAVE_CHECKPOINT_LUA, SaveStatus } from './saveCheckpointScript.ts';
import { stateKeys, type PartitionKeys, type StateKeys } from './stateKeys.ts';
import { FencedError, StaleCheckpointError, unavailableAs } from './stateStoreErrors.ts';
import { waitForReplicas, type ReplicaAcks } from './replicaAcks.ts';

export type { PartitionKeys } from './stateKeys.ts';

export interface PartitionCheckpoint {
  /** Last applied Kafka offset, as kafkajs writes offsets. Resume at offset + 1. */
  offset: string;
  entries: Map<string, Buffer>;
  savedAt: number;
}

/** A key written in the same atomic step as a checkpoint (e.g. a label-join record). */
export interface ExtraWrite {
  key: string;
  value: Buffer;
  ttlMs: number;
}

export interface CheckpointWrite {
  offset: string;
  /** Entries changed since the last save; entries not mentioned are kept. */
  entries: Map<string, Buffer>;
  /** Entries to remove; applied after `entries`. */
  deleted?: string[];
  extraWrites?: ExtraWrite[];
  /**
   * Full Redis keys to DEL in the same atomic, epoch-fenced step (e.g. LabelJoinStore.deleteKeysFor()),
   * after the extra writes. A fenced or stale save deletes nothing. Missing keys are fine.
   */
  deletes?: string[];
}

/** The keys of a partition's checkpoint without hash tags (standalone and Sentinel). */
export function partitionKeys(prefix: string, topic: string, partition: number): PartitionKeys {
  return stateKeys(prefix).partition(topic, partition);
}

type SaveReply = [status: number, detail: string];
/** How long a partition's checkpoint keys live after its last claim or save, by default (state.checkpointTtl). */
export const DEFAULT_CHECKPOINT_TTL_MS = 30 * 86_400_000;
type ScriptedRedis = (Redis | Cluster) & { [SAVE_CHECKPOINT_COMMAND]: (...args: (string | number | Buffer)[]) => Promise<SaveReply> };

const OFFSET = /^(0|[1-9]\d*)$/;

export class PartitionCheckpointStore {
  readonly #redis: ScriptedRedis;
  readonly #keyspace: StateKeys;
  readonly #replicaAcks: ReplicaAcks | undefined;
  readonly #ttlMs: number;

  /**
   * `keys`: the key layout (stateKeys(prefix, …)); default the prefix's without hash tags.
   * `replicaAcks`: claims and saves return only once that many replicas have them (Redis WAIT).
   * `ttlMs`: how long the partition's keys live after its last claim or save.
   */
  constructor(redis: Redis | Cluster, options: { prefix: string; keys?: StateKeys; replicaAcks?: ReplicaAcks; ttlMs?: number }) {
    if (!options.prefix) throw new TypeError('PartitionCheckpointStore needs a key prefix, e.g. `driftwatch:<groupId>:`');
    // ioredis sends EVALSHA and falls back to EVAL on NOSCRIPT (first use on a connection, Redis restarted or SCRIPT FLUSH).
    redis.defineCommand(SAVE_CHECKPOINT_COMMAND, { lua: SAVE_CHECKPOINT_LUA });
    this.#redis = redis as ScriptedRedis;
    this.#keyspace = options.keys ?? stateKeys(options.prefix);
    this.#replicaAcks = options.replicaAcks;
    this.#ttlMs = options.ttlMs ?? DEFAULT_CHECKPOINT_TTL_MS;
    if (!Number.isInteger(this.#ttlMs) || this.#ttlMs <= 0) throw new TypeError(`PartitionCheckpointStore ttlMs must be a positive integer, got ${this.#ttlMs}`);
  }

  /** Takes the partition for this consumer; returns the epoch its saves must carry. */
  async claim(topic: string, partition: number): Promise<number> {
    const keys = this.#keys(topic, partition);
    return unavailableAs(`claiming ${topic}/${partition}`, async () => {
      const results = await this.#redis.multi().incr(keys.epoch).pexpire(keys.epoch, this.#ttlMs).exec();
      if (!results) throw new Error(`claiming ${topic}/${partition}: transaction aborted`);
      for (const [error] of results) if (error) throw error;
      const epoch = results[0][1] as number;
      await waitForReplicas(this.#redis, `claiming ${topic}/${partition}`, this.#replicaAcks);
      return epoch;
    });
  }

  async load(topic: string, partition: number): Promise<PartitionCheckpoint | undefined> {
    const keys = this.#keys(topic, partition);
    const replies = await unavailableAs(`loading the checkpoint of ${topic}/${partition}`, async () => {
      const results = await this.#redis.multi().hgetall(keys.checkpoint).hgetallBuffer(keys.entries).exec();
      if (!results) throw new Error(`loading the checkpoint of ${topic}/${partition}: transaction aborted`);
      for (const [error] of results) if (error) throw error;
      return results.map(([, reply]) => reply);
    });
    const [checkpoint, entries] = replies as [Record<string, string>, Record<string, Buffer>];
    if (checkpoint.offset === undefined) return undefined;
    return { offset: checkpoint.offset, entries: new Map(Object.entries(entries)), savedAt: Number(checkpoint.savedAt) };
  }

  /**
   * Writes the offset, the changed and deleted entries and the extra writes, and deletes the `deletes`
   * keys, atomically, only if `epoch` is still the partition's: otherwise throws FencedError and writes
   * and deletes nothing.
   */
  async save(topic: string, partition: number, epoch: number, checkpoint: CheckpointWrite): Promise<void> {
    const { offset, entries, deleted = [], extraWrites = [], deletes = [] } = checkpoint;
    if (!OFFSET.test(offset)) throw new TypeError(`checkpoint offset must be a non-negative integer string, got ${JSON.stringify(offset)}`);
    for (const write of extraWrites) {
      if (!Number.isInteger(write.ttlMs) || write.ttlMs <= 0) throw new TypeError(`extra write ${write.key}: ttlMs must be a positive integer, got ${write.ttlMs}`);
    }
    const keys = this.#keys(topic, partition);
    const own = new Set([keys.epoch, keys.checkpoint, keys.entries]);
    for (const key of deletes) {
      // Deleting the epoch key would undo fencing; the checkpoint hashes are managed by save() itself.
      if (own.has(key)) throw new TypeError(`deletes: ${key} is a key of the partition's own checkpoint and cannot be deleted by a save`);
    }
    // See saveCheckpointScript.ts for the KEYS/ARGV layout.
    const args: (string | number | Buffer)[] = [3 + extraWrites.length + deletes.length, keys.epoch, keys.checkpoint, keys.entries];
    for (const write of extraWrites) args.push(write.key);
    for (const key of deletes) args.push(key);
    args.push(epoch, offset, Date.now(), entries.size, deleted.length, extraWrites.length);
    for (const [key, value] of entries) args.push(key, value);
    for (const key of deleted) args.push(key);
    for (const write of extraWrites) args.push(write.value, write.ttlMs);
    args.push(this.#ttlMs);

    const [status, detail] = await unavailableAs(`saving the checkpoint of ${topic}/${partition}`, async () => {
      const reply = await this.#redis[SAVE_CHECKPOINT_COMMAND](...args);
      if (reply[0] === SaveStatus.saved) await waitForReplicas(this.#redis, `saving the checkpoint of ${topic}/${partition}`, this.#replicaAcks);
      return reply;
    });
    if (status === SaveStatus.fenced) throw new FencedError(topic, partition, epoch, detail === '' ? undefined : Number(detail));
    if (status === SaveStatus.stale) throw new StaleCheckpointError(topic, partition, offset, detail);
  }

  #keys(topic: string, partition: number): PartitionKeys {
    return this.#keyspace.partition(topic, partition);
  }
}
