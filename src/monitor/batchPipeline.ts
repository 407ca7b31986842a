import { ValueTag, eventAt, type EventBatch } from '../contracts/eventBatch.ts';
import type { LabelEvent, PredictionEvent } from '../contracts/events.ts';
import { appendOutput, emptyOutput, type EngineOutput } from './engineOutput.ts';
import type { EventStream, JoinedPrediction, LabelOutcome, MonitorEngine } from './monitorEngine.ts';

/** A decoded prediction (or feature) event at its position in its partition or file. */
export interface DecodedEvent {
  event: PredictionEvent;
  position: number;
  /** The Avro writer schema it was read with, when it came through the registry. */
  writer?: { id: number; schema: unknown };
}

export interface DecodedLabel {
  label: LabelEvent;
  position: number;
}

/**
 * Where predictions wait for their labels: Redis in serve (LabelJoinStore), memory in replay
 * (MemoryJoinRecords). `W` is what a stored prediction becomes (a checkpoint's extra write in serve), `K`
 * how a joined one is named for deletion (a Redis key in serve).
 */
export interface JoinRecords<W, K> {
  /** The waiting predictions of these events of one model, in order; undefined where none waits. */
  find(modelId: string, eventIds: string[]): Promise<(JoinedPrediction | undefined)[]>;
  /** A prediction to store for its label, kept for ttlMs. Stored by the caller, with the batch's results. */
  writeFor(modelId: string, eventId: string, record: JoinedPrediction, ttlMs: number): W;
  /** The records of joined events, deleted by the caller with the batch's results. */
  deleteKeysFor(modelId: string, eventIds: string[]): K[];
}

/** An input the engine refused or failed on; the batch went on without it. */
export interface RejectedInput<T> {
  input: T;
  error: unknown;
}

export interface EventBatchResult<W> {
  output: EngineOutput;
  /** The events applied, in order. */
  applied: DecodedEvent[];
  /** Events of models (or streams) nothing monitors. */
  unmonitored: DecodedEvent[];
  rejected: RejectedInput<DecodedEvent>[];
  /** Predictions to store for the label join. */
  joinWrites: W[];
}

/** EventBatchResult for an EventBatch: inputs named by their row. */
export interface EventRowsResult<W> {
  output: EngineOutput;
  /** Rows applied, in order. */
  applied: number[];
  /** Rows of models (or streams) nothing monitors. */
  unmonitored: number[];
  rejected: RejectedInput<number>[];
  /** Predictions to store for the label join. */
  joinWrites: W[];
}

/** The Avro writer schema a row was read with (undefined for JSON). */
export type RowWriter = { id: number; schema: unknown } | undefined;

export interface LabelBatchResult<K> {
  output: EngineOutput;
  /** Every monitored label applied, with what the join made of it, in order. */
  outcomes: { label: DecodedLabel; outcome: Exclude<LabelOutcome, 'unmonitored'> }[];
  unmonitored: DecodedLabel[];
  rejected: RejectedInput<DecodedLabel>[];
  /** Join records of the joined labels, to delete with the batch's results. */
  joinDeletes: K[];
}

/**
 * From a batch of decoded events (or labels) of one partition or file chunk to everything it produced:
 * the engine's reports, alerts and retraining requests, the label-join records to store and to delete,
 * each label's outcome and the inputs refused. `serve` (per Kafka batch) and `replay` (per file chunk) both
 * run it; they differ only in where join records live and where the results go.
 */
export class BatchPipeline {
  readonly #engine: MonitorEngine;

  constructor(engine: MonitorEngine) {
    this.#engine = engine;
  }

