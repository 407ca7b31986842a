import { ConfigError } from '../../config/configError.ts';
import { loadServiceConfig } from '../../config/loadConfig.ts';
import { createKafka } from '../../consumers/kafkaClient.ts';
import { NotifyService, type NotifyServiceConfig } from '../../notify/notifyService.ts';
import { routesRetrainRequests } from '../../notify/routes.ts';
import { startObservabilityServer } from '../../observability/httpServer.ts';
import { createLogger } from '../../observability/logger.ts';
import { DriftwatchMetrics } from '../../observability/metrics.ts';
import { NotifyMetrics } from '../../observability/notifyMetrics.ts';
import { createRegistryClient } from '../../registry/registryClient.ts';
import { notifyTopicRoles } from '../../sinks/topics/topicRoles.ts';
import { readTlsFiles, tlsFileProblems } from '../../config/tlsFiles.ts';
import { createStateRedis } from '../../state/stateRedis.ts';
import { stopOnSignals } from '../stopOnSignals.ts';
import { prepareTopics } from './prepareTopics.ts';

/** The config of a command that delivers alerts: the connections, and a notify section with every ${VAR} set. */
export async function loadNotifyConfig(file: string): Promise<NotifyServiceConfig> {
  const config = await loadServiceConfig(file, process.env, { requireEnvironment: true });
  if (!config.notify) throw new ConfigError(file, [{ key: 'notify', line: 1, column: 1, message: 'a `notify` section (receivers and routes) is needed to deliver alerts' }]);
  const unreadable = tlsFileProblems(config);
  if (unreadable.length > 0) throw new ConfigError(file, unreadable);
  return config as NotifyServiceConfig;
}

/** Delivers alerts to the configured receivers until SIGTERM or SIGINT, or until the consumer stops for good. */
export async function notifyCommand(configFile: string): Promise<void> {
  const config = await loadNotifyConfig(configFile);
  const logger = createLogger('driftwatch-notify');
  const metrics = new DriftwatchMetrics();
  const redisTls = config.redis.tls ? readTlsFiles(config.redis.tls, 'redis.tls') : undefined;
  const redis = createStateRedis(config.redis, redisTls, { connectionName: 'driftwatch-notify', onError: (error) => logger.debug({ err: error.message }, 'redis connection error') });
  const kafka = createKafka(config.kafka, logger);
  await prepareTopics(kafka, config, notifyTopicRoles(routesRetrainRequests(config.notify)), logger);
  const service = new NotifyService({
    config,
    kafka,
    registry: createRegistryClient(config.registry),
    redis,
    logger,
    metrics: new NotifyMetrics(metrics.registry),
  });
  const http = await startObservabilityServer({
    host: config.observability.host,
    port: config.notify.port,
    metrics,
    health: () => {
      const reason = service.notReadyReason();
      return reason === undefined ? { ready: true } : { ready: false, reason };
    },
  });
  logger.info({ port: http.port }, 'metrics and health endpoints listening');
  // Unfinished deliveries are not committed: the next owner of the partition delivers them, delivery records prevent repeats.
  stopOnSignals({
    logger,
    shutdownTimeout: config.shutdownTimeout,
    timeoutMessage: 'unfinished deliveries are not committed',
    stop: async () => {
      await service.stop();
      await http.close();
      redis.disconnect();
    },
  });
  await service.start();
  throw await service.stoppedForGood;
}
