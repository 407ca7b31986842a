import { loadConfig } from '../../config/loadConfig.ts';
import { createKafka } from '../../consumers/kafkaClient.ts';
import { PredictionConsumer } from '../../consumers/predictionConsumer.ts';
import { MonitorEngine } from '../../monitor/monitorEngine.ts';
import { createLogger } from '../../observability/logger.ts';
import { createRegistryClient } from '../../registry/registryClient.ts';

/** Runs the monitoring service until SIGTERM or SIGINT, then finishes the message in hand and leaves the group. */
export async function serveCommand(configFile: string): Promise<void> {
  const config = await loadConfig(configFile);
  const logger = createLogger();
  const consumer = new PredictionConsumer({
    config,
    kafka: createKafka(config.kafka, logger),
    registry: createRegistryClient(config.registry),
    engine: new MonitorEngine(config.monitors),
    logger,
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, ...consumer.counts }, 'stopping');
    await consumer.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  await consumer.start();
}
