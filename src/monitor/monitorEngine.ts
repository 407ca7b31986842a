import { LRUCache } from 'lru-cache';
import type { MonitorConfig, PrivacyConfig, StateConfig } from '../config/configSchema.ts';
import type { EventBatch } from '../contracts/eventBatch.ts';
import type { LabelEvent, PredictionEvent, Segment } from '../contracts/events.ts';
import type { Finding, Severity } from '../detectors/finding.ts';
import type { CbpeModel } from '../detectors/performance/cbpe/cbpeModel.ts';
import { ReconstructionFitError } from '../detectors/multivariate/reconstructionModel.ts';
import { SegmentAdmission, type SegmentNames } from './segmentAdmission.ts';
import { parseKind, segmentKind, segmentText, stampSegment } from './segmentOutput.ts';
import { segmentReferences } from './segmentReferences.ts';
import { diffAvroSchemas } from '../detectors/schema/schemaDiff.ts';
import { alertFromFinding, alertId } from './alertFromFinding.ts';
import { CategoryHasher } from './categoryHasher.ts';
import type { DetectorRestoreWarning } from './detectorRestoreWarning.ts';
import { hashedAvroSchema } from './hashedSchema.ts';
import { appendOutput, emptyOutput, type EngineOutput } from './engineOutput.ts';
import { EventRejectedError } from './eventRejectedError.ts';
import { JoinAdmission } from './joinAdmission.ts';
import { sampledForJoin } from './joinSampling.ts';
import { MonitorLimitError } from './monitorLimitError.ts';
import { PerformanceMonitor } from './performanceMonitor.ts';
import { featureCalibrates } from './featureRules.ts';
import { fitReferenceEstimator } from './referenceEstimator.ts';
import { referenceChunkSize, referenceProfileOptions } from './referenceOptions.ts';
import { buildReferenceProfile, type ReferenceProfile } from './referenceProfile.ts';
import { watchedFeatures } from './watchedFeatures.ts';
import { VersionMonitor } from './versionMonitor.ts';
import { VersionRoster } from './versionRoster.ts';

export type EventStream = 'predictions' | 'features';

/** What the label join found for a label: the prediction it belongs to. */
export interface JoinedPrediction {
  modelVersion: string;
  /** Event time of the prediction, ms. */
  timestamp: number;
  score: number | null;
  label: string | null;
}

/** 'unsampled': the label's event is outside performance.sampleRate, so its prediction was not kept. */
export type LabelOutcome = 'joined' | 'orphan' | 'late' | 'unmonitored' | 'unsampled';

/** One bound of the engine's state, for the metrics: its current size, its limit and how often it evicted or refused. */
export interface BoundUsage {
  bound: string;
  size: number;
  limit: number;
  evictions: number;
}

type RetireReason = 'max_versions' | 'idle';

/** A restored entry's saved detector that no longer fits its config (see takeRestoreWarnings). */
export interface EntryRestoreWarning extends DetectorRestoreWarning {
  /** The entry key (see entryKey). */
  entry: string;
}

export interface EngineInit {
  monitors: readonly MonitorConfig[];
  /** Reference events of the monitors whose reference source is a file, by model id. */
  referenceEvents?: ReadonlyMap<string, readonly PredictionEvent[]>;
  /** performance.estimate: each reference event's target (as text, null when it had none), by model id. */
  referenceTargets?: ReadonlyMap<string, readonly (string | null)[]>;
  /** Wall clock for created_at stamps (and the label-join cap, which Redis expires by the wall clock). */
  now?: () => number;
  /** Wall clock that bounds event time (window.maxFutureSkew); Date.now by default. */
  wallClock?: () => number;
  /** Process-wide bounds (defaults as in the config schema). */
  state?: Pick<StateConfig, 'maxMonitors' | 'memoEntries'>;
  privacy?: PrivacyConfig;
}

/** What the engine holds per configured model. */
interface ModelEntry {
  config: MonitorConfig;
  fixedReference?: ReferenceProfile;
  estimator?: CbpeModel;
  /** segments: which slice each event is in. */
  segments?: SegmentAdmission;
  /** segments with a reference file: each slice's reference, by segmentText (a slice without reference events is not monitored). */
  segmentReferences?: Map<string, ReferenceProfile>;
}

interface SchemaSeen {
  id: number;
  schema: unknown;
  /** Input position it was last seen at: events read again after a restore do not count as a change. */
  position: number;
}

