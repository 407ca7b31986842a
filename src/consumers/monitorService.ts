import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Cluster, Redis } from 'ioredis';
import type { Consumer, EachBatchPayload, Kafka, Producer } from 'kafkajs';
import type { ServiceConfig } from '../config/configSchema.ts';
import type { FieldMapping, LabelFieldMapping } from '../config/mappingSchema.ts';
import { BatchPipeline } from '../monitor/batchPipeline.ts';
import type { EventStream, MonitorEngine } from '../monitor/monitorEngine.ts';
import type { Logger } from '../observability/logger.ts';
import type { DriftwatchMetrics, Dependency } from '../observability/metrics.ts';
import { spanNames, SpanKind, tracer, withSpan } from '../observability/tracing.ts';
import { batchSpanStart } from '../observability/traceContext.ts';
import type { ServiceObserver } from '../observability/serviceObserver.ts';
import { OutputSinks } from '../sinks/outputSinks.ts';
import { LabelJoinStore } from '../state/labelJoinStore.ts';
import { PartitionCheckpointStore } from '../state/partitionCheckpointStore.ts';
import { FencedError } from '../state/stateStoreErrors.ts';
import { stateKeys } from '../state/stateKeys.ts';
import { replicaAcksOf } from '../state/stateRedis.ts';
import { MessageDecoder } from './messageDecoder.ts';
import { RegistryDecoder } from './registryDecoder.ts';
import { ConsumerStoppedError } from './consumerStoppedError.ts';
import { isStateCorruption, StateCorruptedError } from './eventFailure.ts';
import { ConsumerHealth } from './consumerHealth.ts';
import { Checkpointer } from './service/checkpointer.ts';
import { DeadLetterWriter } from './service/deadLetterWriter.ts';
import { LabelBatchHandler } from './service/labelBatchHandler.ts';
import { publishOutputs } from './service/outputPublisher.ts';
import { PartitionLost } from './service/partitionLost.ts';
import { PartitionRestorer, type PartitionState } from './service/partitionRestorer.ts';
import { PredictionBatchHandler } from './service/predictionBatchHandler.ts';
import { RetryPolicy } from './service/retryPolicy.ts';

/** kafkajs's default maxWaitTimeInMs: how long a fetch waits for data before it returns empty. */
const KAFKAJS_FETCH_MAX_WAIT_MS = 5000;

export interface MonitorServiceDeps {
  config: ServiceConfig;
  kafka: Kafka;
  registry: SchemaRegistry;
  redis: Redis | Cluster;
  engine: MonitorEngine;
  logger: Logger;
  metrics: DriftwatchMetrics;
  /** Consumer lag, drift gauges and the /monitors board, told after every batch and rebalance. */
  observer?: ServiceObserver;
}

/**
 * The running service: one consumer group reading the predictions, features and labels topics.
 *
 * Per batch of one partition: messages are decoded and applied to the engine; what closed windows produced
 * (reports, alerts, retraining requests) and the dead letters are published and acknowledged; then the
 * partition's changed engine entries and the batch's last offset are saved to Redis in one atomic,
 * epoch-fenced step (with the predictions kept for the label join); only then are offsets committed.
 * On assignment a partition's entries are restored from Redis and consumption resumes after the saved
 * offset (or earlier, where a reference was still being collected). A dependency that is down pauses the
 * work and retries with backoff; nothing is skipped.
 *
 * This class only wires the parts (src/consumers/service/) and owns the group's lifecycle: PartitionRestorer
 * (restore + where to seek), PredictionBatchHandler and LabelBatchHandler (decode, then the BatchPipeline
 * replay runs too), DeadLetterWriter, publishOutputs, Checkpointer (save, then commit) and RetryPolicy.
 */
