/**
 * The one byte format for every serialisable detector state: references, window states and window
 * assigners, quality and performance windows, trend and anomaly detectors, persistence.
 *
 *   magic 0x44 0x57 ('DW') · kind (string) · format version (u8) · fields
 *
 * Fields: u8 and bool; unsigned LEB128 varints for counts, lengths and indexes (any safe integer);
 * little-endian IEEE-754 float64 (NaN, ±Infinity and −0 round-trip); UTF-8 strings and arrays
 * prefixed by their length as a varint. The kind is a dotted name ('window.numeric', 'trend.cusum'),
 * so bytes are never read by the wrong class, and the reader names the format versions it can read,
 * so a newer build's state is refused rather than misread. Every decoding failure throws
 * StateDecodeError naming the kind.
 */

export class StateDecodeError extends Error {
  override name = 'StateDecodeError';
}

const MAGIC = [0x44, 0x57]; // 'DW'

export class StateWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  /** `sizeHint`: expected bytes, to avoid regrowing the buffer for large states. */
  constructor(kind: string, version: number, sizeHint = 64) {
    if (!Number.isInteger(version) || version < 0 || version > 255) throw new RangeError(`format version must be an integer in [0, 255], got ${version}`);
    this.buf = new Uint8Array(Math.max(16, sizeHint));
    this.view = new DataView(this.buf.buffer);
    this.u8(MAGIC[0]).u8(MAGIC[1]).str(kind).u8(version);
  }

  u8(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 255) throw new RangeError(`cannot encode ${value} as an unsigned byte`);
    this.reserve(1);
    this.buf[this.pos++] = value;
    return this;
  }

  bool(value: boolean): this {
    return this.u8(value ? 1 : 0);
  }

  /** Non-negative integer up to 2^53 − 1, in 1 to 8 bytes. */
  uvarint(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`cannot encode ${value} as a varint: it must be a non-negative safe integer`);
    this.reserve(8);
    while (value >= 0x80) {
      this.buf[this.pos++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.buf[this.pos++] = value;
    return this;
  }

  f64(value: number): this {
    this.reserve(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
    return this;
  }

  f64s(values: ArrayLike<number>): this {
    this.uvarint(values.length);
    this.reserve(values.length * 8);
    for (let i = 0; i < values.length; i++) this.f64(values[i]);
    return this;
  }

  str(value: string): this {
    const encoded = new TextEncoder().encode(value);
    this.uvarint(encoded.length);
    this.reserve(encoded.length);
    this.buf.set(encoded, this.pos);
    this.pos += encoded.length;
    return this;
  }

  strs(values: readonly string[]): this {
    this.uvarint(values.length);
    for (const value of values) this.str(value);
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  private reserve(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + bytes) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }
}

export class StateReader {
  /** Format version found in the header (one of those the reader accepted). */
  readonly version: number;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly kind: string;
  private pos = 0;

  /**
   * Reads and checks the header. `versions`: the format version, or the versions, this reader can
   * decode; branch on `version` for older ones.
   */
  constructor(bytes: Uint8Array, kind: string, versions: number | readonly number[]) {
    this.bytes = bytes;
    this.kind = kind;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const accepted = typeof versions === 'number' ? [versions] : versions;
    const expected = `'${kind}' v${accepted.join('/')}`;
    if (bytes.byteLength < 4 || bytes[0] !== MAGIC[0] || bytes[1] !== MAGIC[1]) {
      throw new StateDecodeError(`not a driftwatch detector state (expected ${expected}); was it written by toBytes()?`);
    }
    this.pos = 2;
    const foundKind = this.str();
    const foundVersion = this.u8();
    if (foundKind !== kind || !accepted.includes(foundVersion)) {
      throw new StateDecodeError(`state is '${foundKind}' v${foundVersion} but ${expected} was expected; restore it with the detector (and driftwatch version) that wrote it`);
    }
    this.version = foundVersion;
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.pos++];
  }

  bool(): boolean {
    return this.u8() !== 0;
  }

  uvarint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.u8();
      result += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (!Number.isSafeInteger(result)) break;
        return result;
      }
      scale *= 0x80;
    }
    throw new StateDecodeError(`'${this.kind}' state has a malformed varint before byte ${this.pos}; it is corrupt`);
  }

  f64(): number {
    this.need(8);
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  f64s(): number[] {
    const length = this.uvarint();
    this.need(length * 8);
    const values = new Array<number>(length);
    for (let i = 0; i < length; i++) values[i] = this.f64();
    return values;
  }

  str(): string {
    const length = this.uvarint();
    this.need(length);
    const value = new TextDecoder('utf-8', { fatal: true }).decode(this.bytes.subarray(this.pos, this.pos + length));
    this.pos += length;
    return value;
  }

  strs(): string[] {
    const length = this.uvarint();
    const values = new Array<string>(length);
    for (let i = 0; i < length; i++) values[i] = this.str();
    return values;
  }

  /** Call after the last field: trailing bytes mean the state was written by another format. */
  end(): void {
    if (this.pos !== this.bytes.byteLength) {
      throw new StateDecodeError(`'${this.kind}' state has ${this.bytes.byteLength - this.pos} unexpected trailing bytes; it is corrupt or from another version`);
    }
  }

  private need(bytes: number): void {
    if (this.pos + bytes > this.bytes.byteLength) {
      throw new StateDecodeError(`'${this.kind}' state is truncated at byte ${this.pos} (needs ${bytes} more); it is corrupt`);
    }
  }
}

/**
 * The kind a state names in its header ('trend.cusum', 'anomaly.ewma'), without decoding the rest: lets
 * a caller pick the class that wrote the bytes. Throws StateDecodeError for bytes that are not a state.
 */
export function readStateKind(bytes: Uint8Array): string {
  if (bytes.byteLength < 4 || bytes[0] !== MAGIC[0] || bytes[1] !== MAGIC[1]) {
    throw new StateDecodeError('not a driftwatch detector state; was it written by toBytes()?');
  }
  let length = 0;
  let scale = 1;
  let pos = 2;
  for (;;) {
    if (pos >= bytes.byteLength || pos > 10) throw new StateDecodeError('detector state header is truncated or corrupt');
    const b = bytes[pos++];
    length += (b & 0x7f) * scale;
    if (b < 0x80) break;
    scale *= 0x80;
  }
  if (pos + length > bytes.byteLength) throw new StateDecodeError('detector state header is truncated or corrupt');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(pos, pos + length));
  } catch {
    throw new StateDecodeError('detector state header names its kind in malformed UTF-8; it is corrupt');
  }
}

/** FNV-1a (32-bit) over bytes: identifies a reference, so a window state is never read against another. */
export function fingerprint(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
