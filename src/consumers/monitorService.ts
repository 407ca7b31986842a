import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Cluster, Redis } from 'ioredis';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { ServiceConfig } from '../config/configSchema.ts';
import type { DeadLetterRecord, LabelEvent } from '../contracts/events.ts';
import { appendOutput, emptyOutput, type EngineOutput } from '../monitor/engineOutput.ts';
import type { EventStream, MonitorEngine } from '../monitor/monitorEngine.ts';
import { MonitorLimitError } from '../monitor/monitorLimitError.ts';
import type { Logger } from '../observability/logger.ts';
import type { DriftwatchMetrics, Dependency } from '../observability/metrics.ts';
import { spanNames, SpanKind, tracer, withSpan } from '../observability/tracing.ts';
import { batchSpanStart, traceHeaders } from '../observability/traceContext.ts';
import type { ServiceObserver } from '../observability/serviceObserver.ts';
import { OutputSinks } from '../sinks/outputSinks.ts';
import { LabelJoinStore } from '../state/labelJoinStore.ts';
import { PartitionCheckpointStore, type ExtraWrite } from '../state/partitionCheckpointStore.ts';
import { FencedError } from '../state/stateStoreErrors.ts';
import { stateKeys } from '../state/stateKeys.ts';
import { replicaAcksOf } from '../state/stateRedis.ts';
import type { FieldMapping } from '../config/mappingSchema.ts';
import { MalformedMessageError } from './malformedMessageError.ts';
import { MessageDecoder } from './messageDecoder.ts';
import { RegistryDecoder } from './registryDecoder.ts';
import { ConsumerStoppedError } from './consumerStoppedError.ts';
import { deadLetterRecord } from './deadLetterRecord.ts';
import { eventFailure, internalErrorKind, isStateCorruption, StateCorruptedError } from './eventFailure.ts';
import { isDependencyFailure } from './dependencyFailure.ts';
import { retiredEntriesOf } from './retiredEntries.ts';
import { retryWithBackoff } from './retryWithBackoff.ts';
import { heartbeatWhile } from './heartbeatWhile.ts';
import { ConsumerHealth } from './consumerHealth.ts';

/** How often a batch waiting for a dependency heart-beats (kafkajs sends at most one per heartbeatInterval, 3 s). */
const WAITING_HEARTBEAT_MS = 1000;
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

interface PartitionState {
  epoch: number;
  /** Last offset whose effects are in the saved checkpoint (−1 when none was saved). */
  checkpointOffset: number;
  entries: Set<string>;
  /**
   * Where a partition restored from Redis must be read again from (after its checkpoint, or where an unfinished
   * reference began), until a batch starting there is processed. Only restored state needs it: a monitor that
   * collects its reference in this process holds the raw events in memory already.
   */
  resumeAt: number | undefined;
  /** Entries of this partition retired while another partition's batch ran: deleted with this one's next save. */
  retired?: Set<string>;
}

