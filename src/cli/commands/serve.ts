import { ConfigError } from '../../config/configError.ts';
import { loadServiceConfig } from '../../config/loadConfig.ts';
import { readTlsFiles, tlsFileProblems } from '../../config/tlsFiles.ts';
import { assertLabelsCoPartitioned } from '../../consumers/coPartitioning.ts';
import { createKafka } from '../../consumers/kafkaClient.ts';
import { LagRefresher } from '../../consumers/lagRefresher.ts';
import { MonitorService } from '../../consumers/monitorService.ts';
import { loadReferenceEvents } from '../../consumers/referenceEvents.ts';
import { MonitorEngine } from '../../monitor/monitorEngine.ts';
import { startObservabilityServer } from '../../observability/httpServer.ts';
import { createLogger } from '../../observability/logger.ts';
import { DriftwatchMetrics } from '../../observability/metrics.ts';
import { ServiceObserver } from '../../observability/serviceObserver.ts';
import { useTraceContextPropagation } from '../../observability/traceContext.ts';
import { createRegistryClient } from '../../registry/registryClient.ts';
import { createStateRedis } from '../../state/stateRedis.ts';
import { serveTopicRoles } from '../../sinks/topics/topicRoles.ts';
import { stopOnSignals } from '../stopOnSignals.ts';
import { prepareTopics } from './prepareTopics.ts';

/**
 * Runs the monitoring service until SIGTERM or SIGINT, then finishes the batch in hand, checkpoints and leaves the
 * group; or until the Kafka consumer stops on an error kafkajs does not retry, then fails with it.
 */
export async function serveCommand(configFile: string): Promise<void> {
  const config = await loadServiceConfig(configFile);
  const unreadable = tlsFileProblems(config);
  if (unreadable.length > 0) throw new ConfigError(configFile, unreadable);
  const logger = createLogger();
  const reference = await loadReferenceEvents(config.monitors, configFile, (r) => logger.warn(r, `reference record skipped: ${r.message}`));
  const metrics = new DriftwatchMetrics();
  useTraceContextPropagation();
  const observer = new ServiceObserver({ metrics, models: config.monitors.map((m) => m.model), maxDriftSeries: config.observability.maxDriftSeries });
  const redisTls = config.redis.tls ? readTlsFiles(config.redis.tls, 'redis.tls') : undefined;
  const redis = createStateRedis(config.redis, redisTls, { onError: (error) => logger.debug({ err: error.message }, 'redis connection error') });
  const kafka = createKafka(config.kafka, logger);
  const service = new MonitorService({
    config,
    kafka,
    registry: createRegistryClient(config.registry),
    redis,
    engine: new MonitorEngine({ monitors: config.monitors, state: config.state, privacy: config.privacy, referenceEvents: reference.events, referenceTargets: reference.targets }),
    logger,
    metrics,
    observer,
  });
  const lagRefresher = new LagRefresher(kafka.admin(), observer, logger, config.observability.lagRefreshInterval);
  const http = await startObservabilityServer({
    host: config.observability.host,
    port: config.observability.port,
    metrics,
    authToken: config.observability.authToken,
    monitors: () => observer.board.list(),
    health: () => {
      const reason = service.notReadyReason();
      return reason === undefined ? { ready: true } : { ready: false, reason };
    },
  });
  logger.info({ port: http.port }, 'metrics and health endpoints listening');
  // A batch stuck on a dependency must not keep the process alive: the checkpoint in Redis is what the next
  // owner of each partition resumes from, so exiting without finishing loses nothing.
  stopOnSignals({
    logger,
    shutdownTimeout: config.shutdownTimeout,
    timeoutMessage: 'the last checkpoint stands',
    timeoutDetails: () => ({ state: service.notReadyReason() ?? 'consuming' }),
    stop: async () => {
      await service.stop();
      await lagRefresher.stop();
      await http.close();
      redis.disconnect();
    },
  });
  await prepareTopics(kafka, config, serveTopicRoles(config), logger);
  await assertLabelsCoPartitioned(kafka, config);
  await service.start();
  lagRefresher.start();
  // Until a signal ends the process, only a consumer that stopped for good ends the command (exit code 1).
  throw await service.stoppedForGood;
}
