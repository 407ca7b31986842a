import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Kafka } from 'kafkajs';

/** Reads every message of a topic from the beginning, decoded with the registry, until the end offsets. */
export async function readTopic<T>(kafka: Kafka, registry: SchemaRegistry, topic: string): Promise<T[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(ends.filter((e) => Number(e.offset) > Number(e.low)).map((e) => [e.partition, Number(e.offset)]));
  const records: T[] = [];
  if (remaining.size === 0) return records;
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}-${Math.random()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic} timed out`)), 60_000);
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            records.push((await registry.decode(message.value!)) as T);
            if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect(); // also on a timeout: a connected consumer would keep the test file's process alive
  }
  return records;
}
