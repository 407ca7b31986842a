import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { DriftwatchConfig } from '../config/configSchema.ts';
import type { AlertRecord, DeadLetterRecord } from '../contracts/events.ts';
import { firingAlerts } from '../monitor/alertFromFinding.ts';
import type { MonitorEngine } from '../monitor/monitorEngine.ts';
import type { Logger } from '../observability/logger.ts';
import { RegistryUnavailableError } from '../registry/registryErrors.ts';
import { AvroTopicSink } from '../sinks/avroTopicSink.ts';
import { MalformedMessageError } from './malformedMessageError.ts';
import { toPredictionEvent } from './predictionEventValidation.ts';
import { RegistryDecoder } from './registryDecoder.ts';
import { retryWithBackoff } from './retryWithBackoff.ts';

export interface PredictionConsumerCounts {
  processed: number;
  deadLettered: number;
  alerts: number;
}

/**
 * Consumes PredictionEvents, feeds each model's monitor and publishes alerts and dead letters.
 *
 * Each message is fully handled — decoded, applied to its monitor, its alerts and dead letter acknowledged
 * by Kafka — before its offset is resolved, and only resolved offsets are committed. A message that can
 * never be decoded goes to the dead-letter topic and the partition moves on; a dependency that is down
 * (registry, broker) is retried with backoff while the group is heart-beaten, and nothing is skipped.
 */
export class PredictionConsumer {
  readonly counts: PredictionConsumerCounts = { processed: 0, deadLettered: 0, alerts: 0 };
  readonly #config: DriftwatchConfig;
  readonly #engine: MonitorEngine;
  readonly #logger: Logger;
  readonly #decoder: RegistryDecoder;
  readonly #producer: Producer;
  readonly #consumer: Consumer;
  readonly #alerts: AvroTopicSink<AlertRecord>;
  readonly #deadLetters: AvroTopicSink<DeadLetterRecord>;
  #stopping = false;

  constructor(deps: { config: DriftwatchConfig; kafka: Kafka; registry: SchemaRegistry; engine: MonitorEngine; logger: Logger }) {
    this.#config = deps.config;
    this.#engine = deps.engine;
    this.#logger = deps.logger;
    this.#decoder = new RegistryDecoder(deps.registry);
    this.#producer = deps.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
    this.#consumer = deps.kafka.consumer({ groupId: deps.config.kafka.groupId, allowAutoTopicCreation: true });
    this.#alerts = new AvroTopicSink(this.#producer, deps.registry, deps.config.topics.alerts, 'Alert');
    this.#deadLetters = new AvroTopicSink(this.#producer, deps.registry, deps.config.topics.deadLetter, 'DeadLetter');
  }

  async start(): Promise<void> {
    await this.#producer.connect();
    await this.#retryDependency('registering output schemas', async () => {
      await this.#alerts.prepare();
      await this.#deadLetters.prepare();
    });
    await this.#consumer.connect();
    await this.#consumer.subscribe({ topic: this.#config.topics.predictions, fromBeginning: true });
    await this.#consumer.run({
      eachBatchAutoResolve: false,
      autoCommit: true,
      eachBatch: (payload) => this.#handleBatch(payload),
    });
    this.#logger.info({ topic: this.#config.topics.predictions, groupId: this.#config.kafka.groupId }, 'consuming predictions');
  }

  /** Finishes the message in hand, commits resolved offsets and leaves the group. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#consumer.disconnect();
    await this.#producer.disconnect();
  }

  async #handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: EachBatchPayload): Promise<void> {
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      await this.#handleMessage(batch.topic, batch.partition, message, heartbeat);
      resolveOffset(message.offset);
      await heartbeat();
    }
    await commitOffsetsIfNecessary();
  }

  async #handleMessage(topic: string, partition: number, message: KafkaMessage, heartbeat: () => Promise<void>): Promise<void> {
    let alerts: AlertRecord[] = [];
    try {
      const { record } = await this.#retryDependency('decoding', () => this.#decoder.decode(message.value), heartbeat);
      const event = toPredictionEvent(record);
      for (const evaluation of this.#engine.ingest(event)) alerts.push(...firingAlerts(evaluation, Date.now()));
      this.counts.processed++;
    } catch (error) {
      if (!(error instanceof MalformedMessageError)) throw error;
      await this.#deadLetter(topic, partition, message, error, heartbeat);
      return;
    }
    if (alerts.length > 0) {
      const records = alerts.map((alert) => ({ key: alert.model_id, value: alert }));
      await this.#retryDependency('publishing alerts', () => this.#alerts.publish(records), heartbeat);
      this.counts.alerts += alerts.length;
      for (const alert of alerts) this.#logger.warn({ alert_id: alert.alert_id, feature: alert.feature, severity: alert.severity }, alert.summary);
    }
  }

  async #deadLetter(topic: string, partition: number, message: KafkaMessage, error: MalformedMessageError, heartbeat: () => Promise<void>): Promise<void> {
    const letter: DeadLetterRecord = {
      source_topic: topic,
      partition,
      offset: Number(message.offset),
      key: message.key,
      value: message.value,
      error_kind: error.kind,
      message: error.message,
      at: Date.now(),
    };
    const key = message.key?.toString('utf8') ?? `${topic}-${partition}`;
    await this.#retryDependency('publishing a dead letter', () => this.#deadLetters.publish([{ key, value: letter }]), heartbeat);
    this.counts.deadLettered++;
    this.#logger.warn({ topic, partition, offset: message.offset, kind: error.kind }, `dead-lettered: ${error.message}`);
  }

  #retryDependency<T>(what: string, attempt: () => Promise<T>, heartbeat?: () => Promise<void>): Promise<T> {
    return retryWithBackoff(attempt, {
      isRetryable: (error) => !(error instanceof MalformedMessageError) && !this.#stopping && isDependencyFailure(error),
      onRetry: async (error, n, waitMs) => {
        this.#logger.warn({ attempt: n, waitMs, err: (error as Error).message }, `${what}: dependency unavailable, retrying`);
        await heartbeat?.().catch(() => undefined);
      },
    });
  }
}

/** Errors that mean "try again later" rather than "this input is bad" or "driftwatch has a bug". */
function isDependencyFailure(error: unknown): boolean {
  if (error instanceof RegistryUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  return error.name.startsWith('KafkaJS') || /ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up/i.test(error.message) || registryStatusIsTransient(error);
}

function registryStatusIsTransient(error: Error): boolean {
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && (status >= 500 || status === 408 || status === 429 || status === 0);
}
