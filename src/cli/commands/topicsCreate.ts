import { loadConfig } from '../../config/loadConfig.ts';
import { requireConnections } from '../../config/requireConnections.ts';
import { createKafka } from '../../consumers/kafkaClient.ts';
import { allTopicRoles } from '../../sinks/topics/topicRoles.ts';
import { createLogger } from '../../observability/logger.ts';
import { prepareTopics } from './prepareTopics.ts';

/** Creates every topic of the config that does not exist yet (with `topics.create`), waits for their leaders and prints each topic's state. */
export async function topicsCreateCommand(configFile: string): Promise<void> {
  const loaded = await loadConfig(configFile);
  const config = requireConnections(loaded, configFile, 'topics create', ['kafka']);
  // An operator creating topics ahead means to create them, whatever the services are told.
  const topics = { ...config.topics, create: { ...config.topics.create, enabled: true } };
  const { created, existing } = await prepareTopics(createKafka(config.kafka, createLogger()), { topics }, allTopicRoles);
  for (const role of allTopicRoles) {
    const name = config.topics[role];
    process.stdout.write(`${name}\t${role}\t${created.includes(name) ? 'created' : existing.includes(name) ? 'exists' : 'unknown'}\n`);
  }
}
