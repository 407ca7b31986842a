import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AlertRecord, DeadLetterKind } from '../contracts/events.ts';
import type { ReportStream } from '../contracts/reports.ts';

/** One state bound's usage (see MonitorEngine.bounds); declared here so observability imports nothing of the engine. */
export interface BoundUsage {
  bound: string;
  size: number;
  limit: number;
  evictions: number;
}

export type EventOutcome = 'processed' | 'dead_lettered' | 'unmonitored' | 'late' | 'skipped_already_applied';
export type Dependency = 'kafka' | 'registry' | 'redis';
/** 'monitor' covers decoding and the engine, message by message; the others run once per batch. */
export type BatchStage = 'monitor' | 'publish' | 'checkpoint' | 'commit';
export type AlertLabels = Pick<AlertRecord, 'model_id' | 'detector' | 'severity' | 'status'>;

const DEPENDENCIES: readonly Dependency[] = ['kafka', 'registry', 'redis'];
const STAGES: readonly BatchStage[] = ['monitor', 'publish', 'checkpoint', 'commit'];
const STAGE_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
// 256 B … 16 MiB: a checkpoint holds per-model window sketches, never raw events.
const CHECKPOINT_BUCKETS_BYTES = [256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216];

/**
 * driftwatch's Prometheus metrics, in a registry of their own (several instances, e.g. in tests, never
 * collide) together with the default Node.js process metrics under their standard names.
 *
 * Label cardinality stays bounded by the method signatures: only paths that have already matched a
 * configured model take a model id. Events whose model is unknown or unconfigured (dead letters,
 * unmonitored, offsets already applied) are counted per topic only; event ids are never labels.
 */