/**
 * Routes each decoded event to its monitor and returns what closed windows produced. One monitor per
 * (stream, model, version) for predictions and features, one per (model, version) for labels, and the
 * last writer schema per (stream, model). Each of these is an entry with a string key whose state
 * serialises to bytes, so the service can checkpoint exactly the entries a batch changed and restore
 * them on another process. Pure and synchronous: the Kafka service and `driftwatch replay` share it.
 */
export class MonitorEngine {
  readonly #models = new Map<string, ModelEntry>();
  readonly #versions = new Map<string, VersionMonitor>();
  readonly #performance = new Map<string, PerformanceMonitor>();
  readonly #schemas = new Map<string, SchemaSeen>();
  readonly #dirty = new Set<string>();
  readonly #keys: LRUCache<string, string>;
  readonly #now: () => number;
  /** Live monitors per (kind, model), for maxVersions and versionIdleTimeout. */
  readonly #rosters = new Map<string, VersionRoster<VersionMonitor | PerformanceMonitor>>();
  /** Entries retired (or of models no longer configured) whose saved state must be deleted. */
  readonly #retired = new Set<string>();
  readonly #joins = new Map<string, JoinAdmission>();
  readonly #restoreWarnings: EntryRestoreWarning[] = [];
  readonly #maxMonitors: number;
  readonly #hasher: CategoryHasher | undefined;
  readonly #evictions = { monitors: 0, max_versions: 0, idle: 0, entry_key_memo: 0 };

  readonly #wallClock: () => number;

  constructor(init: EngineInit) {
    this.#now = init.now ?? Date.now;
    this.#wallClock = init.wallClock ?? Date.now;
    this.#maxMonitors = init.state?.maxMonitors ?? 10_000;
    const memoEntries = init.state?.memoEntries ?? 10_000;
    this.#keys = new LRUCache({ max: memoEntries, dispose: (_v, _k, reason) => { if (reason === 'evict') this.#evictions.entry_key_memo++; } });
    const privacy = init.privacy;
    if (privacy?.hashCategories) {
      if (!privacy.secret) throw new TypeError('privacy.hashCategories needs privacy.secret');
      this.#hasher = new CategoryHasher({ secret: privacy.secret, readableFeatures: privacy.readableFeatures, memoEntries });
    }
    for (const given of init.monitors) {
      const config = this.#hasher ? hashedFeatureNames(given, this.#hasher) : given;
      let fixedReference: ReferenceProfile | undefined;
      let estimator: CbpeModel | undefined;
      let segments: SegmentAdmission | undefined;
      let slices: Map<string, ReferenceProfile> | undefined;
      if (config.reference.source === 'file') {
        const raw = init.referenceEvents?.get(config.model);
        const events = raw && this.#hasher ? raw.map((e) => this.#hasher!.event(e)) : raw;
        if (!events || events.length === 0) throw new Error(`model ${config.model}: the reference file ${config.reference.path} has no events for it`);
        const features = watchedFeatures(config.features, config.monitorPrediction, events);
        const profile = (slice: readonly PredictionEvent[], what: string) => {
          const chunk = config.drift.calibrate || featureCalibrates(config) ? referenceChunkSize(config, slice.length) : undefined;
          try {
            return buildReferenceProfile(features, slice, chunk, referenceProfileOptions(config, slice.length));
          } catch (error) {
            if (error instanceof ReconstructionFitError) throw new ReconstructionFitError(`model ${config.model}${what}: ${error.message}`);
            throw error;
          }
        };
        fixedReference = profile(events, '');
        if (config.performance?.estimate) estimator = fitReferenceEstimator(config, events, init.referenceTargets?.get(config.model));
        if (config.segments.length > 0) {
          segments = new SegmentAdmission(config.segments, events, this.#segmentNames());
          slices = segmentReferences(config, events, segments, profile);
        }
      } else if (config.segments.length > 0) {
        segments = new SegmentAdmission(config.segments, undefined, this.#segmentNames());
      }
      this.#models.set(config.model, { config, fixedReference, estimator, segments, segmentReferences: slices });
    }
  }

  /** How slices are named: hashed like features under privacy.hashCategories. */
  #segmentNames(): SegmentNames | undefined {
    const hasher = this.#hasher;
    return hasher && { attribute: (name) => hasher.featureName(name), value: (attribute, value) => hasher.segmentValue(attribute, value) };
  }

  /** entryKey for a version monitor, memoised: it is needed for every event. */
  #versionKey(stream: EventStream, modelId: string, modelVersion: string): string {
    const memo = `${stream}\u0000${modelId}\u0000${modelVersion}`;
    let key = this.#keys.get(memo);
    if (key === undefined) {
      key = entryKey(stream, modelId, modelVersion);
      this.#keys.set(memo, key);
    }
    return key;
  }

