import { loadConfig } from '../../config/loadConfig.ts';
import { requireConnections } from '../../config/requireConnections.ts';
import type { TopicRole } from '../../config/configSchema.ts';
import type { LabelEvent, PredictionEvent } from '../../contracts/events.ts';
import { withWrappedFeatures } from '../../contracts/featureValueUnion.ts';
import { byTimestamp } from '../../consumers/fileEvents/byTimestamp.ts';
import { readLabelEvents, readPredictionEvents, type RejectedRecord } from '../../consumers/fileEvents/readEvents.ts';
import { createKafka } from '../../consumers/kafkaClient.ts';
import { createLogger } from '../../observability/logger.ts';
import { createRegistryClient } from '../../registry/registryClient.ts';
import { AvroBatchPublisher } from '../../sinks/avroBatchPublisher.ts';
import { Pacer } from '../pacer.ts';
import { UsageError } from '../usageError.ts';
import { prepareTopics } from './prepareTopics.ts';

export interface PublishOptions {
  config: string;
  events?: string;
  labels?: string;
  /** Messages (events and labels together) per second; unlimited when absent. */
  rate?: number;
  stream: 'predictions' | 'features';
}

/**
 * Publishes the events (and labels) of JSONL, CSV or Parquet files to the config's topics the way producers are
 * expected to: the contracts registered under `<topic>-value`, Confluent-framed Avro, keyed by model_id. Labels are
 * interleaved with the events by timestamp (both files in time order). Rejected records are reported on stderr
 * and skipped; a summary ends on stderr.
 */
export async function publishCommand(options: PublishOptions): Promise<void> {
  if (!options.events && !options.labels) throw new UsageError('publish: give --events FILE, --labels FILE or both');
  const config = requireConnections(await loadConfig(options.config), options.config, 'publish', ['kafka', 'registry']);
  const mapped = new Map(config.monitors.flatMap((m, i) => (m.mapping ? [[m.model, i] as const] : [])));
  const labelMapped = new Map(config.monitors.flatMap((m, i) => (m.performance?.labelMapping ? [[m.model, i] as const] : [])));
  const logger = createLogger();
  const kafka = createKafka(config.kafka, logger);
  const roles: TopicRole[] = [...(options.events ? [options.stream] : []), ...(options.labels ? ['labels' as const] : [])];
  await prepareTopics(kafka, config, roles, logger);

  const registry = createRegistryClient(config.registry);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const byModel = (r: { model_id: string }) => r.model_id;
  const events = options.stream === 'predictions'
    ? new AvroBatchPublisher<object & { model_id: string }>(producer, registry, config.topics.predictions, 'PredictionEvent', byModel)
    : new AvroBatchPublisher<object & { model_id: string }>(producer, registry, config.topics.features, 'FeatureEvent', byModel);
  const labels = new AvroBatchPublisher<LabelEvent>(producer, registry, config.topics.labels, 'LabelEvent', byModel);
  const counts = { events: 0, labels: 0, skipped: 0 };
  const onRejected = (r: RejectedRecord) => {
    counts.skipped++;
    process.stderr.write(`driftwatch publish: skipped ${r.location}: ${r.message}\n`);
  };
  const started = performance.now();
  let failure: unknown;
  const note = (error: unknown) => void (failure ??= error);
  await producer.connect();
  try {
    if (options.events) await events.prepare();
    if (options.labels) await labels.prepare();
    const pacer = new Pacer(options.rate);
    const records = byTimestamp(
      options.events ? readPredictionEvents(options.events, { onRejected }) : undefined, (e) => e.event.timestamp,
      options.labels ? readLabelEvents(options.labels, { onRejected }) : undefined, (l) => l.label.timestamp,
    );
    for await (const record of records) {
      if (failure) break;
      await pacer.wait(counts.events + counts.labels);
      if (record.from === 'a') {
        const { event, location } = record.value;
        const monitor = mapped.get(event.model_id);
        if (monitor !== undefined) {
          throw new UsageError(`--events: ${location}: model '${event.model_id}' has a field mapping (monitors[${monitor}].mapping), so serve reads its messages in the producer's own shape; publish sends the PredictionEvent contract: publish that model's records with its own producer, or drop the mapping`);
        }
        await events.room();
        events.publish(options.stream === 'predictions' ? withWrappedFeatures(event) : featureEventOf(event)).catch(note);
        counts.events++;
      } else {
        const { label, location } = record.value;
        const monitor = labelMapped.get(label.model_id);
        if (monitor !== undefined) {
          throw new UsageError(`--labels: ${location}: model '${label.model_id}' has a label mapping (monitors[${monitor}].performance.labelMapping), so serve reads its labels in the producer's own shape; publish sends the LabelEvent contract: publish that model's labels with its own producer, or drop the mapping`);
        }
        await labels.room();
        labels.publish(label).catch(note);
        counts.labels++;
      }
    }
    await Promise.all([events.flush(), labels.flush()]);
  } finally {
    await producer.disconnect();
  }
  if (failure) throw failure;
  const seconds = (performance.now() - started) / 1000;
  const sent = counts.events + counts.labels;
  process.stderr.write(
    `driftwatch publish: ${counts.events} events to ${config.topics[options.stream]}` +
      (options.labels ? `, ${counts.labels} labels to ${config.topics.labels}` : '') +
      `, ${counts.skipped} records skipped, in ${seconds.toFixed(1)} s (${Math.round(sent / Math.max(seconds, 1e-3))} messages/s)\n`,
  );
}

/** A FeatureEvent (no prediction, no latency) ready for avsc. */
function featureEventOf(event: PredictionEvent) {
  const { event_id, model_id, model_version, timestamp, features, attributes } = withWrappedFeatures(event);
  return { event_id, model_id, model_version, timestamp, features, attributes };
}
