import type { Kafka } from 'kafkajs';
import type { DriftwatchConfig, TopicRole } from '../../config/configSchema.ts';
import { ensureTopics, type EnsuredTopics } from '../../consumers/topics/ensureTopics.ts';
import type { Logger } from '../../observability/logger.ts';

/** ensureTopics with an admin of its own, disconnected afterwards whatever happened. */
export async function prepareTopics(kafka: Kafka, config: Pick<DriftwatchConfig, 'topics'>, which: readonly TopicRole[], logger?: Logger): Promise<EnsuredTopics> {
  const admin = kafka.admin();
  try {
    return await ensureTopics(admin, config, which, logger ? { logger } : {});
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
