import type { Admin, Kafka } from 'kafkajs';
import type { ServiceConfig } from '../config/configSchema.ts';

/**
 * The labels topic has a different number of partitions than an events topic whose predictions it joins.
 * On Redis Cluster a prediction's join record lives in the slot of its partition number (stateKeys.ts), so a
 * label must arrive on the same partition number as its prediction: both topics keyed by model_id with the
 * same partitioner and the same partition count.
 */
export class NotCoPartitionedError extends Error {
  constructor(counts: Record<string, number>) {
    super(
      `with redis.mode cluster the labels topic must be co-partitioned with the predictions topic (same partition count, ` +
        `same partitioner on model_id), but ${Object.entries(counts).map(([t, n]) => `${t} has ${n}`).join(' and ')} partitions: ` +
        'give them the same number of partitions, or use redis.mode standalone or sentinel',
    );
    this.name = 'NotCoPartitionedError';
  }
}

/** Throws NotCoPartitionedError when both topics exist with different partition counts (a missing one is created alike). */
export async function assertCoPartitioned(admin: Admin, predictions: string, labels: string): Promise<void> {
  const existing = new Set(await admin.listTopics());
  if (!existing.has(predictions) || !existing.has(labels)) return;
  const { topics } = await admin.fetchTopicMetadata({ topics: [predictions, labels] });
  const countOf = (name: string) => topics.find((t) => t.name === name)?.partitions.length ?? 0;
  const counts = { [predictions]: countOf(predictions), [labels]: countOf(labels) };
  if (counts[predictions] !== counts[labels]) throw new NotCoPartitionedError(counts);
}

/** On Redis Cluster, with a monitor that joins labels: the labels topic must be co-partitioned with the predictions topic. */
export async function assertLabelsCoPartitioned(kafka: Kafka, config: ServiceConfig): Promise<void> {
  if (config.redis.mode !== 'cluster' || !config.monitors.some((m) => m.performance)) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await assertCoPartitioned(admin, config.topics.predictions, config.topics.labels);
  } finally {
    await admin.disconnect();
  }
}
