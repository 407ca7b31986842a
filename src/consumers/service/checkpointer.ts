import type { Consumer } from 'kafkajs';
import type { MonitorEngine } from '../../monitor/monitorEngine.ts';
import type { Logger } from '../../observability/logger.ts';
import type { DriftwatchMetrics } from '../../observability/metrics.ts';
import { spanNames, withSpan } from '../../observability/tracing.ts';
import type { ExtraWrite, PartitionCheckpointStore } from '../../state/partitionCheckpointStore.ts';
import { retiredEntriesOf } from '../retiredEntries.ts';
import type { PartitionState } from './partitionRestorer.ts';
import type { RetryPolicy } from './retryPolicy.ts';

/**
 * Ends a batch: saves the partition's changed engine entries, the entries to delete, the label-join writes
 * and deletes and the batch's last offset to Redis in one atomic, epoch-fenced step (retried while Redis is
 * down), and only then commits the offset to Kafka. Redis, not Kafka, is what a restore trusts.
 */
export class Checkpointer {
  readonly #checkpoints: PartitionCheckpointStore;
  readonly #engine: MonitorEngine;
  readonly #consumer: Pick<Consumer, 'commitOffsets'>;
  readonly #metrics: DriftwatchMetrics;
  readonly #logger: Logger;
  readonly #retry: RetryPolicy;

  constructor(deps: { checkpoints: PartitionCheckpointStore; engine: MonitorEngine; consumer: Pick<Consumer, 'commitOffsets'>; metrics: DriftwatchMetrics; logger: Logger; retry: RetryPolicy }) {
    this.#checkpoints = deps.checkpoints;
    this.#engine = deps.engine;
    this.#consumer = deps.consumer;
    this.#metrics = deps.metrics;
    this.#logger = deps.logger;
    this.#retry = deps.retry;
  }

  /**
   * `partitions`: every assigned partition's state, so an entry retired here but saved by another partition
   * is deleted by that one's next save. `resolveOffset` marks the offset processed in kafkajs between the
   * save and the commit.
   */
  async saveAndCommit(
    topic: string, partition: number, state: PartitionState, partitions: Iterable<PartitionState>, offset: string,
    joins: { writes: ExtraWrite[]; deletes: string[] }, resolveOffset: (offset: string) => void,
  ): Promise<void> {
    await this.save(topic, partition, state, partitions, offset, joins);
    resolveOffset(offset);
    await this.commit(topic, partition, offset);
  }

  async save(topic: string, partition: number, state: PartitionState, partitions: Iterable<PartitionState>, offset: string, joins: { writes: ExtraWrite[]; deletes: string[] }): Promise<void> {
    const entries = new Map<string, Buffer>();
    for (const key of this.#engine.takeDirty()) {
      const bytes = this.#engine.snapshot(key);
      if (!bytes) continue;
      entries.set(key, bytes);
      state.entries.add(key);
    }
    const deleted = retiredEntriesOf(state, partitions, this.#engine.takeRetired());
    const bytes = [...entries.values()].reduce((n, b) => n + b.length, 0);
    const end = this.#metrics.timeStage('checkpoint');
    await withSpan(spanNames.checkpoint, { 'driftwatch.checkpoint.bytes': bytes }, () =>
      this.#retry.retry('redis', 'saving the checkpoint', () => this.#checkpoints.save(topic, partition, state.epoch, { offset, entries, deleted, extraWrites: joins.writes, deletes: joins.deletes })));
    end();
    for (const key of deleted) state.entries.delete(key);
    state.retired?.clear();
    state.checkpointOffset = Number(offset);
    this.#metrics.checkpointSaved(bytes);
  }

  /**
   * Commits the offset after `offset`. A failure is logged, not retried: the checkpoint already holds the
   * partition's position, and whoever owns it next seeks there whatever Kafka has committed.
   */
  async commit(topic: string, partition: number, offset: string): Promise<void> {
    const end = this.#metrics.timeStage('commit');
    try {
      await this.#consumer.commitOffsets([{ topic, partition, offset: String(BigInt(offset) + 1n) }]);
    } catch (error) {
      this.#logger.warn({ topic, partition, offset, err: (error as Error).message }, 'offset commit failed; the Redis checkpoint stands');
    } finally {
      end();
    }
  }
}