export class MonitorService {
  readonly #config: ServiceConfig;
  readonly #engine: MonitorEngine;
  readonly #logger: Logger;
  readonly #metrics: DriftwatchMetrics;
  readonly #observer: ServiceObserver | undefined;
  readonly #producer: Producer;
  readonly #consumer: Consumer;
  readonly #consumerHealth: ConsumerHealth;
  readonly #sinks: OutputSinks;
  readonly #decoder: MessageDecoder;
  readonly #retry: RetryPolicy;
  readonly #restorer: PartitionRestorer;
  readonly #eventBatches: PredictionBatchHandler;
  readonly #labelBatches: LabelBatchHandler;
  readonly #checkpointer: Checkpointer;
  readonly #partitions = new Map<string, PartitionState>();
  #generation = 0;
  #running = false;
  #stopping = false;
  #stopped: ConsumerStoppedError | undefined;
  #reportStopped!: (error: ConsumerStoppedError) => void;
  /** Settles when the consumer crashed on an error kafkajs does not restart it after: the process should exit. */
  readonly stoppedForGood = new Promise<ConsumerStoppedError>((resolve) => (this.#reportStopped = resolve));

  constructor(deps: MonitorServiceDeps) {
    const { config } = deps;
    this.#config = config;
    this.#engine = deps.engine;
    this.#logger = deps.logger;
    this.#metrics = deps.metrics;
    this.#observer = deps.observer;
    this.#retry = new RetryPolicy({ metrics: deps.metrics, logger: deps.logger, isStopping: () => this.#stopping, onWaitingEnd: (d) => this.#updatePaused(d) });
    this.#producer = deps.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
    this.#consumer = deps.kafka.consumer({ groupId: config.kafka.groupId, sessionTimeout: config.kafka.sessionTimeout, allowAutoTopicCreation: true });
    // An idle fetch waits up to kafkajs's maxWaitTimeInMs (5 s) for data: two of them without contact is no hiccup.
    const staleAfterMs = Math.max(config.kafka.sessionTimeout, 2 * KAFKAJS_FETCH_MAX_WAIT_MS);
    this.#consumerHealth = new ConsumerHealth(this.#consumer, {
      staleAfterMs, onWaitingChange: () => this.#updatePaused('kafka'), probe: () => this.#consumer.describeGroup(),
    });
    this.#sinks = new OutputSinks(this.#producer, deps.registry, config.topics, config.limits.deadLetter.maxRequestBytes);
    const mappings = new Map<string, FieldMapping>();
    const labelMappings = new Map<string, LabelFieldMapping>();
    for (const m of config.monitors) {
      if (m.mapping) mappings.set(m.model, m.mapping);
      if (m.performance?.labelMapping) labelMappings.set(m.model, m.performance.labelMapping);
    }
    this.#decoder = new MessageDecoder(new RegistryDecoder(deps.registry, { maxAvroItems: config.limits.maxAvroItems, maxSchemas: config.state.schemaCacheEntries }), mappings, config.limits, labelMappings);
    const prefix = `${config.redis?.keyPrefix ?? 'driftwatch'}:${config.kafka.groupId}:`;
    const keys = stateKeys(prefix, { hashTags: config.redis.mode === 'cluster' });
    const checkpoints = new PartitionCheckpointStore(deps.redis, { prefix, keys, ttlMs: config.state.checkpointTtl, replicaAcks: replicaAcksOf(config.redis) });
    const ttls = config.monitors.map((m) => m.performance?.joinTtl ?? 0);
    const joins = new LabelJoinStore(deps.redis, { ttlMs: Math.max(1, ...ttls), prefix: `${prefix}join:`, keys, secret: config.privacy.secret });
    const { engine, logger, metrics } = deps;
    this.#restorer = new PartitionRestorer({ checkpoints, engine, logger, retry: this.#retry });
    this.#checkpointer = new Checkpointer({ checkpoints, engine, consumer: this.#consumer, metrics, logger, retry: this.#retry });
    const deadLetters = new DeadLetterWriter({ limits: config.limits, metrics, logger, liveMonitors: () => engine.liveMonitors });
    const handlerDeps = { pipeline: new BatchPipeline(engine), decoder: this.#decoder, joins, deadLetters, retry: this.#retry, metrics };
    this.#eventBatches = new PredictionBatchHandler(handlerDeps);
    this.#labelBatches = new LabelBatchHandler(handlerDeps);
    this.#metrics.observeBounds(() => [...this.#engine.bounds(), this.#decoder.schemaCacheUsage()]);
  }

  /** Why the service is not ready, or undefined when it is. */
  notReadyReason(): string | undefined {
    if (this.#stopped) return this.#stopped.message;
    if (!this.#running) return 'not consuming yet';
    const consumer = this.#consumerHealth.notReadyReason();
    if (consumer) return consumer;
    if (this.#retry.waitingOn.length > 0) return `waiting for ${this.#retry.waitingOn.join(', ')}`;
    return undefined;
  }

  async start(): Promise<void> {
    this.#consumerHealth.watch();
    await this.#producer.connect();
    await this.#retry.retry('registry', 'registering the output schemas', () => this.#sinks.prepare());
    await this.#consumer.connect();
    this.#consumer.on(this.#consumer.events.GROUP_JOIN, ({ payload }) => this.#onRebalance(payload.memberAssignment));
    this.#consumer.on(this.#consumer.events.CRASH, ({ payload }) => {
      this.#logger.error({ err: payload.error?.message, restart: payload.restart }, payload.restart ? 'consumer crashed; kafkajs restarts it' : 'consumer crashed for good');
      if (payload.restart || this.#stopping) return;
      this.#stopped = new ConsumerStoppedError(payload.error);
      this.#reportStopped(this.#stopped);
    });
    const topics = this.#inputTopics();
    await this.#consumer.subscribe({ topics, fromBeginning: true });
    await this.#consumer.run({
      eachBatchAutoResolve: false,
      // Offsets are committed by #commit, after the checkpoint: Redis, not Kafka, is what a restore trusts.
      autoCommit: false,
      eachBatch: (payload) => this.#handleBatch(payload),
    });
    this.#running = true;
    this.#logger.info({ topics, groupId: this.#config.kafka.groupId }, 'consuming');
  }

  /** Finishes the batch in hand (its checkpoint and commit included) and leaves the group. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#consumer.disconnect();
    await this.#producer.disconnect();
    this.#running = false;
    this.#consumerHealth.close();
  }

  #inputTopics(): string[] {
    const { monitors, topics } = this.#config;
    const out = new Set<string>();
    for (const m of monitors) {
      for (const stream of m.streams) out.add(topics[stream]);
      if (m.performance) out.add(topics.labels);
    }
    return [...out];
  }

  /** A new generation: every partition's entries are dropped and restored from Redis on its next batch. */
  #onRebalance(assignment: Record<string, number[]>): void {
    this.#generation++;
    for (const state of this.#partitions.values()) this.#engine.drop(state.entries);
    this.#partitions.clear();
    const count = Object.values(assignment).reduce((n, ps) => n + ps.length, 0);
    this.#metrics.setAssignedPartitions(count);
    this.#observer?.assigned(assignment);
    this.#logger.info({ assignment }, 'partitions assigned');
  }

  async #handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (this.#stopped) return; // stopping for good: nothing more may be applied or saved
    this.#retry.batchHeartbeat = payload.heartbeat;
    const generation = this.#generation;
    const checkGeneration = () => {
      if (this.#generation !== generation || !payload.isRunning() || payload.isStale()) throw new PartitionLost();
    };
    try {
      await withSpan(spanNames.batch, { 'messaging.destination.name': batch.topic, 'messaging.destination.partition.id': String(batch.partition), 'messaging.batch.message_count': batch.messages.length }, async () => {
        const state = await this.#partitionState(batch.topic, batch.partition);
        checkGeneration();
        const resume = state.resumeAt;
        if (resume !== undefined && Number(batch.firstOffset()) > resume) {
          this.#logger.info({ topic: batch.topic, partition: batch.partition, offset: resume }, 'seeking back to the checkpoint');
          this.#consumer.seek({ topic: batch.topic, partition: batch.partition, offset: String(resume) });
          return;
        }
        state.resumeAt = undefined;
        await this.#processBatch(payload, state, checkGeneration);
      }, batchSpanStart(batch.messages, this.#config.observability.maxTraceLinks));
    } catch (error) {
      // Monitors this batch created or changed hold work that was never checkpointed: forget them, so the
      // next owner of the partition (this process or another) restores them from Redis.
      if (error instanceof PartitionLost || error instanceof FencedError) {
        this.#engine.drop(this.#engine.takeDirty());
        this.#engine.takeRetired();
      }
      if (error instanceof PartitionLost) return;
      if (error instanceof StateCorruptedError || isStateCorruption(error)) {
        this.#stopForCorruption(batch.topic, batch.partition, error);
        return;
      }
      if (error instanceof FencedError) {
        this.#metrics.checkpointFenced();
        this.#logger.warn({ topic: batch.topic, partition: batch.partition }, 'another consumer owns this partition now: batch dropped');
        const state = this.#partitions.get(`${batch.topic}:${batch.partition}`);
        if (state) this.#engine.drop(state.entries);
        this.#partitions.delete(`${batch.topic}:${batch.partition}`);
        return;
      }
      throw error;
    } finally {
      this.#retry.batchHeartbeat = undefined;
    }
  }

  async #partitionState(topic: string, partition: number): Promise<PartitionState> {
    const id = `${topic}:${partition}`;
    const known = this.#partitions.get(id);
    if (known) return known;
    const state = await this.#restorer.restore(topic, partition);
    this.#partitions.set(id, state);
    return state;
  }

  async #processBatch(payload: EachBatchPayload, state: PartitionState, checkGeneration: () => void): Promise<void> {
    const { batch, resolveOffset, heartbeat } = payload;
    const stream = this.#streamOf(batch.topic);
    const endMonitor = this.#metrics.timeStage('monitor');
    const monitorSpan = tracer.startSpan(spanNames.monitor, { kind: SpanKind.INTERNAL, attributes: { 'messaging.batch.message_count': batch.messages.length } });
    const handled = stream === 'labels'
      ? await this.#labelBatches.handle(batch, state, checkGeneration)
      : await this.#eventBatches.handle(stream, batch, state, checkGeneration);
    endMonitor();
    monitorSpan.end();
    const last = batch.messages.at(-1);
    if (!last) return;
    await publishOutputs({ sinks: this.#sinks, retry: this.#retry, metrics: this.#metrics, logger: this.#logger }, handled.output, handled.deadLetters, heartbeat);
    checkGeneration();
    await this.#checkpointer.saveAndCommit(batch.topic, batch.partition, state, this.#partitions.values(), last.offset, { writes: handled.joinWrites, deletes: handled.joinDeletes }, resolveOffset);
    this.#observer?.batchDone(batch.topic, batch.partition, batch.highWatermark, last.offset, handled.output);
    await heartbeat();
  }

  /** State is corrupt: nothing more is processed or saved, and serve exits with the reason. */
  #stopForCorruption(topic: string, partition: number, error: unknown): void {
    const stop = error instanceof StateCorruptedError ? error : new StateCorruptedError(error as Error);
    this.#logger.fatal({ topic, partition, err: stop.message }, 'stopping: monitor state is corrupt');
    if (this.#stopped) return;
    this.#consumer.pause(this.#inputTopics().map((t) => ({ topic: t })));
    this.#stopped = new ConsumerStoppedError(stop);
    this.#reportStopped(this.#stopped);
  }

  #streamOf(topic: string): EventStream | 'labels' {
    const { topics } = this.#config;
    return topic === topics.labels ? 'labels' : topic === topics.features ? 'features' : 'predictions';
  }

  /** driftwatch_paused{dependency}: a retry waits on it, or (Kafka) the consumer is restarting or out of touch. */
  #updatePaused(dependency: Dependency): void {
    this.#metrics.setPaused(dependency, this.#retry.isWaitingOn(dependency) || (dependency === 'kafka' && this.#consumerHealth.waitingForKafka));
  }
}
