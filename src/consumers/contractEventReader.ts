import type { InputLimits } from '../config/limitsSchema.ts';
import type { EventBatchBuilder } from '../contracts/eventBatchBuilder.ts';

/**
 * Reads an Avro payload written with the PredictionEvent contract's own schema straight into a row of an
 * EventBatchBuilder: no record, no wrapped union, no map object for the features. It takes only what the
 * general path (avsc, the block guard, toPredictionEvent, checkPredictionEventLimits) would accept unchanged;
 * anything else (a truncated or trailing byte, a long beyond 2^53, an empty id, a value over a limit, a feature
 * named like an array index, whose place in a JS object differs from its place in the bytes) makes it give up:
 * it cancels the row and returns false, and the caller decodes the message the general way, which says why.
 */
export function readContractEvent(payload: Buffer, builder: EventBatchBuilder, position: number, limits: InputLimits): boolean {
  const reader = new PayloadReader(payload, limits);
  let started = false;
  try {
    const eventId = reader.id();
    const modelId = reader.id();
    const modelVersion = reader.id();
    const timestamp = reader.long();
    if (timestamp < limits.minTimestamp || timestamp > limits.maxTimestamp) return false;
    builder.startEvent(position, eventId, modelId, modelVersion, timestamp);
    started = true;
    let features = 0;
    for (let count = reader.blockCount(); count > 0; count = reader.blockCount()) {
      for (let i = 0; i < count; i++) {
        if (++features > limits.maxFeatures) return cancel(builder);
        const name = reader.name(features - 1);
        switch (reader.long()) {
          case 0: builder.feature(name, null); break;
          case 1: builder.featureNumber(name, reader.double()); break;
          case 2: builder.featureNumber(name, reader.long()); break;
          case 3: builder.featureString(name, reader.string()); break;
          case 4: builder.feature(name, reader.boolean()); break;
          default: return cancel(builder);
        }
      }
    }
    builder.score(reader.optional() ? reader.double() : null);
    builder.label(reader.optional() ? reader.string() : null);
    builder.probabilities(reader.optional() ? reader.map(() => reader.double()) : null);
    builder.latency(reader.optional() ? reader.double() : null);
    builder.attributes(reader.map(() => reader.string()));
    if (!reader.atEnd()) return cancel(builder);
    builder.endEvent();
    return true;
  } catch (error) {
    if (!(error instanceof GiveUp)) throw error;
    return started ? cancel(builder) : false;
  }
}

function cancel(builder: EventBatchBuilder): false {
  builder.cancelEvent();
  return false;
}

/** Thrown inside the reader where the general path must decide. */
class GiveUp extends Error {}
const giveUp = new GiveUp();

/** Array-index names (a JS object puts them first, in numeric order), and the one name an object literal treats apart. */
const INDEX_NAME = /^(?:0|[1-9]\d{0,9})$/;

/** Places (feature map entries) whose last name is kept, and the longest name kept. */
const NAME_SLOTS = 256;
const MAX_KEPT_NAME_BYTES = 64;
const lastNames: ({ bytes: Uint8Array; text: string } | undefined)[] = new Array(NAME_SLOTS);

function sameBytes(known: Uint8Array, bytes: Buffer, start: number): boolean {
  for (let i = 0; i < known.length; i++) if (known[i] !== bytes[start + i]) return false;
  return true;
}

class PayloadReader {
  readonly #bytes: Buffer;
  readonly #limits: InputLimits;
  #pos = 0;
  /** Items of maps allowed still (the block guard's budget). */
  #items: number;

  constructor(bytes: Buffer, limits: InputLimits) {
    this.#bytes = bytes;
    this.#limits = limits;
    this.#items = limits.maxAvroItems;
  }

  long(): number {
    const bytes = this.#bytes;
    let pos = this.#pos;
    let b = bytes[pos++];
    let n = b & 0x7f;
    let scale = 128;
    while (b & 0x80) {
      if (pos >= bytes.length || scale > 2 ** 49) throw giveUp;
      b = bytes[pos++];
      n += (b & 0x7f) * scale;
      scale *= 128;
    }
    if (pos > bytes.length || n > Number.MAX_SAFE_INTEGER) throw giveUp;
    this.#pos = pos;
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  double(): number {
    if (this.#pos + 8 > this.#bytes.length) throw giveUp;
    const x = this.#bytes.readDoubleLE(this.#pos);
    this.#pos += 8;
    return x;
  }

  boolean(): boolean {
    const b = this.#bytes[this.#pos++];
    if (b !== 0 && b !== 1) throw giveUp;
    return b === 1;
  }

  string(): string {
    const length = this.long();
    const end = this.#pos + length;
    if (length < 0 || end > this.#bytes.length) throw giveUp;
    return this.string0(this.#pos, end);
  }

  id(): string {
    const text = this.string();
    if (text.length === 0 || text.length > this.#limits.maxIdLength) throw giveUp;
    return text;
  }

  /** A map key: producers repeat the same names in the same order, so the text of each place's last name is kept. */
  name(slot: number): string {
    const length = this.long();
    const start = this.#pos;
    const end = start + length;
    if (length < 0 || end > this.#bytes.length) throw giveUp;
    const known = slot < NAME_SLOTS ? lastNames[slot] : undefined;
    if (known !== undefined && known.bytes.length === length && sameBytes(known.bytes, this.#bytes, start)) {
      if (known.text.length > this.#limits.maxFeatureNameLength || known.text.length > this.#limits.maxStringLength) throw giveUp;
      this.#pos = end;
      return known.text;
    }
    const text = this.#checkedName(this.string0(start, end));
    if (slot < NAME_SLOTS && length <= MAX_KEPT_NAME_BYTES) lastNames[slot] = { bytes: Uint8Array.prototype.slice.call(this.#bytes, start, end), text };
    return text;
  }

  /** The text of bytes [start, end), within maxStringLength. */
  string0(start: number, end: number): string {
    const text = this.#bytes.toString('utf8', start, end);
    this.#pos = end;
    if (text.length > this.#limits.maxStringLength) throw giveUp;
    return text;
  }

  #checkedName(text: string): string {
    if (text.length > this.#limits.maxFeatureNameLength || INDEX_NAME.test(text) || text === '__proto__') throw giveUp;
    return text;
  }

  /** A [null, T] union: whether T follows. */
  optional(): boolean {
    const branch = this.long();
    if (branch !== 0 && branch !== 1) throw giveUp;
    return branch === 1;
  }

  /** A map block's count (0 ends the map), its byte size skipped. */
  blockCount(): number {
    let count = this.long();
    if (count < 0) {
      count = -count;
      this.long();
    }
    this.#items -= count;
    if (this.#items < 0) throw giveUp;
    return count;
  }

  map<T>(value: () => T): Record<string, T> {
    const out: Record<string, T> = {};
    let size = 0;
    for (let count = this.blockCount(); count > 0; count = this.blockCount()) {
      for (let i = 0; i < count; i++) {
        const key = this.name(NAME_SLOTS);
        if (!Object.hasOwn(out, key) && ++size > this.#limits.maxFeatures) throw giveUp;
        out[key] = value();
      }
    }
    return out;
  }

  atEnd(): boolean {
    return this.#pos === this.#bytes.length;
  }
}