  /** Whether events of this model on this stream are monitored (others are counted as unmonitored by the caller). */
  monitors(stream: EventStream | 'labels', modelId: string): boolean {
    const model = this.#models.get(modelId);
    if (!model) return false;
    return stream === 'labels' ? model.config.performance !== undefined : model.config.streams.includes(stream);
  }

  /** Models whose predictions must be kept for the label join, with how long. */
  joinTtlMs(modelId: string): number | undefined {
    return this.#models.get(modelId)?.config.performance?.joinTtl;
  }

  /**
   * Applies an event. `restoredThrough` is the position up to which the restored state already holds the
   * input (the partition's checkpoint): such an event, read again only for a monitor that must catch up,
   * creates no monitor and retires none, since those decisions are in the restored state already.
   * Throws MonitorLimitError, having changed nothing, when it would need a monitor beyond state.maxMonitors.
   */
  ingest(stream: EventStream, given: PredictionEvent, position: number, restoredThrough = -1): EngineOutput {
    const model = this.#models.get(given.model_id);
    if (!model || !model.config.streams.includes(stream)) return emptyOutput();
    const w = model.config.window;
    if (w.type === 'eventTime') this.#checkEventTime(given.timestamp, w.maxFutureSkew);
    const event = this.#hasher ? this.#hasher.event(given) : given;
    const out = emptyOutput();
    const population = this.#versionKey(stream, event.model_id, event.model_version);
    if (!model.segments) {
      this.#ingestInto(stream, population, model, model.fixedReference, event, position, restoredThrough, out);
      return out;
    }
    const segments = model.segments.route(event.attributes);
    const slices = segments.filter((segment) => monitoredSlice(model, segment))
      .map((segment) => ({ segment, kind: segmentKind(stream, segment), fixedReference: model.segmentReferences?.get(segmentText(segment)) }));
    // Every monitor the event needs is counted against the cap before any applies it.
    this.#checkCapacityFor([{ kind: stream, key: population }, ...slices.map((s) => ({ kind: s.kind, key: entryKey(s.kind, event.model_id, event.model_version) }))], model.config, event, position, restoredThrough);
    this.#ingestInto(stream, population, model, model.fixedReference, event, position, restoredThrough, out);
    for (const { segment, kind, fixedReference } of slices) {
      const sliced = emptyOutput();
      this.#ingestInto(kind, entryKey(kind, event.model_id, event.model_version), model, fixedReference, event, position, restoredThrough, sliced);
      appendOutput(out, stampSegment(sliced, segment));
    }
    if (model.segments.admit(segments)) this.#dirty.add(segmentsKey(event.model_id));
    return out;
  }

  /** #checkCapacity for the new monitors an event needs at once (a segmented model's population and slices). */
  #checkCapacityFor(entries: { kind: string; key: string }[], config: MonitorConfig, event: PredictionEvent, position: number, restoredThrough: number): void {
    if (position <= restoredThrough) return;
    const adding = entries.filter(({ kind, key }) => !this.#versions.has(key) && this.#roster(kind, event.model_id).size < config.maxVersions).length;
    if (adding > 0 && this.#versions.size + this.#performance.size + adding > this.#maxMonitors) {
      this.#evictions.monitors++;
      throw new MonitorLimitError(config.model, event.model_version, entries[0].kind, this.#maxMonitors);
    }
  }

  /** ingest() into the monitor of one entry (`kind`: the stream, or a segment's kind), creating it when needed. */
  #ingestInto(kind: string, key: string, model: ModelEntry, fixedReference: ReferenceProfile | undefined, event: PredictionEvent, position: number, restoredThrough: number, out: EngineOutput): void {
    const roster = this.#roster(kind, event.model_id);
    const existing = this.#versions.get(key);
    if (existing ? position <= existing.appliedThrough : position <= restoredThrough) return;
    let monitor: VersionMonitor;
    let applied: EngineOutput;
    if (existing) {
      monitor = existing;
      this.#dirty.add(key);
      applied = monitor.ingest(event, position);
    } else {
      this.#checkCapacity(roster, model.config, kind, event.model_version);
      monitor = new VersionMonitor({
        modelId: event.model_id, modelVersion: event.model_version, stream: parseKind(kind).stream as EventStream, config: model.config, fixedReference, estimator: model.estimator, now: this.#now,
      });
      // A new monitor joins only once its first event applied: a failure on that event leaves the engine as it was.
      applied = monitor.ingest(event, position);
      this.#makeRoom(roster, model.config, out);
      this.#versions.set(key, monitor);
      this.#adopt(key, roster, monitor);
      this.#dirty.add(key);
    }
    appendOutput(out, applied);
    if (monitor.takeProfileChanged()) this.#dirty.add(profileKey(key));
    if (position > restoredThrough) for (const idle of roster.idle(event.timestamp, model.config.versionIdleTimeout, key)) this.#retire(idle, 'idle', out);
  }

