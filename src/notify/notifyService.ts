import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Cluster, Redis } from 'ioredis';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { ServiceConfig } from '../config/configSchema.ts';
import type { NotifyConfig } from '../config/notifySchema.ts';
import type { AlertRecord, DeadLetterRecord } from '../contracts/events.ts';
import { ConsumerStoppedError } from '../consumers/consumerStoppedError.ts';
import { deadLetterRecord } from '../consumers/deadLetterRecord.ts';
import { isDependencyFailure } from '../consumers/dependencyFailure.ts';
import { MalformedMessageError } from '../consumers/malformedMessageError.ts';
import { RegistryDecoder } from '../consumers/registryDecoder.ts';
import { retryWithBackoff } from '../consumers/retryWithBackoff.ts';
import type { Logger } from '../observability/logger.ts';
import type { NotifyMetrics } from '../observability/notifyMetrics.ts';
import type { AlertGroup } from '../sinks/alertGroup.ts';
import { AvroTopicSink } from '../sinks/avroTopicSink.ts';
import { receiverClient } from '../sinks/receiverClient.ts';
import { DeliveryRecordStore } from '../state/deliveryRecordStore.ts';
import type { RetrainRequestRecord } from '../contracts/reports.ts';
import type { DeliveryStoppedError } from './deliveryStoppedError.ts';
import { PartitionProgress } from './partitionProgress.ts';
import { retrainNotification } from './retrainNotification.ts';
import { ReceiverQueue } from './receiverQueue.ts';
import { receiversFor, routesRetrainRequests } from './routes.ts';

export type NotifyServiceConfig = ServiceConfig & { notify: NotifyConfig };

export interface NotifyServiceDeps {
  config: NotifyServiceConfig;
  kafka: Kafka;
  registry: SchemaRegistry;
  redis: Redis | Cluster;
  logger: Logger;
  metrics: NotifyMetrics;
}

/** Event-time windows are ms since the epoch; count windows are event numbers, far below this. */
const EPOCH_MS_FLOOR = 100_000_000_000;

/**
 * `driftwatch notify`: its own consumer group (kafka.groupId + "-notify") on the alerts topic (and the retrain
 * topic when a route of kind retrain asks for retraining requests). Each alert is
 * routed to its receivers' queues (src/notify/receiverQueue.ts), which group, pace, retry and deliver on their
 * own, so one receiver that is down delays only itself. A receiver that delivered an alert writes a delivery
 * record in Redis; an offset is committed once every receiver it was routed to is done with it (the lowest
 * unfinished offset of the partition). After a crash the group reads again from there and the delivery
 * records keep anything already delivered from being sent twice.
 */