  /**
   * `restoredThrough`: the position the restored state already holds (a partition's checkpoint, else −1);
   * events up to it are read again only for monitors catching up, and store no join record.
   */
  events<W>(stream: EventStream, batch: readonly DecodedEvent[], joins: JoinRecords<W, unknown>, restoredThrough = -1): EventBatchResult<W> {
    const result: EventBatchResult<W> = { output: emptyOutput(), applied: [], unmonitored: [], rejected: [], joinWrites: [] };
    const monitored: DecodedEvent[] = [];
    for (const item of batch) (this.#engine.monitors(stream, item.event.model_id) ? monitored : result.unmonitored).push(item);
    this.#applyEvents(stream, monitored, joins, restoredThrough, result);
    return result;
  }

  /**
   * events() for a batch of columns: the same output, join writes and refusals, row for row. The rows of a model
   * version go to the engine together (MonitorEngine.ingestRows) once its monitor has its reference; before
   * that (a new version, a reference being collected, a previousWindow reference) one by one, as events.
   * `writers[row]`: the writer schema the row was read with.
   */
  eventBatch<W>(stream: EventStream, batch: EventBatch, joins: JoinRecords<W, unknown>, restoredThrough = -1, writers?: readonly RowWriter[]): EventRowsResult<W> {
    const result: EventRowsResult<W> = { output: emptyOutput(), applied: [], unmonitored: [], rejected: [], joinWrites: [] };
    const monitored = this.#engine.monitoredBatch(batch);
    const { modelIds, modelVersions } = batch;
    for (let from = 0; from < batch.length;) {
      let end = from + 1;
      while (end < batch.length && modelIds[end] === modelIds[from] && modelVersions[end] === modelVersions[from]) end++;
      if (this.#engine.monitors(stream, modelIds[from])) this.#applyRun(stream, batch, monitored, from, end, joins, restoredThrough, writers, result);
      else for (let row = from; row < end; row++) result.unmonitored.push(row);
      from = end;
    }
    return result;
  }

  /** Rows [from, end) of one model version. */
  #applyRun<W>(
    stream: EventStream, batch: EventBatch, monitored: EventBatch, from: number, end: number,
    joins: JoinRecords<W, unknown>, restoredThrough: number, writers: readonly RowWriter[] | undefined, into: EventRowsResult<W>,
  ): void {
    const engine = this.#engine;
    const modelId = batch.modelIds[from];
    const modelVersion = batch.modelVersions[from];
    let row = from;
    for (; row < end && !engine.takesRows(stream, modelId, modelVersion); row++) {
      const one: EventBatchResult<W> = { output: into.output, applied: [], unmonitored: [], rejected: [], joinWrites: into.joinWrites };
      this.#applyEvents(stream, [{ event: eventAt(batch, row), position: batch.positions[row], writer: writers?.[row] }], joins, restoredThrough, one);
      if (one.applied.length > 0) into.applied.push(row);
      for (const { error } of one.rejected) into.rejected.push({ input: row, error });
    }
    const ttl = stream === 'predictions' ? engine.joinTtlMs(modelId) : undefined;
    let rows: number[] = [];
    const ingest = () => {
      if (rows.length === 0) return;
      appendOutput(into.output, engine.ingestRows(stream, monitored, Int32Array.from(rows), restoredThrough));
      into.applied.push(...rows);
      rows = [];
    };
    let writer: RowWriter;
    let lastWritten = -1;
    for (; row < end; row++) {
      const position = batch.positions[row];
      // As #applyEvents: the join record is admitted and made first, and a failure there refuses the row.
      let joinWrite: W | undefined;
      try {
        joinWrite = ttl !== undefined && position > restoredThrough && engine.admitJoin(modelId, batch.eventIds[row]) ? this.#joinWrite(batch, row, joins, ttl) : undefined;
      } catch (error) {
        into.rejected.push({ input: row, error });
        continue;
      }
      const rejection = engine.rowRejection(stream, batch, row);
      if (rejection) {
        into.rejected.push({ input: row, error: rejection });
        continue;
      }
      const rowWriter = writers?.[row];
      if (rowWriter) {
        if (rowWriter.id !== writer?.id) {
          ingest();
          appendOutput(into.output, engine.observeWriterSchema(stream, modelId, modelVersion, rowWriter.id, rowWriter.schema, position));
        }
        writer = rowWriter;
        lastWritten = position;
      }
      if (joinWrite !== undefined) into.joinWrites.push(joinWrite);
      rows.push(row);
    }
    ingest();
    // ingest() names each event's writer; only the last one's position stays.
    if (writer) engine.observeWriterSchema(stream, modelId, modelVersion, writer.id, writer.schema, lastWritten);
  }

  #joinWrite<W>(batch: EventBatch, row: number, joins: JoinRecords<W, unknown>, ttl: number): W {
    const { score, label } = batch;
    return joins.writeFor(batch.modelIds[row], batch.eventIds[row], {
      modelVersion: batch.modelVersions[row],
      timestamp: batch.timestamps[row],
      score: score.tags[row] === ValueTag.number ? score.numbers[row] : null,
      label: label.tags[row] === ValueTag.string ? label.dictionary[label.codes[row]] : null,
    }, ttl);
  }

