import type { DriftwatchMetrics } from './metrics.ts';

/**
 * Messages of a partition after the last one applied: the high watermark is the offset the next message will
 * get, so a partition read to its end has lag 0.
 */
export function lagAfter(highWatermark: string, lastAppliedOffset: string): number {
  const lag = BigInt(highWatermark) - BigInt(lastAppliedOffset) - 1n;
  return lag > 0n ? Number(lag) : 0;
}

/**
 * Keeps `driftwatch_consumer_lag{topic,partition}` for the partitions this instance owns: set after every
 * batch from the batch's high watermark (as the broker reported it with the batch) and its last offset, and
 * dropped for partitions a rebalance took away, so another instance's partitions never show a stale value.
 */
export class ConsumerLag {
  readonly #metrics: DriftwatchMetrics;
  readonly #reported = new Map<string, { topic: string; partition: number; lastApplied: string }>();

  constructor(metrics: DriftwatchMetrics) {
    this.#metrics = metrics;
  }

  afterBatch(topic: string, partition: number, highWatermark: string, lastAppliedOffset: string): void {
    this.#reported.set(`${topic}:${partition}`, { topic, partition, lastApplied: lastAppliedOffset });
    this.#metrics.setConsumerLag(topic, partition, lagAfter(highWatermark, lastAppliedOffset));
  }

  /**
   * Recomputes the lag of every partition seen from the brokers' current high watermarks, so a consumer that
   * stopped taking batches (paused on a dependency, stuck) shows its lag growing instead of its last value.
   */
  async refresh(highWatermarks: (topic: string) => Promise<{ partition: number; offset: string }[]>): Promise<void> {
    const topics = new Set([...this.#reported.values()].map((r) => r.topic));
    for (const topic of topics) {
      const marks = await highWatermarks(topic);
      for (const { partition, offset } of marks) {
        // Read after the await: a batch or a rebalance may have moved the partition meanwhile.
        const reported = this.#reported.get(`${topic}:${partition}`);
        if (reported) this.#metrics.setConsumerLag(topic, partition, lagAfter(offset, reported.lastApplied));
      }
    }
  }

  /** The new assignment of a rebalance: series of partitions outside it are removed. */
  assigned(assignment: Record<string, readonly number[]>): void {
    for (const [id, { topic, partition }] of this.#reported) {
      if (assignment[topic]?.includes(partition)) continue;
      this.#metrics.clearConsumerLag(topic, partition);
      this.#reported.delete(id);
    }
  }
}