export class DriftwatchMetrics {
  readonly registry = new Registry();
  readonly #events: Counter<'topic' | 'model_id' | 'outcome'>;
  readonly #deadLetters: Counter<'topic' | 'error_kind'>;
  readonly #alerts: Counter<'model_id' | 'detector' | 'severity' | 'status'>;
  readonly #windowReports: Counter<'model_id' | 'stream'>;
  readonly #retrainRequests: Counter<'model_id'>;
  readonly #labels: Counter<'model_id' | 'outcome'>;
  readonly #dependencyRetries: Counter<'dependency'>;
  readonly #checkpoints: Counter<'outcome'>;
  readonly #batchDuration: Histogram<'stage'>;
  readonly #checkpointBytes: Histogram;
  readonly #assignedPartitions: Gauge;
  readonly #consumerLag: Gauge<'topic' | 'partition'>;
  readonly #paused: Gauge<'dependency'>;
  readonly #internalErrors: Counter<'error'>;
  readonly #deadLettersTruncated: Counter;
  readonly #boundSources: (() => BoundUsage[])[] = [];

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.#events = new Counter({
      name: 'driftwatch_events_total',
      help: 'Input events handled, by topic, model and outcome.',
      labelNames: ['topic', 'model_id', 'outcome'],
      registers,
    });
    this.#deadLetters = new Counter({
      name: 'driftwatch_dead_letters_total',
      help: 'Messages sent to the dead-letter topic, by source topic and error kind.',
      labelNames: ['topic', 'error_kind'],
      registers,
    });
    this.#alerts = new Counter({
      name: 'driftwatch_alerts_total',
      help: 'Alerts published, by model, detector, severity and status (firing or resolved).',
      labelNames: ['model_id', 'detector', 'severity', 'status'],
      registers,
    });
    this.#windowReports = new Counter({
      name: 'driftwatch_window_reports_total',
      help: 'Window reports published, by model and stream (predictions, features, labels).',
      labelNames: ['model_id', 'stream'],
      registers,
    });
    this.#retrainRequests = new Counter({
      name: 'driftwatch_retrain_requests_total',
      help: 'Retraining requests published, by model.',
      labelNames: ['model_id'],
      registers,
    });
    this.#labels = new Counter({
      name: 'driftwatch_labels_total',
      help: 'Label events, by model and outcome: joined to a prediction, or orphan (no prediction found).',
      labelNames: ['model_id', 'outcome'],
      registers,
    });
    this.#dependencyRetries = new Counter({
      name: 'driftwatch_dependency_retries_total',
      help: 'Retries after a dependency (kafka, registry, redis) failed.',
      labelNames: ['dependency'],
      registers,
    });
    this.#checkpoints = new Counter({
      name: 'driftwatch_checkpoints_total',
      help: 'Partition checkpoints written to Redis: saved, or fenced (another instance owns the partition).',
      labelNames: ['outcome'],
      registers,
    });
    this.#batchDuration = new Histogram({
      name: 'driftwatch_batch_duration_seconds',
      help: 'Time spent per batch in each stage: monitor (decoding included), publish, checkpoint, commit.',
      labelNames: ['stage'],
      buckets: STAGE_BUCKETS_SECONDS,
      registers,
    });
    this.#checkpointBytes = new Histogram({
      name: 'driftwatch_checkpoint_bytes',
      help: 'Size in bytes of each saved partition checkpoint.',
      buckets: CHECKPOINT_BUCKETS_BYTES,
      registers,
    });
    this.#assignedPartitions = new Gauge({
      name: 'driftwatch_assigned_partitions',
      help: 'Partitions currently assigned to this instance.',
      registers,
    });
    this.#consumerLag = new Gauge({
      name: 'driftwatch_consumer_lag',
      help: 'Messages between the last applied offset and the partition high watermark.',
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.#paused = new Gauge({
      name: 'driftwatch_paused',
      help: '1 while consumption is paused waiting on a dependency (kafka, registry, redis), else 0.',
      labelNames: ['dependency'],
      registers,
    });
    this.#internalErrors = new Counter({
      name: 'driftwatch_internal_errors_total',
      help: 'Events on which the engine failed unexpectedly (dead-lettered as internal), by error class.',
      labelNames: ['error'],
      registers,
    });
    this.#deadLettersTruncated = new Counter({
      name: 'driftwatch_dead_letters_truncated_total',
      help: 'Dead letters whose original key and value were cut to limits.deadLetter.maxBytes.',
      registers,
    });
    this.#registerBoundMetrics(registers);
    // Known series start at 0 so that rate() and absence alerts work before the first occurrence.
    for (const dependency of DEPENDENCIES) {
      this.#dependencyRetries.inc({ dependency }, 0);
      this.#paused.set({ dependency }, 0);
    }
    for (const outcome of ['saved', 'fenced']) this.#checkpoints.inc({ outcome }, 0);
    for (const stage of STAGES) this.#batchDuration.zero({ stage });
    this.#assignedPartitions.set(0);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of every metric in this registry. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  eventProcessed(topic: string, modelId: string): void {
    this.#events.inc({ topic, model_id: modelId, outcome: 'processed' });
  }

  /** An event older than its model's open windows: counted, not applied. */
  eventLate(topic: string, modelId: string): void {
    this.#events.inc({ topic, model_id: modelId, outcome: 'late' });
  }

  /** An event whose model_id is not configured; its model id is deliberately not a label. */
  eventUnmonitored(topic: string): void {
    this.#events.inc({ topic, outcome: 'unmonitored' });
  }

  /** A redelivered message at or below the partition's stored offset, so already in the restored state. */
  eventSkippedAlreadyApplied(topic: string): void {
    this.#events.inc({ topic, outcome: 'skipped_already_applied' });
  }

  deadLettered(topic: string, kind: DeadLetterKind): void {
    this.#events.inc({ topic, outcome: 'dead_lettered' });
    this.#deadLetters.inc({ topic, error_kind: kind });
  }

  alertPublished(alert: AlertLabels): void {
    const { model_id, detector, severity, status } = alert;
    this.#alerts.inc({ model_id, detector, severity, status });
  }

  windowReported(modelId: string, stream: ReportStream): void {
    this.#windowReports.inc({ model_id: modelId, stream });
  }

  retrainRequested(modelId: string): void {
    this.#retrainRequests.inc({ model_id: modelId });
  }

  labelJoined(modelId: string): void {
    this.#labels.inc({ model_id: modelId, outcome: 'joined' });
  }

  labelOrphaned(modelId: string): void {
    this.#labels.inc({ model_id: modelId, outcome: 'orphan' });
  }

  /** A label outside its model's performance.sampleRate: its prediction was not kept, by design. */
  labelUnsampled(modelId: string): void {
    this.#labels.inc({ model_id: modelId, outcome: 'unsampled' });
  }

  /**
   * Reports, at each scrape, the size, limit and evictions of every bound the sources list (engine monitors,
   * versions per model, memos, pending label joins, the schema cache): driftwatch_state_bound_size,
   * driftwatch_state_bound_limit and driftwatch_state_bound_evictions_total, by bound.
   */
  observeBounds(source: () => BoundUsage[]): void {
    this.#boundSources.push(source);
  }

  #registerBoundMetrics(registers: Registry[]): void {
    const usage = () => this.#boundSources.flatMap((source) => source());
    new Gauge({
      name: 'driftwatch_state_bound_size', help: 'Current size of each state bound (monitors, versions of the largest model, memo entries, pending label joins of the fullest model, cached schemas).', labelNames: ['bound'], registers,
      collect() { for (const b of usage()) this.set({ bound: b.bound }, b.size); },
    });
    new Gauge({
      name: 'driftwatch_state_bound_limit', help: 'Configured limit of each state bound.', labelNames: ['bound'], registers,
      collect() { for (const b of usage()) this.set({ bound: b.bound }, b.limit); },
    });
    // The sources keep running totals; the counter takes what they added since the last scrape.
    const counted = new Map<string, number>();
    new Counter({
      name: 'driftwatch_state_bound_evictions_total', help: 'Entries evicted, monitors retired or refused, and predictions not kept, by state bound.', labelNames: ['bound'], registers,
      collect() {
        for (const b of usage()) {
          const added = b.evictions - (counted.get(b.bound) ?? 0);
          if (added > 0 || !counted.has(b.bound)) this.inc({ bound: b.bound }, Math.max(0, added));
          counted.set(b.bound, Math.max(b.evictions, counted.get(b.bound) ?? 0));
        }
      },
    });
  }

  /** A label whose prediction is older than the join's time-to-live (by event time): counted, not applied. */
  labelLate(modelId: string): void {
    this.#labels.inc({ model_id: modelId, outcome: 'late' });
  }

  dependencyRetried(dependency: Dependency): void {
    this.#dependencyRetries.inc({ dependency });
  }

  internalError(errorClass: string): void {
    this.#internalErrors.inc({ error: errorClass.slice(0, 64) });
  }

  deadLetterTruncated(): void {
    this.#deadLettersTruncated.inc();
  }

  setPaused(dependency: Dependency, paused: boolean): void {
    this.#paused.set({ dependency }, paused ? 1 : 0);
  }

  checkpointSaved(bytes: number): void {
    this.#checkpoints.inc({ outcome: 'saved' });
    this.#checkpointBytes.observe(bytes);
  }

  checkpointFenced(): void {
    this.#checkpoints.inc({ outcome: 'fenced' });
  }

  /** Starts timing one stage of a batch; the returned function records and returns the elapsed seconds. */
  timeStage(stage: BatchStage): () => number {
    return this.#batchDuration.startTimer({ stage });
  }

  observeStage(stage: BatchStage, seconds: number): void {
    this.#batchDuration.observe({ stage }, seconds);
  }

  setAssignedPartitions(count: number): void {
    this.#assignedPartitions.set(count);
  }

  setConsumerLag(topic: string, partition: number, lag: number): void {
    this.#consumerLag.set({ topic, partition: String(partition) }, lag);
  }

  /** Drops a revoked partition's lag series, so it does not report a stale value. */
  clearConsumerLag(topic: string, partition: number): void {
    this.#consumerLag.remove({ topic, partition: String(partition) });
  }
}