/** Stops a batch whose partition was taken by a rebalance: its work is dropped, its offsets not resolved. */
class PartitionLost extends Error {}

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
  readonly #checkpoints: PartitionCheckpointStore;
  readonly #joins: LabelJoinStore;
  readonly #partitions = new Map<string, PartitionState>();
  readonly #waitingOn = new Set<Dependency>();
  /** Kinds of internal error already logged in full (each is logged once, then only counted); at most 100. */
  readonly #internalErrorsLogged = new Set<string>();
  /** Models already warned about at the monitor cap (state.maxMonitors). */
  readonly #capWarned = new Set<string>();
  #generation = 0;
  /** The running batch's heartbeat (kafkajs runs one batch at a time): every retry inside it beats with it. */
  #batchHeartbeat: (() => Promise<void>) | undefined;
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
    this.#producer = deps.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
    this.#consumer = deps.kafka.consumer({ groupId: config.kafka.groupId, sessionTimeout: config.kafka.sessionTimeout, allowAutoTopicCreation: true });
    // An idle fetch waits up to kafkajs's maxWaitTimeInMs (5 s) for data: two of them without contact is no hiccup.
    const staleAfterMs = Math.max(config.kafka.sessionTimeout, 2 * KAFKAJS_FETCH_MAX_WAIT_MS);
    this.#consumerHealth = new ConsumerHealth(this.#consumer, {
      staleAfterMs, onWaitingChange: () => this.#updatePaused('kafka'), probe: () => this.#consumer.describeGroup(),
    });
    this.#sinks = new OutputSinks(this.#producer, deps.registry, config.topics, config.limits.deadLetter.maxRequestBytes);
    const mappings = new Map<string, FieldMapping>();
    for (const m of config.monitors) if (m.mapping) mappings.set(m.model, m.mapping);
    this.#decoder = new MessageDecoder(new RegistryDecoder(deps.registry, { maxAvroItems: config.limits.maxAvroItems, maxSchemas: config.state.schemaCacheEntries }), mappings, config.limits);
    const prefix = `${config.redis?.keyPrefix ?? 'driftwatch'}:${config.kafka.groupId}:`;
    const keys = stateKeys(prefix, { hashTags: config.redis.mode === 'cluster' });
    this.#checkpoints = new PartitionCheckpointStore(deps.redis, { prefix, keys, ttlMs: config.state.checkpointTtl, replicaAcks: replicaAcksOf(config.redis) });
    const ttls = config.monitors.map((m) => m.performance?.joinTtl ?? 0);
    this.#joins = new LabelJoinStore(deps.redis, { ttlMs: Math.max(1, ...ttls), prefix: `${prefix}join:`, keys, secret: config.privacy.secret });
    this.#metrics.observeBounds(() => [...this.#engine.bounds(), this.#decoder.schemaCacheUsage()]);
  }

  /** Why the service is not ready, or undefined when it is. */
  notReadyReason(): string | undefined {
    if (this.#stopped) return this.#stopped.message;
    if (!this.#running) return 'not consuming yet';
    const consumer = this.#consumerHealth.notReadyReason();
    if (consumer) return consumer;
    if (this.#waitingOn.size > 0) return `waiting for ${[...this.#waitingOn].join(', ')}`;
    return undefined;
  }

  async start(): Promise<void> {
    this.#consumerHealth.watch();
    await this.#producer.connect();
    await this.#retry('registry', 'registering the output schemas', () => this.#sinks.prepare());
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
    this.#batchHeartbeat = payload.heartbeat;
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
      this.#batchHeartbeat = undefined;
    }
  }

  async #partitionState(topic: string, partition: number): Promise<PartitionState> {
    const id = `${topic}:${partition}`;
    const known = this.#partitions.get(id);
    if (known) return known;
    const { epoch, saved } = await this.#retry('redis', `restoring ${id}`, async () => {
      const epoch = await this.#checkpoints.claim(topic, partition);
      return { epoch, saved: await this.#checkpoints.load(topic, partition) };
    });
    const state: PartitionState = { epoch, checkpointOffset: saved ? Number(saved.offset) : -1, entries: new Set(), resumeAt: undefined };
    if (saved) {
      try {
        this.#engine.restoreAll(saved.entries);
      } catch (error) {
        throw new StateCorruptedError(error as Error); // bytes the engine did not write: never build on them
      }
      for (const { message, ...warning } of this.#engine.takeRestoreWarnings()) this.#logger.warn({ topic, partition, ...warning }, `restored state: ${message}`);
      for (const key of saved.entries.keys()) state.entries.add(key);
    }
    state.resumeAt = this.#resumeOffset(state);
    this.#partitions.set(id, state);
    this.#logger.info({ topic, partition, epoch, offset: saved?.offset ?? null, entries: state.entries.size }, 'partition restored');
    return state;
  }

  /** Where this partition must be read from: after its checkpoint, or where an unfinished reference began. */
  #resumeOffset(state: PartitionState): number | undefined {
    let resume = state.checkpointOffset >= 0 ? state.checkpointOffset + 1 : undefined;
    for (const key of state.entries) {
      const from = this.#engine.resumeFrom(key);
      if (from !== undefined) resume = Math.min(resume ?? from, from);
    }
    return resume;
  }

  async #processBatch(payload: EachBatchPayload, state: PartitionState, checkGeneration: () => void): Promise<void> {
    const { batch, resolveOffset, heartbeat } = payload;
    const stream = this.#streamOf(batch.topic);
    const output = emptyOutput();
    const deadLetters: { key: string; letter: DeadLetterRecord }[] = [];
    const joinWrites: ExtraWrite[] = [];
    const joinDeletes: string[] = [];
    const endMonitor = this.#metrics.timeStage('monitor');
    const monitorSpan = tracer.startSpan(spanNames.monitor, { kind: SpanKind.INTERNAL, attributes: { 'messaging.batch.message_count': batch.messages.length } });
    if (stream === 'labels') {
      joinDeletes.push(...await this.#processLabels(batch.topic, batch.partition, batch.messages, state, output, deadLetters, checkGeneration));
    } else {
      for (const message of batch.messages) {
        let decoded = this.#decode(batch.topic, batch.partition, message, state, deadLetters, () => this.#decoder.eventNow(message.key, message.value), () => this.#decoder.event(message.key, message.value));
        if (decoded instanceof Promise) {
          decoded = await decoded;
          checkGeneration();
        }
        if (!decoded) continue;
        const { event, writer } = decoded;
        const position = Number(message.offset);
        if (!this.#engine.monitors(stream, event.model_id)) {
          this.#metrics.eventUnmonitored(batch.topic);
          continue;
        }
        const ttl = this.#engine.joinTtlMs(event.model_id);
        // One event's failure in the engine (or its join record) dead-letters that event; the batch goes on.
        const applied = this.#applyOne(batch.topic, batch.partition, message, state, deadLetters, () => {
          const joinWrite: ExtraWrite | undefined = stream === 'predictions' && ttl !== undefined && position > state.checkpointOffset && this.#engine.admitJoin(event.model_id, event.event_id)
            ? {
              ...this.#joins.writeFor(event.model_id, event.event_id, {
                modelVersion: event.model_version, timestamp: event.timestamp, score: event.prediction.score, label: event.prediction.label,
              }, batch.partition),
              ttlMs: ttl,
            }
            : undefined;
          const out = writer ? this.#engine.observeWriterSchema(stream, event.model_id, event.model_version, writer.id, writer.schema, position) : emptyOutput();
          return { output: appendOutput(out, this.#engine.ingest(stream, event, position, state.checkpointOffset)), joinWrite };
        });
        if (!applied) continue;
        appendOutput(output, applied.output);
        this.#metrics.eventProcessed(batch.topic, event.model_id);
        if (applied.joinWrite) joinWrites.push(applied.joinWrite);
      }
    }
    endMonitor();
    monitorSpan.end();
    const last = batch.messages.at(-1);
    if (!last) return;
    await this.#publish(output, deadLetters, heartbeat);
    checkGeneration();
    await this.#checkpoint(batch.topic, batch.partition, state, last.offset, joinWrites, joinDeletes);
    resolveOffset(last.offset);
    await this.#commit(batch.topic, batch.partition, last.offset);
    this.#observer?.batchDone(batch.topic, batch.partition, batch.highWatermark, last.offset, output);
    await heartbeat();
  }

  /**
   * Joins the batch's labels to their predictions and applies them. The join records are read, not removed:
   * the returned keys are deleted by the checkpoint save, atomically with the state the labels went into.
   */
  async #processLabels(
    topic: string, partition: number, messages: KafkaMessage[], state: PartitionState,
    output: EngineOutput, deadLetters: { key: string; letter: DeadLetterRecord }[], checkGeneration: () => void,
  ): Promise<string[]> {
    const labels: { label: LabelEvent; position: number; message: KafkaMessage }[] = [];
    for (const message of messages) {
      if (Number(message.offset) <= state.checkpointOffset) continue;
      let label = this.#decode(topic, partition, message, state, deadLetters, () => this.#decoder.labelNow(message.value), () => this.#decoder.label(message.value));
      if (label instanceof Promise) {
        label = await label;
        checkGeneration();
      }
      if (!label) continue;
      if (!this.#engine.monitors('labels', label.model_id)) {
        this.#metrics.eventUnmonitored(topic);
        continue;
      }
      labels.push({ label, position: Number(message.offset), message });
    }
    const byModel = new Map<string, { label: LabelEvent; position: number; message: KafkaMessage }[]>();
    for (const l of labels) {
      const list = byModel.get(l.label.model_id);
      if (list) list.push(l);
      else byModel.set(l.label.model_id, [l]);
    }
    const joined = new Map<{ label: LabelEvent; position: number; message: KafkaMessage }, Awaited<ReturnType<LabelJoinStore['find']>>[number]>();
    for (const [modelId, list] of byModel) {
      const records = await this.#retry('redis', 'joining labels', () => this.#joins.find(modelId, list.map((l) => l.label.event_id), partition));
      list.forEach((l, i) => joined.set(l, records[i]));
    }
    checkGeneration();
    const deletes: string[] = [];
    const byOffset = new Map(messages.map((m) => [Number(m.offset), m]));
    for (const l of labels) {
      const applied = this.#applyOne(topic, partition, l.message, state, deadLetters, () => this.#engine.ingestLabel(l.label, joined.get(l), l.position));
      if (!applied) continue;
      const { outcome, output: more } = applied;
      appendOutput(output, more);
      if (outcome === 'joined') {
        this.#metrics.labelJoined(l.label.model_id);
        deletes.push(...this.#joins.deleteKeysFor(l.label.model_id, [l.label.event_id], partition));
      } else if (outcome === 'orphan') this.#metrics.labelOrphaned(l.label.model_id);
      else if (outcome === 'late') this.#metrics.labelLate(l.label.model_id);
      else if (outcome === 'unsampled') this.#metrics.labelUnsampled(l.label.model_id);
    }
    return deletes;
  }

  /**
   * Applies one event (or label) to the engine. Whatever fails on it dead-letters it (see eventFailure.ts) and
   * the batch goes on; at the process's monitor cap (state.maxMonitors) the event is not applied but
   * dead-lettered as `limit` (nothing lost: it can be replayed once there is room), with a warning the first
   * time a model meets the cap.
   */
  #applyOne<T>(
    topic: string, partition: number, message: KafkaMessage, state: PartitionState,
    deadLetters: { key: string; letter: DeadLetterRecord }[], apply: () => T,
  ): T | undefined {
    try {
      return apply();
    } catch (error) {
      if (error instanceof MonitorLimitError && !this.#capWarned.has(error.modelId)) {
        this.#capWarned.add(error.modelId);
        this.#logger.warn({ model: error.modelId, monitors: this.#engine.liveMonitors }, `monitor limit reached: ${error.message}`);
      }
      return this.#deadLetter(topic, partition, message, state, deadLetters, error);
    }
  }

  /**
   * Decodes one message: at once when nothing needs fetching (the usual case), else through the registry
   * with retries. A message that can never decode becomes a dead letter (once) and yields undefined.
   */
  #decode<T>(
    topic: string, partition: number, message: KafkaMessage, state: PartitionState,
    deadLetters: { key: string; letter: DeadLetterRecord }[], decodeNow: () => T | undefined, decode: () => Promise<T>,
  ): T | undefined | Promise<T | undefined> {
    const deadLetter = (error: unknown) => this.#deadLetter(topic, partition, message, state, deadLetters, error);
    try {
      const decoded = decodeNow();
      if (decoded !== undefined) return decoded;
    } catch (error) {
      return deadLetter(error);
    }
    return withSpan(spanNames.decode, { 'messaging.kafka.offset': Number(message.offset) }, () => this.#retry('registry', 'decoding', decode)).catch(deadLetter);
  }

  #deadLetter(
    topic: string, partition: number, message: KafkaMessage, state: PartitionState,
    deadLetters: { key: string; letter: DeadLetterRecord }[], error: unknown,
  ): undefined {
    if (!(error instanceof MalformedMessageError) && (isDependencyFailure(error) || error instanceof FencedError || error instanceof PartitionLost)) throw error;
    const failure = eventFailure(error);
    if (Number(message.offset) <= state.checkpointOffset) return undefined;
    const { limits } = this.#config;
    const letter = deadLetterRecord({ topic, partition, offset: Number(message.offset), key: message.key, value: message.value }, failure, limits.deadLetter.maxBytes, Date.now());
    const key = message.key !== null && message.key.length <= limits.maxIdLength ? message.key.toString('utf8') : `${topic}-${partition}`;
    deadLetters.push({ key, letter });
    this.#metrics.deadLettered(topic, failure.kind);
    if (letter.truncated) this.#metrics.deadLetterTruncated();
    if (failure.kind === 'internal') this.#noteInternalError(topic, partition, message.offset, failure.cause);
    this.#logger.warn({ topic, partition, offset: message.offset, kind: failure.kind }, `dead-lettered: ${letter.message.slice(0, 500)}`);
    return undefined;
  }

  /** Counts an internal error; the first of each kind is logged with its stack. */
  #noteInternalError(topic: string, partition: number, offset: string, error: unknown): void {
    this.#metrics.internalError(error instanceof Error ? error.name : typeof error);
    const kind = internalErrorKind(error);
    if (this.#internalErrorsLogged.has(kind) || this.#internalErrorsLogged.size >= 100) return;
    this.#internalErrorsLogged.add(kind);
    this.#logger.error({ topic, partition, offset, kind, err: (error as Error)?.stack }, 'internal error on one event (dead-lettered; further errors of this kind are only counted)');
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

  async #publish(output: EngineOutput, deadLetters: { key: string; letter: DeadLetterRecord }[], heartbeat: () => Promise<void>): Promise<void> {
    if (output.reports.length + output.alerts.length + output.retrainRequests.length + deadLetters.length === 0) return;
    const end = this.#metrics.timeStage('publish');
    await withSpan(spanNames.publish, { 'driftwatch.alerts': output.alerts.length, 'driftwatch.reports': output.reports.length }, () =>
      this.#retry('kafka', 'publishing outputs', () => this.#sinks.publish({ ...output, deadLetters }, traceHeaders()), heartbeat), { kind: SpanKind.PRODUCER });
    end();
    for (const alert of output.alerts) {
      this.#metrics.alertPublished(alert);
      this.#logger.warn({ alert_id: alert.alert_id, model: alert.model_id, feature: alert.feature, severity: alert.severity, status: alert.status }, alert.summary);
    }
    for (const report of output.reports) this.#metrics.windowReported(report.model_id, report.stream);
    for (const request of output.retrainRequests) {
      this.#metrics.retrainRequested(request.model_id);
      this.#logger.warn({ request_id: request.request_id, model: request.model_id }, request.reason);
    }
  }

  async #checkpoint(topic: string, partition: number, state: PartitionState, offset: string, joinWrites: ExtraWrite[], deletes: string[]): Promise<void> {
    const entries = new Map<string, Buffer>();
    for (const key of this.#engine.takeDirty()) {
      const bytes = this.#engine.snapshot(key);
      if (!bytes) continue;
      entries.set(key, bytes);
      state.entries.add(key);
    }
    const deleted = retiredEntriesOf(state, this.#partitions.values(), this.#engine.takeRetired());
    const bytes = [...entries.values()].reduce((n, b) => n + b.length, 0);
    const end = this.#metrics.timeStage('checkpoint');
    await withSpan(spanNames.checkpoint, { 'driftwatch.checkpoint.bytes': bytes }, () =>
      this.#retry('redis', 'saving the checkpoint', () => this.#checkpoints.save(topic, partition, state.epoch, { offset, entries, deleted, extraWrites: joinWrites, deletes })));
    end();
    for (const key of deleted) state.entries.delete(key);
    state.retired?.clear();
    state.checkpointOffset = Number(offset);
    this.#metrics.checkpointSaved(bytes);
  }

  /**
   * Commits the offset after `offset`. A failure is logged, not retried: the checkpoint already holds the
   * partition's position, and whoever owns it next seeks there whatever Kafka has committed.
   */
  async #commit(topic: string, partition: number, offset: string): Promise<void> {
    const end = this.#metrics.timeStage('commit');
    try {
      await this.#consumer.commitOffsets([{ topic, partition, offset: String(BigInt(offset) + 1n) }]);
    } catch (error) {
      this.#logger.warn({ topic, partition, offset, err: (error as Error).message }, 'offset commit failed; the Redis checkpoint stands');
    } finally {
      end();
    }
  }

  #streamOf(topic: string): EventStream | 'labels' {
    const { topics } = this.#config;
    return topic === topics.labels ? 'labels' : topic === topics.features ? 'features' : 'predictions';
  }

  #retry<T>(dependency: Dependency, what: string, attempt: () => Promise<T>, heartbeat = this.#batchHeartbeat): Promise<T> {
    const retried = () => retryWithBackoff(attempt, {
      isRetryable: (error) => !this.#stopping && isDependencyFailure(error),
      onRetry: async (error, n, waitMs) => {
        this.#waitingOn.add(dependency);
        this.#metrics.setPaused(dependency, true);
        this.#metrics.dependencyRetried(dependency);
        this.#logger.warn({ attempt: n, waitMs, err: (error as Error).message }, `${what}: ${dependency} unavailable, retrying`);
      },
    });
    let heartbeatFailed = false;
    const onHeartbeatError = (error: unknown) => {
      if (!heartbeatFailed) this.#logger.warn({ err: (error as Error).message }, `${what}: heartbeat failed while waiting for ${dependency}`);
      heartbeatFailed = true;
    };
    // Beats while the dependency is awaited, so an outage longer than kafka.sessionTimeout keeps the assignment.
    return (heartbeat ? heartbeatWhile(heartbeat, WAITING_HEARTBEAT_MS, retried, onHeartbeatError) : retried()).finally(() => {
      if (this.#waitingOn.delete(dependency)) this.#updatePaused(dependency);
    });
  }

  /** driftwatch_paused{dependency}: a retry waits on it, or (Kafka) the consumer is restarting or out of touch. */
  #updatePaused(dependency: Dependency): void {
    this.#metrics.setPaused(dependency, this.#waitingOn.has(dependency) || (dependency === 'kafka' && this.#consumerHealth.waitingForKafka));
  }
}
