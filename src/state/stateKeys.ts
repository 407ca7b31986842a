/**
 * Every Redis key of the state stores, built in one place.
 *
 * A checkpoint save is one Lua script (saveCheckpointScript.ts) over the partition's own keys and the label-join
 * records it writes or deletes. Redis Cluster runs a script only when all its keys hash to one slot, so with
 * `hashTags` (cluster mode) every key a save of partition N can touch starts with the same hash tag,
 * `{<prefix>N}`: the epoch, checkpoint and entries of partition N of every input topic, and the join records
 * written by the predictions of partition N. A label on partition N therefore finds its prediction's record
 * only if the prediction was on partition N too: the labels topic must be co-partitioned with the predictions
 * topic (same partition count, same partitioner on model_id), as a Kafka Streams join requires.
 *
 * Without hash tags (standalone, sentinel) the keys are those driftwatch always wrote:
 *   <prefix>partition:<topic>:<N>:epoch | :checkpoint | :entries
 *   <joinPrefix><modelId>:<eventId>                     (joinPrefix defaults to <prefix>join:)
 * With hash tags:
 *   {<prefix><N>}:partition:<topic>:<N>:epoch | :checkpoint | :entries
 *   {<prefix><N>}:join:<modelId>:<eventId>
 * Model and event ids are URI-encoded, so a ':' inside one cannot make two pairs share a key; braces in the
 * prefix are URI-encoded inside the tag, so they cannot end it early.
 */

export interface PartitionKeys {
  epoch: string;
  checkpoint: string;
  entries: string;
}

export interface StateKeys {
  /** Whether keys carry a per-partition hash tag (Redis Cluster). */
  readonly hashTags: boolean;
  partition(topic: string, partition: number): PartitionKeys;
  /**
   * The join record of a prediction. `partition` is the Kafka partition whose checkpoint saves write and delete
   * it (the prediction's, which is also its label's); it is required with hash tags and ignored without.
   */
  join(modelId: string, eventId: string, partition: number | undefined): string;
}

export interface StateKeysOptions {
  hashTags?: boolean;
  /** Without hash tags: the join records' prefix (default `<prefix>join:`). */
  joinPrefix?: string;
}

export function stateKeys(prefix: string, options: StateKeysOptions = {}): StateKeys {
  const hashTags = options.hashTags ?? false;
  const joinPrefix = options.joinPrefix ?? `${prefix}join:`;
  const scope = (partition: number) => {
    checkPartition(partition);
    return hashTags ? `{${prefix.replace(/[{}]/g, encodeURIComponent)}${partition}}:` : prefix;
  };
  return {
    hashTags,
    partition(topic, partition) {
      const base = `${scope(partition)}partition:${topic}:${partition}:`;
      return { epoch: `${base}epoch`, checkpoint: `${base}checkpoint`, entries: `${base}entries` };
    },
    join(modelId, eventId, partition) {
      const id = `${encodeURIComponent(modelId)}:${encodeURIComponent(eventId)}`;
      if (!hashTags) return `${joinPrefix}${id}`;
      if (partition === undefined) throw new TypeError('a join record key needs the Kafka partition of its prediction when keys carry hash tags (Redis Cluster)');
      return `${scope(partition)}join:${id}`;
    },
  };
}

function checkPartition(partition: number): void {
  if (!Number.isInteger(partition) || partition < 0) throw new TypeError(`partition must be a non-negative integer, got ${partition}`);
}