  /** The batch as monitors keep it (privacy.hashCategories applied): what ingestRows takes. */
  monitoredBatch(batch: EventBatch): EventBatch {
    return this.#hasher ? this.#hasher.batch(batch) : batch;
  }

  /**
   * Whether ingestRows takes this model version's events: its monitor has its reference and keeps no raw
   * events; for a segmented model, so has the monitor of every slice an event can go to (until then, and
   * while an attribute still admits new values, its events go one by one).
   */
  takesRows(stream: EventStream, modelId: string, modelVersion: string): boolean {
    const model = this.#models.get(modelId);
    if (!model || !model.config.streams.includes(stream)) return false;
    if (!(this.#versions.get(this.#versionKey(stream, modelId, modelVersion))?.takesRows ?? false)) return false;
    if (!model.segments) return true;
    const slices = model.segments.slicesIfComplete();
    return slices !== undefined && slices.every((segment) => !monitoredSlice(model, segment)
      || (this.#versions.get(entryKey(segmentKind(stream, segment), modelId, modelVersion))?.takesRows ?? false));
  }

  /** What ingest() would refuse a row of a batch for before applying it (an event time beyond maxFutureSkew), if anything. */
  rowRejection(stream: EventStream, batch: EventBatch, row: number): EventRejectedError | undefined {
    const w = this.#models.get(batch.modelIds[row])?.config.window;
    if (w?.type !== 'eventTime') return undefined;
    try {
      this.#checkEventTime(batch.timestamps[row], w.maxFutureSkew);
      return undefined;
    } catch (error) {
      if (error instanceof EventRejectedError) return error;
      throw error;
    }
  }

  /**
   * ingest() for rows of a monitoredBatch, all of one model version that takesRows, in position order, none of
   * them refused by rowRejection: the same state and output as ingesting each row's event in turn.
   */
  ingestRows(stream: EventStream, batch: EventBatch, rows: Int32Array, restoredThrough = -1): EngineOutput {
    const out = emptyOutput();
    if (rows.length === 0) return out;
    const modelId = batch.modelIds[rows[0]];
    const modelVersion = batch.modelVersions[rows[0]];
    const model = this.#models.get(modelId)!;
    this.#ingestMonitorRows(stream, this.#versionKey(stream, modelId, modelVersion), model, batch, rows, restoredThrough, out);
    if (!model.segments) return out;
    // Each slice's rows, in row order, to its monitor (takesRows saw that every slice has one).
    const bySlice = new Map<string, { segment: Segment; rows: number[] }>();
    for (let i = 0; i < rows.length; i++) {
      for (const segment of model.segments.route(batch.attributes[rows[i]])) {
        const kind = segmentKind(stream, segment);
        let slice = bySlice.get(kind);
        if (!slice) bySlice.set(kind, (slice = { segment, rows: [] }));
        slice.rows.push(rows[i]);
      }
    }
    for (const [kind, slice] of bySlice) {
      if (!monitoredSlice(model, slice.segment)) continue;
      const sliced = emptyOutput();
      this.#ingestMonitorRows(kind, entryKey(kind, modelId, modelVersion), model, batch, Int32Array.from(slice.rows), restoredThrough, sliced);
      appendOutput(out, stampSegment(sliced, slice.segment));
    }
    return out;
  }

  /** ingestRows into the monitor of one entry (`kind`: the stream, or a segment's kind). */
  #ingestMonitorRows(kind: string, key: string, model: ModelEntry, batch: EventBatch, rows: Int32Array, restoredThrough: number, out: EngineOutput): void {
    const modelId = model.config.model;
    const monitor = this.#versions.get(key);
    if (!monitor?.takesRows) throw new Error(`MonitorEngine.ingestRows: ${key} does not take rows; ingest its events one by one`);
    const { positions, timestamps } = batch;
    let from = 0;
    while (from < rows.length && positions[rows[from]] <= monitor.appliedThrough) from++;
    if (from === rows.length) return;
    this.#dirty.add(key);
    const roster = this.#roster(kind, modelId);
    const idleTimeout = model.config.versionIdleTimeout;
    // Split where ingest() would retire idle versions: after the first row beyond the roster's idle check.
    while (from < rows.length) {
      const checkAt = roster.idleCheckAt(idleTimeout);
      let to = from;
      let checks = false;
      while (to < rows.length && !checks) {
        const r = rows[to++];
        checks = positions[r] > restoredThrough && timestamps[r] > checkAt;
      }
      monitor.ingestRows(batch, rows.subarray(from, to), out);
      if (checks) for (const idle of roster.idle(timestamps[rows[to - 1]], idleTimeout, key)) this.#retire(idle, 'idle', out);
      from = to;
    }
    if (monitor.takeProfileChanged()) this.#dirty.add(profileKey(key));
  }

  #roster(kind: string, modelId: string): VersionRoster<VersionMonitor | PerformanceMonitor> {
    const group = `${kind}\u0000${modelId}`;
    let roster = this.#rosters.get(group);
    if (!roster) this.#rosters.set(group, (roster = new VersionRoster()));
    return roster;
  }

  #adopt(key: string, roster: VersionRoster<VersionMonitor | PerformanceMonitor>, monitor: VersionMonitor | PerformanceMonitor): void {
    roster.add(key, monitor);
    // A version that comes back after retirement starts afresh; its new state replaces the deleted one.
    this.#retired.delete(key);
    this.#retired.delete(profileKey(key));
  }

  /** Before a new monitor of a model: refuses (changing nothing) when it would be one beyond the process cap. */
  #checkCapacity(roster: VersionRoster<VersionMonitor | PerformanceMonitor>, config: MonitorConfig, kind: string, modelVersion: string): void {
    // A model at maxVersions retires one of its own to make room, so only a model below it can meet the cap.
    if (roster.size < config.maxVersions && this.#versions.size + this.#performance.size >= this.#maxMonitors) {
      this.#evictions.monitors++;
      throw new MonitorLimitError(config.model, modelVersion, kind, this.#maxMonitors);
    }
  }

  /** Before a new monitor of a model joins: retires its least recently active versions down to maxVersions − 1. */
  #makeRoom(roster: VersionRoster<VersionMonitor | PerformanceMonitor>, config: MonitorConfig, out: EngineOutput): void {
    while (roster.size >= config.maxVersions) {
      const oldest = roster.leastRecent();
      if (oldest === undefined) break;
      this.#retire(oldest, 'max_versions', out);
    }
  }

