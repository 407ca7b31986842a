import type { DriftwatchConfig } from '../config/configSchema.ts';
import { EventBatchBuilder } from '../contracts/eventBatchBuilder.ts';
import type { LabelEvent } from '../contracts/events.ts';
import type { EngineOutput } from '../monitor/engineOutput.ts';
import { EventRejectedError } from '../monitor/eventRejectedError.ts';
import { MonitorEngine, type EventStream } from '../monitor/monitorEngine.ts';
import { BatchPipeline } from '../monitor/batchPipeline.ts';
import { MemoryJoinRecords } from '../monitor/memoryJoinRecords.ts';
import { readLabelEvents, readPredictionEvents, type RejectedRecord } from './fileEvents/readEvents.ts';
import { loadReferenceEvents } from './referenceEvents.ts';

/** Events per pipeline batch: a chunk of a file, as a Kafka batch is of a partition. */
const CHUNK = 4096;

export interface ReplayInput {
  config: DriftwatchConfig;
  /** The config file's path: file references are relative to it. */
  configPath: string;
  events: string;
  labels?: string;
  stream: EventStream;
  /** Called with what each input produced, in input order. */
  onOutput: (output: EngineOutput) => void;
  onRejected: (rejected: RejectedRecord) => void;
  /** Called after each event or label read, with the events and labels read so far. */
  onProgress?: (events: number, labels: number) => void;
}

export interface ReplayCounts {
  events: number;
  labels: number;
  joined: number;
  orphan: number;
  late: number;
  unsampled: number;
}

/**
 * Runs the monitor engine over files, with no Kafka and no Redis: the same code path as `serve` from a
 * decoded event to findings, through the same BatchPipeline, label join included. Events (and labels) are
 * taken in file order; labels are interleaved with the events by timestamp (both files are expected in time
 * order) and joined in memory (MemoryJoinRecords: serve's records, keys, admission and time-to-live). At the end of input the
 * open event-time windows are closed. `driftwatch replay` and `driftwatch demo` both run this.
 */
export async function replayFiles(input: ReplayInput): Promise<ReplayCounts> {
  const { config, onOutput: write, onRejected } = input;
  const reference = await loadReferenceEvents(config.monitors, input.configPath, onRejected);
  const engine = new MonitorEngine({ monitors: config.monitors, state: config.state, privacy: config.privacy, referenceEvents: reference.events, referenceTargets: reference.targets });
  const mapped = config.monitors.filter((m) => m.mapping);
  const mapping = mapped.length === 1 ? { mapping: mapped[0].mapping!, modelId: mapped[0].model } : undefined;
  const { limits } = config;
  const events = readPredictionEvents(input.events, { mapping, onRejected, limits })[Symbol.asyncIterator]();
  const labelMapped = config.monitors.filter((m) => m.performance?.labelMapping);
  const labelMapping = labelMapped.length === 1 ? { mapping: labelMapped[0].performance!.labelMapping!, modelId: labelMapped[0].model } : undefined;
  const labels = input.labels ? readLabelEvents(input.labels, { mapping: labelMapping, onRejected, limits })[Symbol.asyncIterator]() : undefined;
  const pipeline = new BatchPipeline(engine);
  const joins = new MemoryJoinRecords();
  let nextEvent = await events.next();
  let nextLabel = labels ? await labels.next() : undefined;
  let eventPosition = 0;
  let labelPosition = 0;
  let labelsRead = 0;
  const counts: ReplayCounts = { events: 0, labels: 0, joined: 0, orphan: 0, late: 0, unsampled: 0 };
  while (!nextEvent.done || (nextLabel && !nextLabel.done)) {
    const takeLabel = nextLabel && !nextLabel.done && (nextEvent.done || nextLabel.value.label.timestamp < nextEvent.value.event.timestamp);
    if (takeLabel) {
      // Labels up to the next event's time (or CHUNK of them) go through the pipeline as one batch, as serve's do.
      const batch: { label: LabelEvent; position: number }[] = [];
      const eventTime = nextEvent.done ? Infinity : nextEvent.value.event.timestamp;
      while (nextLabel && !nextLabel.done && batch.length < CHUNK && nextLabel.value.label.timestamp < eventTime) {
        batch.push({ label: nextLabel.value.label, position: labelPosition++ });
        nextLabel = await labels!.next();
      }
      const result = await pipeline.labels(batch, joins);
      if (result.rejected.length > 0) throw result.rejected[0].error;
      joins.apply([], result.joinDeletes);
      for (const { outcome } of result.outcomes) {
        counts.labels++;
        counts[outcome]++;
      }
      write(result.output);
      labelsRead += batch.length;
    } else {
      // Events up to the next label's time (or CHUNK of them) go through the pipeline as one batch.
      const builder = new EventBatchBuilder();
      const locations: string[] = [];
      const labelTime = nextLabel && !nextLabel.done ? nextLabel.value.label.timestamp : Infinity;
      while (!nextEvent.done && builder.length < CHUNK && !(labelTime < nextEvent.value.event.timestamp)) {
        builder.add(nextEvent.value.event, eventPosition++);
        locations.push(nextEvent.value.location);
        nextEvent = await events.next();
      }
      const result = pipeline.eventBatch(input.stream, builder.finish(), joins);
      for (const { input: row, error } of result.rejected) {
        if (!(error instanceof EventRejectedError)) throw error;
        onRejected({ location: locations[row], kind: 'limit', message: error.message });
      }
      joins.apply(result.joinWrites, []);
      counts.events += result.applied.length + result.unmonitored.length;
      write(result.output);
    }
    input.onProgress?.(counts.events, labelsRead);
  }
  write(engine.flush());
  return counts;
}
