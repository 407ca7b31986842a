import { randomUUID } from 'node:crypto';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, type KafkaConfig, type Producer } from 'kafkajs';
import type { TopicCreationConfig } from '../config/configSchema.ts';
import type { FeatureValue, LabelEvent, PredictionEvent } from '../contracts/events.ts';
import { ensureTopics } from './topics/ensureTopics.ts';
import { withWrappedFeatures } from '../contracts/featureValueUnion.ts';
import { createRegistryClient, type RegistryConnection } from '../registry/registryClient.ts';
import { AvroBatchPublisher, type BatchingOptions } from './avroBatchPublisher.ts';
import { InvalidRecordError } from './invalidRecordError.ts';

/** A prediction as a model server has it: what the PredictionEvent contract needs, the rest defaulted. */
export interface PredictionInput {
  /** Unique per prediction; labels join on it. Default: a random UUID (publish() returns it). */
  event_id?: string;
  model_id: string;
  model_version: string;
  /** Event time, ms since the epoch. Default: now. */
  timestamp?: number;
  /** Model inputs by name: numbers (integers go as Avro long, others as double), strings, booleans; null for missing. */
  features: Record<string, FeatureValue>;
  prediction: { score?: number | null; label?: string | null; probabilities?: Record<string, number> | null };
  latency_ms?: number | null;
  /** Segments, e.g. region or tenant. */
  attributes?: Record<string, string>;
}

export interface PredictionPublisherOptions extends BatchingOptions {
  /** A kafkajs client, or the config to make one (brokers, ssl, sasl…). */
  kafka: Kafka | KafkaConfig;
  /** A schema-registry client, or where the registry is (e.g. http://127.0.0.1:18081/apis/ccompat/v7). */
  registry: SchemaRegistry | RegistryConnection;
  /** Default ml.predictions. */
  topic?: string;
  /** Where labels go, for publishLabel() (default ml.labels). */
  labelsTopic?: string;
  /**
   * connect() creates both topics when missing and waits for their leaders, like `topics.create` in the config:
   * partitions and replicationFactor default to the broker's, timeout to 60 s. false: leave topics to the operator.
   */
  createTopics?: false | Partial<TopicCreationConfig>;
}

/**
 * Publishes a Node model server's predictions the way driftwatch reads them: the PredictionEvent contract
 * registered under `<topic>-value`, Confluent-framed Avro, keyed by model_id, the features map's
 * null | double | long | string | boolean union wrapped for avsc. Predictions are batched (maxBatchSize,
 * lingerMs) and publish() resolves with the event id once Kafka has acknowledged the batch on every in-sync
 * replica; at most maxPending wait, after which publish() waits for room. An idempotent producer keeps each
 * model's order. Call close() on shutdown: it flushes what is queued.
 */
export class PredictionPublisher {
  readonly #kafka: Kafka;
  readonly #producer: Producer;
  readonly #topics: { predictions: string; labels: string; create: TopicCreationConfig } | undefined;
  readonly #predictions: AvroBatchPublisher<PredictionEvent>;
  readonly #labels: AvroBatchPublisher<LabelEvent>;
  #connected: Promise<void> | undefined;

  constructor(options: PredictionPublisherOptions) {
    const kafka = options.kafka instanceof Kafka ? options.kafka : new Kafka({ clientId: 'driftwatch-publisher', logLevel: logLevel.WARN, ...options.kafka });
    const registry = options.registry instanceof SchemaRegistry ? options.registry : createRegistryClient(options.registry);
    this.#kafka = kafka;
    this.#producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const topics = { predictions: options.topic ?? 'ml.predictions', labels: options.labelsTopic ?? 'ml.labels' };
    if (options.createTopics !== false) this.#topics = { ...topics, create: { enabled: true, config: {}, timeout: 60_000, ...options.createTopics } };
    const byModel = (r: { model_id: string }) => r.model_id;
    this.#predictions = new AvroBatchPublisher(this.#producer, registry, topics.predictions, 'PredictionEvent', byModel, options);
    this.#labels = new AvroBatchPublisher(this.#producer, registry, topics.labels, 'LabelEvent', byModel, options);
  }

  /** Connects to Kafka, creates the topics if missing and registers the contract; publish() does it on first use when not called. */
  connect(): Promise<void> {
    this.#connected ??= (async () => {
      if (this.#topics) {
        const admin = this.#kafka.admin();
        try {
          await ensureTopics(admin, { topics: this.#topics }, ['predictions', 'labels']);
        } finally {
          await admin.disconnect().catch(() => undefined);
        }
      }
      await this.#producer.connect();
      await this.#predictions.prepare();
    })();
    return this.#connected;
  }

  /** Queues one prediction; resolves with its event id once acknowledged. Throws InvalidRecordError for what the contract refuses. */
  async publish(input: PredictionInput): Promise<string> {
    await this.connect();
    const event = toPredictionEvent(input);
    await this.#predictions.publish(withWrappedFeatures(event));
    return event.event_id;
  }

  /** Publishes the ground truth of an earlier prediction (same event_id) to the labels topic. */
  async publishLabel(label: { event_id: string; model_id: string; label: number | string; timestamp?: number }): Promise<void> {
    await this.connect();
    await this.#labels.publish({ event_id: label.event_id, model_id: label.model_id, label: label.label, timestamp: label.timestamp ?? Date.now() });
  }

  /** Waits until everything published so far is acknowledged. */
  async flush(): Promise<void> {
    await Promise.all([this.#predictions.flush(), this.#labels.flush()]);
  }

  /** Flushes and disconnects. */
  async close(): Promise<void> {
    await this.flush();
    await this.#producer.disconnect();
  }
}

function toPredictionEvent(input: PredictionInput): PredictionEvent {
  const features = input.features as unknown;
  if (features === null || typeof features !== 'object' || Array.isArray(features)) throw new InvalidRecordError('PredictionEvent', [{ path: 'features', value: features }]);
  const wrong = Object.entries(input.features).filter(([, v]) => v !== null && !['number', 'string', 'boolean'].includes(typeof v));
  if (wrong.length > 0) throw new InvalidRecordError('PredictionEvent', wrong.map(([name, value]) => ({ path: `features.${name}`, value })));
  return {
    event_id: input.event_id ?? randomUUID(),
    model_id: input.model_id,
    model_version: input.model_version,
    timestamp: input.timestamp ?? Date.now(),
    features: input.features,
    prediction: { score: input.prediction?.score ?? null, label: input.prediction?.label ?? null, probabilities: input.prediction?.probabilities ?? null },
    latency_ms: input.latency_ms ?? null,
    attributes: input.attributes ?? {},
  };
}
