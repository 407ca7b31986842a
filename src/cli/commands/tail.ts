import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../config/loadConfig.ts';
import { requireConnections } from '../../config/requireConnections.ts';
import { createKafka } from '../../consumers/kafkaClient.ts';
import { MalformedMessageError } from '../../consumers/malformedMessageError.ts';
import { RegistryDecoder } from '../../consumers/registryDecoder.ts';
import { createLogger } from '../../observability/logger.ts';
import { createRegistryClient } from '../../registry/registryClient.ts';
import { jsonLine, modelOf, prettyLine, tailTopics, type TailTopic } from '../tail/outputLines.ts';
import { prepareTopics } from './prepareTopics.ts';

export interface TailOptions {
  config: string;
  fromBeginning?: boolean;
  max?: number;
  model?: string;
  pretty?: boolean;
}

/**
 * Prints the decoded messages of an output topic, one JSON object per line on stdout (or a one-line human form),
 * from now on or from the beginning, until `max` were printed or SIGINT / SIGTERM. Reads as a consumer group of its
 * own that commits nothing, so it never moves any other reader's offsets. A message that does not decode is
 * reported on stderr with its partition and offset, and skipped.
 */
export async function tailCommand(topicName: TailTopic, options: TailOptions): Promise<void> {
  const config = requireConnections(await loadConfig(options.config), options.config, 'tail', ['kafka', 'registry']);
  const logger = createLogger();
  const kafka = createKafka(config.kafka, logger);
  const role = tailTopics[topicName];
  const topic = config.topics[role];
  await prepareTopics(kafka, config, [role], logger);
  const decoder = new RegistryDecoder(createRegistryClient(config.registry), { maxAvroItems: config.limits.maxAvroItems });
  const consumer = kafka.consumer({ groupId: `driftwatch-tail-${randomUUID()}` });
  let printed = 0;
  let finished = false;
  let finish!: (error?: unknown) => void;
  const done = new Promise<void>((resolve, reject) => (finish = (error) => {
    finished = true;
    if (error) reject(error);
    else resolve();
  }));
  const stop = () => finish();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) finish(payload.error);
  });
  consumer.on(consumer.events.GROUP_JOIN, () => {
    process.stderr.write(`driftwatch tail: reading ${topic} ${options.fromBeginning ? 'from the beginning' : 'from now on'}\n`);
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: options.fromBeginning === true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (finished) return;
        let record: unknown;
        try {
          record = (await decoder.decode(message.value)).record;
        } catch (error) {
          if (!(error instanceof MalformedMessageError)) throw error;
          process.stderr.write(`driftwatch tail: ${topic}[${partition}]@${message.offset}: ${error.message}\n`);
          return;
        }
        if (finished || (options.model !== undefined && modelOf(topicName, record) !== options.model)) return;
        process.stdout.write(`${options.pretty ? prettyLine(topicName, record, config.monitors) : jsonLine(record)}\n`);
        if (options.max !== undefined && ++printed >= options.max) finish();
      },
    });
    await done;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await consumer.disconnect();
  }
}
