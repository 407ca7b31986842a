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
  readonly #reported = new Map<string, { topic: string; partition: number }>();

  constructor(metrics: DriftwatchMetrics) {
    this.#metrics = metrics;
  }

  afterBatch(topic: string, partition: number, highWatermark: string, lastAppliedOffset: string): void {
    this.#reported.set(`${topic}:${partition}`, { topic, partition });
    this.#metrics.setConsumerLag(topic, partition, lagAfter(highWatermark, lastAppliedOffset));
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
