import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import type { DriftwatchConfig } from '../config/configSchema.ts';
import { readTlsFiles } from '../config/tlsFiles.ts';
import type { Logger } from '../observability/logger.ts';

/** A kafkajs client for the configured cluster, logging through driftwatch's logger. */
export function createKafka(config: NonNullable<DriftwatchConfig['kafka']>, logger: Logger): Kafka {
  const options: KafkaConfig = {
    clientId: config.clientId,
    brokers: config.brokers,
    // true: TLS with the system's CAs; an object: its files (a missing one throws TlsFileError naming kafka.ssl.<key>).
    ssl: typeof config.ssl === 'object' ? readTlsFiles(config.ssl, 'kafka.ssl') : config.ssl,
    logLevel: logLevel.WARN,
    logCreator: () => ({ namespace, level, log }) => {
      const { message, ...extra } = log;
      const method = level <= logLevel.ERROR ? 'error' : level === logLevel.WARN ? 'warn' : 'debug';
      logger[method]({ namespace, ...extra }, message);
    },
    retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 30_000 },
  };
  if (config.sasl) options.sasl = { ...config.sasl } as SASLOptions;
  return new Kafka(options);
}
