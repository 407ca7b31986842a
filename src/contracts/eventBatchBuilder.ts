import { ValueTag, type EventBatch, type FieldColumn } from './eventBatch.ts';
import type { PredictionEvent } from './events.ts';

const INITIAL_CAPACITY = 64;

/** One column being written: grows by doubling; rows never written stay `absent`. */
class ColumnWriter {
  readonly name: string;
  tags: Uint8Array;
  numbers: Float64Array;
  codes: Int32Array;
  readonly dictionary: string[] = [];
  readonly #codeOf = new Map<string, number>();
  readonly others = new Map<number, unknown>();

  constructor(name: string, capacity: number) {
    this.name = name;
    this.tags = new Uint8Array(capacity);
    this.numbers = new Float64Array(capacity);
    this.codes = new Int32Array(capacity);
  }

  grow(capacity: number): void {
    const tags = new Uint8Array(capacity);
    tags.set(this.tags);
    this.tags = tags;
    const numbers = new Float64Array(capacity);
    numbers.set(this.numbers);
    this.numbers = numbers;
    const codes = new Int32Array(capacity);
    codes.set(this.codes);
    this.codes = codes;
  }

  number(row: number, value: number): void {
    this.tags[row] = ValueTag.number;
    this.numbers[row] = value;
  }

  string(row: number, value: string, tag: ValueTag = ValueTag.string): void {
    let code = this.#codeOf.get(value);
    if (code === undefined) {
      code = this.dictionary.length;
      this.dictionary.push(value);
      this.#codeOf.set(value, code);
    }
    this.tags[row] = tag;
    this.codes[row] = code;
  }

  value(row: number, value: unknown): void {
    if (value === undefined) this.clear(row);
    else if (value === null) this.tags[row] = ValueTag.null;
    else if (typeof value === 'number') this.number(row, value);
    else if (typeof value === 'string') this.string(row, value);
    else if (typeof value === 'boolean') this.string(row, value ? 'true' : 'false', ValueTag.boolean);
    else {
      this.tags[row] = ValueTag.other;
      this.others.set(row, value);
    }
  }

  clear(row: number): void {
    if (this.tags[row] === ValueTag.other) this.others.delete(row);
    this.tags[row] = ValueTag.absent;
    this.numbers[row] = 0;
  }

  column(length: number): FieldColumn {
    return {
      name: this.name,
      tags: this.tags.subarray(0, length),
      numbers: this.numbers.subarray(0, length),
      codes: this.codes.subarray(0, length),
      dictionary: this.dictionary,
      others: this.others,
    };
  }
}

/**
 * Writes events into an EventBatch row by row: decoders call startEvent, then the setters for what the event
 * holds, then endEvent (or cancelEvent, when the event turns out malformed half-way: the row is dropped and
 * nothing of it stays). Not reusable after finish().
 */
export class EventBatchBuilder {
  #capacity: number;
  #length = 0;
  /** The row being written, or −1 between events. */
  #row = -1;
  #positions: Float64Array;
  #timestamps: Float64Array;
  readonly #eventIds: string[] = [];
  readonly #modelIds: string[] = [];
  readonly #modelVersions: string[] = [];
  readonly #probabilities: (Readonly<Record<string, number>> | null)[] = [];
  readonly #attributes: Readonly<Record<string, string>>[] = [];
  readonly #features = new Map<string, ColumnWriter>();
  readonly #score: ColumnWriter;
  readonly #label: ColumnWriter;
  readonly #latency: ColumnWriter;
  /** Feature columns the current row wrote, for cancelEvent. */
  readonly #touched: ColumnWriter[] = [];

  constructor(capacity = INITIAL_CAPACITY) {
    this.#capacity = Math.max(1, capacity);
    this.#positions = new Float64Array(this.#capacity);
    this.#timestamps = new Float64Array(this.#capacity);
    this.#score = new ColumnWriter('prediction.score', this.#capacity);
    this.#label = new ColumnWriter('prediction.label', this.#capacity);
    this.#latency = new ColumnWriter('latency_ms', this.#capacity);
  }

  get length(): number {
    return this.#length;
  }