  /** Retires a monitor: its open windows are reported, it leaves memory, and its saved state is to be deleted. */
  #retire(key: string, reason: RetireReason, out: EngineOutput): void {
    const [kind, modelId] = JSON.parse(key) as [string, string, string];
    const version = this.#versions.get(key);
    const monitor = version ?? this.#performance.get(key);
    if (!monitor) return;
    const { segment } = parseKind(kind);
    appendOutput(out, segment ? stampSegment(monitor.retire(), segment) : monitor.retire());
    this.#versions.delete(key);
    this.#performance.delete(key);
    this.#roster(kind, modelId).remove(key);
    this.#dirty.delete(key);
    this.#retired.add(key);
    if (version) {
      this.#dirty.delete(profileKey(key));
      this.#retired.add(profileKey(key));
    }
    this.#evictions[reason]++;
  }

  /**
   * Whether a prediction is stored for the label join: it is in the model's sample (performance.sampleRate,
   * by event id) and the model is under performance.maxPendingJoins. Counts it when it is.
   */
  admitJoin(modelId: string, eventId: string): boolean {
    const performance = this.#models.get(modelId)?.config.performance;
    if (!performance || !sampledForJoin(eventId, performance.sampleRate)) return false;
    const key = entryKey(JOINS, modelId, '');
    let admission = this.#joins.get(key);
    if (!admission) this.#joins.set(key, (admission = new JoinAdmission(performance.joinTtl, performance.maxPendingJoins)));
    const admitted = admission.admit(this.#now());
    this.#dirty.add(key);
    return admitted;
  }

  /** Keys of the entries retired since the last call: their saved state is to be deleted with the next checkpoint. */
  takeRetired(): string[] {
    const keys = [...this.#retired];
    this.#retired.clear();
    return keys;
  }

  /** Live monitors in this process (versions on every stream and performance monitors). */
  get liveMonitors(): number {
    return this.#versions.size + this.#performance.size;
  }

  /** Each bound's size, limit and evictions (or refusals), for the metrics. */
  bounds(): BoundUsage[] {
    let largestRoster = 0;
    let idleSpan = 0;
    for (const roster of this.#rosters.values()) {
      largestRoster = Math.max(largestRoster, roster.size);
      idleSpan = Math.max(idleSpan, roster.idleSpan());
    }
    let maxVersions = 0;
    let maxPending = 0;
    let idleTimeout = 0;
    for (const { config } of this.#models.values()) {
      maxVersions = Math.max(maxVersions, config.maxVersions);
      maxPending = Math.max(maxPending, config.performance?.maxPendingJoins ?? 0);
      idleTimeout = Math.max(idleTimeout, config.versionIdleTimeout);
    }
    const now = this.#now();
    let pending = 0;
    let refused = 0;
    for (const admission of this.#joins.values()) {
      pending = Math.max(pending, admission.pending(now));
      refused += admission.refused;
    }
    const out: BoundUsage[] = [
      { bound: 'monitors', size: this.liveMonitors, limit: this.#maxMonitors, evictions: this.#evictions.monitors },
      { bound: 'versions_per_model', size: largestRoster, limit: maxVersions, evictions: this.#evictions.max_versions },
      // In ms of event time: how far a model's least recent live version trails its newest, against the timeout.
      { bound: 'version_idle_timeout', size: idleSpan, limit: idleTimeout, evictions: this.#evictions.idle },
      { bound: 'entry_key_memo', size: this.#keys.size, limit: this.#keys.max, evictions: this.#evictions.entry_key_memo },
      { bound: 'pending_label_joins', size: pending, limit: maxPending, evictions: refused },
    ];
    if (this.#hasher) out.push({ bound: 'category_hash_memo', size: this.#hasher.memoSize, limit: this.#hasher.memoLimit, evictions: this.#hasher.memoEvictions });
    return out;
  }

  /** Event-time windows: stream time may only advance to within maxFutureSkew of the wall clock. */
  #checkEventTime(t: number, maxFutureSkew: number): void {
    if (!Number.isFinite(t) || t < 0) throw new EventRejectedError(`event time ${t} cannot place the event in an event-time window`);
    const limit = this.#wallClock() + maxFutureSkew;
    if (t > limit) {
      throw new EventRejectedError(
        `event time ${t}${t <= 8.64e15 ? ` (${new Date(t).toISOString()})` : ''} is ${Math.round((t - limit + maxFutureSkew) / 1000)} s ahead of the wall clock, beyond window.maxFutureSkew (${maxFutureSkew} ms): it would close every open window`,
      );
    }
  }

  ingestLabel(label: LabelEvent, prediction: JoinedPrediction | undefined, position: number): { outcome: LabelOutcome; output: EngineOutput } {
    const model = this.#models.get(label.model_id);
    const performance = model?.config.performance;
    if (!model || !performance) return { outcome: 'unmonitored', output: emptyOutput() };
    if (!sampledForJoin(label.event_id, performance.sampleRate)) return { outcome: 'unsampled', output: emptyOutput() };
    if (!prediction) return { outcome: 'orphan', output: emptyOutput() };
    if (label.timestamp - prediction.timestamp > performance.joinTtl) return { outcome: 'late', output: emptyOutput() };
    const key = entryKey('labels', label.model_id, prediction.modelVersion);
    const roster = this.#roster('labels', label.model_id);
    const output = emptyOutput();
    const pair = { score: prediction.score, predictedLabel: prediction.label, label: label.label };
    const existing = this.#performance.get(key);
    if (existing) {
      this.#dirty.add(key);
      appendOutput(output, existing.ingest(pair, position, label.timestamp));
    } else {
      this.#checkCapacity(roster, model.config, 'labels', prediction.modelVersion);
      const monitor = new PerformanceMonitor(label.model_id, prediction.modelVersion, model.config, this.#now, model.estimator?.referenceCostOfErrors);
      const applied = monitor.ingest(pair, position, label.timestamp);
      this.#makeRoom(roster, model.config, output);
      this.#performance.set(key, monitor);
      this.#adopt(key, roster, monitor);
      this.#dirty.add(key);
      appendOutput(output, applied);
    }
    for (const idle of roster.idle(label.timestamp, model.config.versionIdleTimeout, key)) this.#retire(idle, 'idle', output);
    return { outcome: 'joined', output };
  }

  /**
   * The writer schema of a model's events on a stream. When it differs from the last one seen, the two are
   * diffed and a schema-change alert says what changed and whether it breaks readers of the old schema.
   */
  observeWriterSchema(stream: EventStream, modelId: string, modelVersion: string, schemaId: number, schema: unknown, position: number): EngineOutput {
    const model = this.#models.get(modelId);
    const out = emptyOutput();
    if (!model) return out;
    const key = entryKey(`schema:${stream}`, modelId, '');
    const seen = this.#schemas.get(key);
    if (seen && position <= seen.position) return out;
    if (seen?.id === schemaId) {
      seen.position = position;
      return out;
    }
    if (this.#hasher) schema = hashedAvroSchema(schema, (text) => this.#hasher!.hash(text));
    this.#schemas.set(key, { id: schemaId, schema, position });
    this.#dirty.add(key);
    if (!seen) return out;
    const diff = diffAvroSchemas(seen.schema, schema);
    const breaking = !diff.backwardCompatible || !diff.forwardCompatible;
    const finding: Finding = {
      detector: 'schema.change',
      metric: 'changed_fields',
      value: diff.changes.length,
      threshold: 0,
      severity: breaking ? 'critical' : 'warning',
      window: { start: position, end: position + 1, count: 1 },
      summary: `${modelId}: the ${stream} writer schema changed from id ${seen.id} to ${schemaId} (${breaking ? 'breaking' : 'compatible'}): ${diff.summary}`,
      details: {
        old_schema_id: seen.id,
        new_schema_id: schemaId,
        breaking,
        backward_compatible: diff.backwardCompatible,
        forward_compatible: diff.forwardCompatible,
        changes: diff.changes.map((c) => `${c.kind} ${c.path}`).join('; '),
      },
    };
    const id = alertId(modelId, { ...finding, metric: `${seen.id}->${schemaId}` });
    out.alerts.push(alertFromFinding(modelId, modelVersion, finding, id, finding.severity as Severity, 'firing', this.#now(), {}));
    return out;
  }

  /** End of input (replay): closes the open event-time windows of every monitor. */
  flush(): EngineOutput {
    const out = emptyOutput();
    for (const [key, monitor] of this.#versions) {
      const more = monitor.flush();
      if (more.reports.length > 0) this.#dirty.add(key);
      appendOutput(out, more);
    }
    return out;
  }

  /** Keys of the entries changed since the last call. */
  takeDirty(): string[] {
    const keys = [...this.#dirty];
    this.#dirty.clear();
    return keys;
  }

  snapshot(key: string): Buffer | undefined {
    const [kind, modelId, modelVersion] = JSON.parse(key) as [string, string, string];
    if (kind.endsWith(PROFILE)) return this.#versions.get(entryKey(kind.slice(0, -PROFILE.length), modelId, modelVersion))?.profileBytes();
    const version = this.#versions.get(key);
    if (version) return version.toBytes();
    const performance = this.#performance.get(key);
    if (performance) return performance.toBytes();
    const joins = this.#joins.get(key);
    if (joins) return joins.toBytes();
    if (kind === SEGMENTS) return Buffer.from(JSON.stringify(this.#models.get(modelId)?.segments?.toJSON() ?? {}));
    const schema = this.#schemas.get(key);
    return schema ? Buffer.from(JSON.stringify(schema)) : undefined;
  }

  /** Restores the entries saved by one partition's checkpoint (a version monitor needs its profile entry). */
  restoreAll(entries: ReadonlyMap<string, Uint8Array>): void {
    // Admitted segment values first: they decide which saved slices still are slices.
    const ordered = [...entries].sort(([a], [b]) => Number(JSON.parse(b)[0] === SEGMENTS) - Number(JSON.parse(a)[0] === SEGMENTS));
    for (const [key, bytes] of ordered) {
      const [kind, modelId, modelVersion] = JSON.parse(key) as [string, string, string];
      const model = this.#models.get(modelId);
      const performance = model?.config.performance;
      const { stream, segment } = parseKind(kind.endsWith(PROFILE) ? kind.slice(0, -PROFILE.length) : kind);
      const kept = model !== undefined && (kind.startsWith('schema:') || (performance !== undefined && (kind === 'labels' || kind === JOINS))
        || (kind === SEGMENTS && model.segments !== undefined)
        || (model.config.streams.includes(stream as EventStream) && (!segment || (model.segments?.holds(segment) ?? false))));
      // State of a model (or stream, or slice) no longer configured: deleted with the partition's next checkpoint.
      if (!kept) this.#retired.add(key);
      if (!model || !kept || kind.endsWith(PROFILE)) continue;
      if (kind.startsWith('schema:')) this.#schemas.set(key, JSON.parse(Buffer.from(bytes).toString('utf8')) as SchemaSeen);
      else if (kind === SEGMENTS) model.segments!.restore(JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, string[]>);
      else if (kind === JOINS) this.#joins.set(key, JoinAdmission.fromBytes(bytes, performance!.joinTtl, performance!.maxPendingJoins));
      else if (kind === 'labels') {
        const monitor = PerformanceMonitor.fromBytes(bytes, model.config, this.#now, model.estimator?.referenceCostOfErrors);
        this.#noteRestoreWarnings(key, monitor.restoreWarnings);
        this.#performance.set(key, monitor);
        this.#roster('labels', modelId).add(key, monitor);
      } else {
        const fixedReference = segment ? model.segmentReferences?.get(segmentText(segment)) : model.fixedReference;
        const init = { config: model.config, fixedReference, estimator: model.estimator, now: this.#now };
        const monitor = VersionMonitor.fromBytes(bytes, init, entries.get(profileKey(entryKey(kind, modelId, modelVersion))));
        this.#noteRestoreWarnings(key, monitor.restoreWarnings);
        this.#versions.set(key, monitor);
        this.#roster(kind, modelId).add(key, monitor);
      }
    }
  }

  #noteRestoreWarnings(entry: string, warnings: readonly DetectorRestoreWarning[]): void {
    for (const warning of warnings) this.#restoreWarnings.push({ entry, ...warning });
  }

  /**
   * Saved detectors that restoreAll found no longer fit the config (a changed anomaly.method, trend
   * switch or metric list), since the last call: they were dropped and the configured ones start fresh.
   * The engine has no logger; the service logs these.
   */
  takeRestoreWarnings(): EntryRestoreWarning[] {
    return this.#restoreWarnings.splice(0);
  }

  /** Where the input must be read again from for this entry (an unfinished reference), if anywhere. */
  resumeFrom(key: string): number | undefined {
    return this.#versions.get(key)?.resumeFrom;
  }

  /** Forgets entries (their partition moved to another process). */
  drop(keys: Iterable<string>): void {
    for (const key of keys) {
      const [kind, modelId] = JSON.parse(key) as [string, string, string];
      this.#rosters.get(`${kind}\u0000${modelId}`)?.remove(key);
      this.#versions.delete(key);
      this.#performance.delete(key);
      this.#schemas.delete(key);
      this.#joins.delete(key);
      this.#dirty.delete(key);
    }
  }
}

const PROFILE = ':profile';
/** Kind of a model's admitted segment values (see SegmentAdmission). */
const SEGMENTS = 'segments';

/** Whether a slice has a monitor: with a reference file, only a slice the file has events of (only ever `other` lacks them). */
function monitoredSlice(model: ModelEntry, segment: Segment): boolean {
  return !model.segmentReferences || model.segmentReferences.has(segmentText(segment));
}

function segmentsKey(modelId: string): string {
  return entryKey(SEGMENTS, modelId, '');
}
/** Kind of a model's label-join admission counts (see JoinAdmission). */
const JOINS = 'joins';

/** The monitor config with its watched feature names as the hasher shows them. */
function hashedFeatureNames(config: MonitorConfig, hasher: CategoryHasher): MonitorConfig {
  if (!config.features) return config;
  return { ...config, features: Object.fromEntries(Object.entries(config.features).map(([name, kind]) => [hasher.featureName(name), kind])) };
}

/** The entry holding a version monitor's reference profile, saved only when it changes. */
function profileKey(versionKey: string): string {
  const [kind, modelId, modelVersion] = JSON.parse(versionKey) as [string, string, string];
  return entryKey(`${kind}${PROFILE}`, modelId, modelVersion);
}

/** Key of an engine entry: its kind (a stream, '<stream>:profile', 'labels' or 'schema:<stream>'), model and version. */
export function entryKey(kind: string, modelId: string, modelVersion: string): string {
  return JSON.stringify([kind, modelId, modelVersion]);
}
