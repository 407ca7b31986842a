import type { MonitorConfig } from '../config/configSchema.ts';
import type { LabelEvent, PredictionEvent } from '../contracts/events.ts';
import type { Finding, Severity } from '../detectors/finding.ts';
import { diffAvroSchemas } from '../detectors/schema/schemaDiff.ts';
import { alertFromFinding, alertId } from './alertFromFinding.ts';
import { appendOutput, emptyOutput, type EngineOutput } from './engineOutput.ts';
import { EventRejectedError } from './eventRejectedError.ts';
import { PerformanceMonitor } from './performanceMonitor.ts';
import { buildReferenceProfile, type ReferenceProfile } from './referenceProfile.ts';
import { watchedFeatures } from './watchedFeatures.ts';
import { VersionMonitor } from './versionMonitor.ts';

export type EventStream = 'predictions' | 'features';

/** What the label join found for a label: the prediction it belongs to. */
export interface JoinedPrediction {
  modelVersion: string;
  /** Event time of the prediction, ms. */
  timestamp: number;
  score: number | null;
  label: string | null;
}

export type LabelOutcome = 'joined' | 'orphan' | 'late' | 'unmonitored';

export interface EngineInit {
  monitors: readonly MonitorConfig[];
  /** Reference events of the monitors whose reference source is a file, by model id. */
  referenceEvents?: ReadonlyMap<string, readonly PredictionEvent[]>;
  /** Wall clock for created_at stamps. */
  now?: () => number;
  /** Wall clock that bounds event time (window.maxFutureSkew); Date.now by default. */
  wallClock?: () => number;
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
  readonly #models = new Map<string, { config: MonitorConfig; fixedReference?: ReferenceProfile }>();
  readonly #versions = new Map<string, VersionMonitor>();
  readonly #performance = new Map<string, PerformanceMonitor>();
  readonly #schemas = new Map<string, SchemaSeen>();
  readonly #dirty = new Set<string>();
  readonly #keys = new Map<string, string>();
  readonly #now: () => number;
  readonly #wallClock: () => number;

  constructor(init: EngineInit) {
    this.#now = init.now ?? Date.now;
    this.#wallClock = init.wallClock ?? Date.now;
    for (const config of init.monitors) {
      let fixedReference: ReferenceProfile | undefined;
      if (config.reference.source === 'file') {
        const events = init.referenceEvents?.get(config.model);
        if (!events || events.length === 0) throw new Error(`model ${config.model}: the reference file ${config.reference.path} has no events for it`);
        const features = watchedFeatures(config.features, config.monitorPrediction, events);
        const w = config.window;
        const chunk = config.drift.calibrate ? (w.type === 'count' ? w.size : Math.max(100, Math.floor(events.length / 10))) : undefined;
        fixedReference = buildReferenceProfile(features, events, chunk);
      }
      this.#models.set(config.model, { config, fixedReference });
    }
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

  ingest(stream: EventStream, event: PredictionEvent, position: number): EngineOutput {
    const model = this.#models.get(event.model_id);
    if (!model || !model.config.streams.includes(stream)) return emptyOutput();
    const w = model.config.window;
    if (w.type === 'eventTime') this.#checkEventTime(event, w.maxFutureSkew);
    const key = this.#versionKey(stream, event.model_id, event.model_version);
    let monitor = this.#versions.get(key);
    const created = !monitor;
    if (!monitor) {
      monitor = new VersionMonitor({
        modelId: event.model_id, modelVersion: event.model_version, stream, config: model.config, fixedReference: model.fixedReference, now: this.#now,
      });
      this.#versions.set(key, monitor);
    }
    this.#dirty.add(key);
    let output: EngineOutput;
    try {
      output = monitor.ingest(event, position);
    } catch (error) {
      if (created) {
        this.#versions.delete(key);
        this.#dirty.delete(key);
      }
      throw error;
    }
    if (monitor.takeProfileChanged()) this.#dirty.add(profileKey(key));
    return output;
  }

  /** Event-time windows: stream time may only advance to within maxFutureSkew of the wall clock. */
  #checkEventTime(event: PredictionEvent, maxFutureSkew: number): void {
    const t = event.timestamp;
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
    if (!prediction) return { outcome: 'orphan', output: emptyOutput() };
    if (label.timestamp - prediction.timestamp > performance.joinTtl) return { outcome: 'late', output: emptyOutput() };
    const key = entryKey('labels', label.model_id, prediction.modelVersion);
    let monitor = this.#performance.get(key);
    if (!monitor) {
      monitor = new PerformanceMonitor(label.model_id, prediction.modelVersion, model.config, this.#now);
      this.#performance.set(key, monitor);
    }
    this.#dirty.add(key);
    const output = monitor.ingest({ score: prediction.score, predictedLabel: prediction.label, label: label.label }, position);
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
    const schema = this.#schemas.get(key);
    return schema ? Buffer.from(JSON.stringify(schema)) : undefined;
  }

  /** Restores the entries saved by one partition's checkpoint (a version monitor needs its profile entry). */
  restoreAll(entries: ReadonlyMap<string, Uint8Array>): void {
    for (const [key, bytes] of entries) {
      const [kind, modelId, modelVersion] = JSON.parse(key) as [string, string, string];
      const model = this.#models.get(modelId);
      if (!model || kind.endsWith(PROFILE)) continue;
      if (kind.startsWith('schema:')) this.#schemas.set(key, JSON.parse(Buffer.from(bytes).toString('utf8')) as SchemaSeen);
      else if (kind === 'labels') {
        if (model.config.performance) this.#performance.set(key, PerformanceMonitor.fromBytes(bytes, model.config, this.#now));
      } else if (model.config.streams.includes(kind as EventStream)) {
        const init = { config: model.config, fixedReference: model.fixedReference, now: this.#now };
        this.#versions.set(key, VersionMonitor.fromBytes(bytes, init, entries.get(profileKey(entryKey(kind, modelId, modelVersion)))));
      }
    }
  }

  /** Where the input must be read again from for this entry (an unfinished reference), if anywhere. */
  resumeFrom(key: string): number | undefined {
    return this.#versions.get(key)?.resumeFrom;
  }

  /** Forgets entries (their partition moved to another process). */
  drop(keys: Iterable<string>): void {
    for (const key of keys) {
      this.#versions.delete(key);
      this.#performance.delete(key);
      this.#schemas.delete(key);
      this.#dirty.delete(key);
    }
  }
}

const PROFILE = ':profile';

/** The entry holding a version monitor's reference profile, saved only when it changes. */
function profileKey(versionKey: string): string {
  const [kind, modelId, modelVersion] = JSON.parse(versionKey) as [string, string, string];
  return entryKey(`${kind}${PROFILE}`, modelId, modelVersion);
}

/** Key of an engine entry: its kind (a stream, '<stream>:profile', 'labels' or 'schema:<stream>'), model and version. */
export function entryKey(kind: string, modelId: string, modelVersion: string): string {
  return JSON.stringify([kind, modelId, modelVersion]);
}