  /** The one place events reach the engine: each applied in order; one that fails is rejected, the rest go on. */
  #applyEvents<W>(stream: EventStream, items: readonly DecodedEvent[], joins: JoinRecords<W, unknown>, restoredThrough: number, into: EventBatchResult<W>): void {
    const engine = this.#engine;
    for (const item of items) {
      const { event, position, writer } = item;
      try {
        // The join record first: one that cannot be stored refuses the event before the engine sees it.
        const ttl = engine.joinTtlMs(event.model_id);
        const joinWrite = stream === 'predictions' && ttl !== undefined && position > restoredThrough && engine.admitJoin(event.model_id, event.event_id)
          ? joins.writeFor(event.model_id, event.event_id, { modelVersion: event.model_version, timestamp: event.timestamp, score: event.prediction.score, label: event.prediction.label }, ttl)
          : undefined;
        const out = writer ? engine.observeWriterSchema(stream, event.model_id, event.model_version, writer.id, writer.schema, position) : emptyOutput();
        appendOutput(out, engine.ingest(stream, event, position, restoredThrough));
        appendOutput(into.output, out);
        into.applied.push(item);
        if (joinWrite !== undefined) into.joinWrites.push(joinWrite);
      } catch (error) {
        into.rejected.push({ input: item, error });
      }
    }
  }

  /**
   * Joins the labels to their waiting predictions (one lookup per model) and applies them in order. Within
   * one batch every copy of a label sees the same record; the records of joined labels are returned for
   * deletion, not deleted.
   */
  async labels<K>(batch: readonly DecodedLabel[], joins: JoinRecords<unknown, K>): Promise<LabelBatchResult<K>> {
    const result: LabelBatchResult<K> = { output: emptyOutput(), outcomes: [], unmonitored: [], rejected: [], joinDeletes: [] };
    const byModel = new Map<string, DecodedLabel[]>();
    for (const item of batch) {
      if (!this.#engine.monitors('labels', item.label.model_id)) {
        result.unmonitored.push(item);
        continue;
      }
      const list = byModel.get(item.label.model_id);
      if (list) list.push(item);
      else byModel.set(item.label.model_id, [item]);
    }
    const joined = new Map<DecodedLabel, JoinedPrediction | undefined>();
    for (const [modelId, list] of byModel) {
      const records = await joins.find(modelId, list.map((l) => l.label.event_id));
      list.forEach((l, i) => joined.set(l, records[i]));
    }
    for (const item of batch) {
      if (!joined.has(item)) continue;
      try {
        const { outcome, output } = this.#engine.ingestLabel(item.label, joined.get(item), item.position);
        appendOutput(result.output, output);
        if (outcome === 'unmonitored') continue;
        result.outcomes.push({ label: item, outcome });
        if (outcome === 'joined') result.joinDeletes.push(...joins.deleteKeysFor(item.label.model_id, [item.label.event_id]));
      } catch (error) {
        result.rejected.push({ input: item, error });
      }
    }
    return result;
  }
}