  startEvent(position: number, eventId: string, modelId: string, modelVersion: string, timestamp: number): void {
    if (this.#row !== -1) throw new Error('EventBatchBuilder: startEvent before the previous event ended');
    if (this.#length === this.#capacity) this.#grow();
    const row = this.#length;
    this.#row = row;
    this.#positions[row] = position;
    this.#timestamps[row] = timestamp;
    this.#eventIds[row] = eventId;
    this.#modelIds[row] = modelId;
    this.#modelVersions[row] = modelVersion;
    this.#probabilities[row] = null;
    this.#attributes[row] = EMPTY_ATTRIBUTES;
    this.#score.tags[row] = ValueTag.null;
    this.#label.tags[row] = ValueTag.null;
    this.#latency.tags[row] = ValueTag.null;
  }

  featureNumber(name: string, value: number): void {
    this.#feature(name).number(this.#row, value);
  }

  featureString(name: string, value: string): void {
    this.#feature(name).string(this.#row, value);
  }

  /** Any decoded value: null, number, string, boolean, or something else (kept as `other`). */
  feature(name: string, value: unknown): void {
    this.#feature(name).value(this.#row, value);
  }

  score(value: number | null): void {
    this.#score.value(this.#row, value);
  }

  label(value: string | null): void {
    this.#label.value(this.#row, value);
  }

  latency(value: number | null): void {
    this.#latency.value(this.#row, value);
  }

  probabilities(value: Readonly<Record<string, number>> | null): void {
    this.#probabilities[this.#row] = value;
  }

  attributes(value: Readonly<Record<string, string>>): void {
    this.#attributes[this.#row] = value;
  }

  endEvent(): void {
    this.#length = this.#row + 1;
    this.#row = -1;
    this.#touched.length = 0;
  }

  /** Drops the event being written. */
  cancelEvent(): void {
    const row = this.#row;
    if (row === -1) return;
    for (const column of this.#touched) column.clear(row);
    this.#touched.length = 0;
    this.#score.clear(row);
    this.#label.clear(row);
    this.#latency.clear(row);
    this.#row = -1;
  }

  /** A whole event object as one row. */
  add(event: PredictionEvent, position: number): void {
    this.startEvent(position, event.event_id, event.model_id, event.model_version, event.timestamp);
    for (const name in event.features) this.feature(name, event.features[name]);
    this.score(event.prediction.score);
    this.label(event.prediction.label);
    this.latency(event.latency_ms);
    this.probabilities(event.prediction.probabilities);
    this.attributes(event.attributes);
    this.endEvent();
  }

  finish(): EventBatch {
    if (this.#row !== -1) throw new Error('EventBatchBuilder: finish while an event is being written');
    const n = this.#length;
    const features = new Map<string, FieldColumn>();
    for (const [name, writer] of this.#features) features.set(name, writer.column(n));
    return {
      length: n,
      positions: this.#positions.subarray(0, n),
      timestamps: this.#timestamps.subarray(0, n),
      eventIds: this.#eventIds.slice(0, n),
      modelIds: this.#modelIds.slice(0, n),
      modelVersions: this.#modelVersions.slice(0, n),
      features,
      score: this.#score.column(n),
      label: this.#label.column(n),
      latency: this.#latency.column(n),
      probabilities: this.#probabilities.slice(0, n),
      attributes: this.#attributes.slice(0, n),
    };
  }

  #feature(name: string): ColumnWriter {
    let writer = this.#features.get(name);
    if (writer === undefined) {
      writer = new ColumnWriter(name, this.#capacity);
      this.#features.set(name, writer);
    }
    if (this.#touched.at(-1) !== writer) this.#touched.push(writer);
    return writer;
  }

  #grow(): void {
    const capacity = this.#capacity * 2;
    const positions = new Float64Array(capacity);
    positions.set(this.#positions);
    this.#positions = positions;
    const timestamps = new Float64Array(capacity);
    timestamps.set(this.#timestamps);
    this.#timestamps = timestamps;
    for (const writer of this.#features.values()) writer.grow(capacity);
    this.#score.grow(capacity);
    this.#label.grow(capacity);
    this.#latency.grow(capacity);
    this.#capacity = capacity;
  }
}

const EMPTY_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});
