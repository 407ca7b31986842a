import type { Kafka } from 'kafkajs';
import type { TopicRole, TopicsConfig } from '../../config/configSchema.ts';
import { ensureTopics, type EnsuredTopics } from '../../sinks/topics/ensureTopics.ts';
import type { Logger } from '../../observability/logger.ts';

/** ensureTopics with an admin of its own, disconnected afterwards whatever happened. */
export async function prepareTopics<R extends TopicRole>(kafka: Kafka, config: { topics: Pick<TopicsConfig, R | 'create'> }, which: readonly R[], logger?: Logger): Promise<EnsuredTopics> {
  const admin = kafka.admin();
  try {
    return await ensureTopics(admin, config, which, logger ? { logger } : {});
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