export class NotifyService {
  readonly #config: NotifyServiceConfig;
  readonly #logger: Logger;
  readonly #metrics: NotifyMetrics;
  readonly #producer: Producer;
  readonly #consumer: Consumer;
  readonly #decoder: RegistryDecoder;
  readonly #deadLetters: AvroTopicSink<DeadLetterRecord>;
  readonly #queues = new Map<string, ReceiverQueue>();
  readonly #progress = new Map<string, PartitionProgress>();
  readonly #committed = new Map<string, number>();
  readonly #committing = new Map<string, Promise<void>>();
  readonly #recommit = new Set<string>();
  readonly #paused = new Map<string, { topic: string; partition: number }>();
  readonly #windowKinds = new Map<string, AlertGroup['windowKind']>();
  readonly groupId: string;
  #generation = 0;
  #running = false;
  #stopping = false;
  #stopped: ConsumerStoppedError | DeliveryStoppedError | undefined;
  #reportStopped!: (error: ConsumerStoppedError | DeliveryStoppedError) => void;
  /** Settles when the consumer or a receiver's deliveries stopped on an error retrying cannot fix: the process should exit. */
  readonly stoppedForGood = new Promise<ConsumerStoppedError | DeliveryStoppedError>((resolve) => (this.#reportStopped = resolve));

  constructor(deps: NotifyServiceDeps) {
    const { config } = deps;
    this.#config = config;
    this.#logger = deps.logger;
    this.#metrics = deps.metrics;
    this.groupId = `${config.kafka.groupId}-notify`;
    this.#producer = deps.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
    this.#consumer = deps.kafka.consumer({ groupId: this.groupId, sessionTimeout: config.kafka.sessionTimeout, allowAutoTopicCreation: true });
    this.#decoder = new RegistryDecoder(deps.registry, { maxAvroItems: config.limits.maxAvroItems });
    this.#deadLetters = new AvroTopicSink(this.#producer, deps.registry, config.topics.notifyDeadLetter, 'DeadLetter', config.limits.deadLetter.maxRequestBytes);
    for (const m of config.monitors) this.#windowKinds.set(m.model, m.window.type);
    const records = new DeliveryRecordStore(deps.redis, { prefix: `${config.redis.keyPrefix}:${this.groupId}:`, ttlMs: config.notify.deliveryRecordTtl });
    for (const receiver of config.notify.receivers) {
      this.#queues.set(receiver.name, new ReceiverQueue({
        client: receiverClient(receiver),
        config: receiver,
        groupWaitMs: config.notify.groupWait,
        windowKind: (model, window) => this.#windowKinds.get(model) ?? (window.start >= EPOCH_MS_FLOOR ? 'eventTime' : 'count'),
        records,
        metrics: deps.metrics,
        logger: deps.logger,
        isCurrent: (generation) => generation === this.#generation,
        onDepthChange: () => this.#resumeIfRoom(),
      }));
      deps.metrics.setQueueDepth(receiver.name, 0);
    }
  }

  notReadyReason(): string | undefined {
    if (this.#stopped) return this.#stopped.message;
    if (!this.#running) return 'not consuming yet';
    return undefined;
  }

  async start(): Promise<void> {
    await this.#producer.connect();
    await this.#retry('registering the dead-letter schema', () => this.#deadLetters.prepare());
    await this.#consumer.connect();
    this.#consumer.on(this.#consumer.events.GROUP_JOIN, ({ payload }) => this.#onRebalance(payload.memberAssignment));
    this.#consumer.on(this.#consumer.events.CRASH, ({ payload }) => {
      this.#logger.error({ err: payload.error?.message, restart: payload.restart }, payload.restart ? 'consumer crashed; kafkajs restarts it' : 'consumer crashed for good');
      if (payload.restart || this.#stopping) return;
      this.#stopped = new ConsumerStoppedError(payload.error);
      this.#reportStopped(this.#stopped);
    });
    for (const queue of this.#queues.values()) {
      queue.start();
      void queue.failed.then((error) => {
        if (this.#stopping || this.#stopped) return;
        this.#stopped = error;
        this.#reportStopped(error);
      });
    }
    const { alerts, retrain } = this.#config.topics;
    const topics = routesRetrainRequests(this.#config.notify) ? [alerts, retrain] : [alerts];
    await this.#consumer.subscribe({ topics, fromBeginning: this.#config.notify.fromBeginning });
    await this.#consumer.run({ eachBatchAutoResolve: false, autoCommit: false, eachBatch: (payload) => this.#handleBatch(payload) });
    this.#running = true;
    this.#logger.info({ topics, groupId: this.groupId, receivers: [...this.#queues.keys()] }, 'notifying');
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#consumer.disconnect();
    await Promise.all([...this.#queues.values()].map((q) => q.stop()));
    await Promise.all(this.#committing.values());
    await this.#producer.disconnect();
    this.#running = false;
  }

  #onRebalance(assignment: Record<string, number[]>): void {
    this.#generation++;
    this.#progress.clear();
    this.#committed.clear();
    // kafkajs keeps partitions paused across a rebalance: resume them, a still-full queue pauses them again.
    for (const { topic, partition } of this.#paused.values()) this.#consumer.resume([{ topic, partitions: [partition] }]);
    this.#paused.clear();
    for (const queue of this.#queues.values()) queue.dropStale();
    this.#metrics.setPausedPartitions(0);
    this.#logger.info({ assignment }, 'partitions assigned');
  }

  async #handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const generation = this.#generation;
    const id = `${batch.topic}:${batch.partition}`;
    let progress = this.#progress.get(id);
    if (!progress) this.#progress.set(id, (progress = new PartitionProgress()));
    for (const message of batch.messages) {
      if (!isRunning() || isStale() || generation !== this.#generation || this.#stopping) return;
      const offset = Number(message.offset);
      const kind = batch.topic === this.#config.topics.alerts ? 'alert' : 'retrain';
      const alert = await this.#decode(batch.topic, batch.partition, message, kind, heartbeat);
      if (generation !== this.#generation) return;
      const names = alert ? receiversFor(alert, this.#config.notify, kind) : [];
      progress.add(offset, names.length);
      const receivedAt = Date.now();
      for (const name of names) {
        this.#queues.get(name)!.add({
          alert: alert!,
          receivedAt,
          generation,
          finish: () => this.#finished(id, batch.topic, batch.partition, generation, offset),
          deadLetter: (reason) => this.#publishDeadLetter(batch.topic, batch.partition, message, 'receiver_rejected', reason),
        });
      }
      resolveOffset(message.offset);
    }
    this.#scheduleCommit(id, batch.topic, batch.partition, generation);
    if ([...this.#queues.values()].some((q) => q.full) && !this.#paused.has(id)) {
      this.#paused.set(id, { topic: batch.topic, partition: batch.partition });
      this.#consumer.pause([{ topic: batch.topic, partitions: [batch.partition] }]);
      this.#metrics.setPausedPartitions(this.#paused.size);
      this.#logger.warn({ topic: batch.topic, partition: batch.partition, queues: this.#depths() }, 'a receiver queue is full: partition paused');
    }
    await heartbeat();
  }

  #depths(): Record<string, number> {
    return Object.fromEntries([...this.#queues].map(([name, q]) => [name, q.depth]));
  }

  #resumeIfRoom(): void {
    if (this.#paused.size === 0 || [...this.#queues.values()].some((q) => q.full)) return;
    const paused = [...this.#paused.values()];
    this.#paused.clear();
    this.#metrics.setPausedPartitions(0);
    for (const { topic, partition } of paused) this.#consumer.resume([{ topic, partitions: [partition] }]);
    this.#logger.info({ partitions: paused.length }, 'receiver queues have room: partitions resumed');
  }

  /** The alert (or retraining request, as a notification) in a message, or undefined when it can never decode (then it is dead-lettered). */
  async #decode(topic: string, partition: number, message: KafkaMessage, kind: 'alert' | 'retrain', heartbeat: () => Promise<void>): Promise<AlertRecord | undefined> {
    try {
      const decoded = this.#decoder.decodeCached(message.value) ?? (await this.#retry(`decoding a${kind === 'alert' ? 'n alert' : ' retraining request'}`, () => this.#decoder.decode(message.value), heartbeat));
      if (kind === 'retrain') return retrainNotification(decoded.record as RetrainRequestRecord);
      const record = decoded.record as Omit<AlertRecord, 'episode_id'> & { episode_id?: string | null };
      return { ...record, episode_id: record.episode_id ?? null };
    } catch (error) {
      if (!(error instanceof MalformedMessageError)) throw error;
      await this.#publishDeadLetter(topic, partition, message, error.kind, error.message);
      this.#logger.warn({ topic, partition, offset: message.offset, kind: error.kind }, `alert dead-lettered: ${error.message}`);
      return undefined;
    }
  }

  async #publishDeadLetter(topic: string, partition: number, message: KafkaMessage, kind: DeadLetterRecord['error_kind'], reason: string): Promise<void> {
    const source = { topic, partition, offset: Number(message.offset), key: message.key, value: message.value };
    const letter = deadLetterRecord(source, { kind, message: reason }, this.#config.limits.deadLetter.maxBytes, Date.now());
    await this.#retry('publishing a dead letter', () => this.#deadLetters.publish([{ key: message.key?.toString('utf8') ?? `${topic}-${partition}`, value: letter }]));
  }

  #finished(id: string, topic: string, partition: number, generation: number, offset: number): void {
    if (generation !== this.#generation) return;
    this.#progress.get(id)?.finish(offset);
    this.#scheduleCommit(id, topic, partition, generation);
  }

  /** Commits the partition's lowest unfinished offset, one commit at a time per partition. */
  #scheduleCommit(id: string, topic: string, partition: number, generation: number): void {
    if (this.#committing.has(id)) {
      this.#recommit.add(id);
      return;
    }
    const run = (async () => {
      do {
        this.#recommit.delete(id);
        const offset = this.#progress.get(id)?.commitOffset();
        if (generation !== this.#generation || offset === undefined || offset <= (this.#committed.get(id) ?? -1)) continue;
        try {
          await this.#consumer.commitOffsets([{ topic, partition, offset: String(offset) }]);
          if (generation === this.#generation) this.#committed.set(id, offset);
        } catch (error) {
          this.#logger.warn({ topic, partition, offset, err: (error as Error).message }, 'offset commit failed; delivery records keep a re-read from repeating deliveries');
        }
      } while (this.#recommit.has(id));
    })().finally(() => this.#committing.delete(id));
    this.#committing.set(id, run);
  }

  #retry<T>(what: string, attempt: () => Promise<T>, heartbeat?: () => Promise<void>): Promise<T> {
    return retryWithBackoff(attempt, {
      isRetryable: (error) => !this.#stopping && isDependencyFailure(error),
      onRetry: async (error, n, waitMs) => {
        this.#logger.warn({ attempt: n, waitMs, err: (error as Error).message }, `${what}: dependency unavailable, retrying`);
        await heartbeat?.().catch(() => undefined);
      },
    });
  }
}
