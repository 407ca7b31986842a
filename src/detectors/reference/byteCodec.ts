/**
 * Compact binary encoding shared by references and window states: a tagged header, unsigned LEB128
 * varints for counts and indexes, little-endian float64 for real numbers, UTF-8 strings.
 */

export class CorruptStateError extends Error {
  override name = 'CorruptStateError';
}

const MAGIC = 0x64; // 'd'

export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buf.buffer);
  }

  header(kind: number, version: number): this {
    return this.u8(MAGIC).u8(kind).u8(version);
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v;
    return this;
  }

  /** Non-negative integer up to 2^53 − 1. */
  uvarint(v: number): this {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`uvarint needs a non-negative safe integer, got ${v}`);
    this.ensure(8);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
    return this;
  }

  f64(v: number): this {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
    return this;
  }

  f64Array(values: ArrayLike<number>): this {
    this.uvarint(values.length);
    for (let i = 0; i < values.length; i++) this.f64(values[i]);
    return this;
  }

  string(s: string): this {
    const bytes = new TextEncoder().encode(s);
    this.uvarint(bytes.length);
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.pos + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
}

export class ByteReader {
  private readonly view: DataView;
  private pos = 0;
  private readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Checks magic, kind and version; returns the version. */
  header(kind: number, what: string, supportedVersion: number): number {
    if (this.bytes.length < 3 || this.u8() !== MAGIC) throw new CorruptStateError(`${what}: not driftwatch state bytes`);
    const k = this.u8();
    if (k !== kind) throw new CorruptStateError(`${what}: bytes hold state kind ${k}, expected ${kind}`);
    const version = this.u8();
    if (version > supportedVersion) throw new CorruptStateError(`${what}: format version ${version} is newer than ${supportedVersion}`);
    return version;
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.pos++];
  }

  uvarint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.u8();
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 0x80;
    }
    throw new CorruptStateError('varint longer than 8 bytes');
  }

  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  f64Array(): Float64Array {
    const n = this.uvarint();
    this.need(n * 8);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.f64();
    return out;
  }

  string(): string {
    const n = this.uvarint();
    this.need(n);
    const s = new TextDecoder('utf-8', { fatal: true }).decode(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }

  /** Throws unless every byte was consumed. */
  end(what: string): void {
    if (this.pos !== this.bytes.length) throw new CorruptStateError(`${what}: ${this.bytes.length - this.pos} trailing bytes`);
  }

  private need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new CorruptStateError('state bytes end early');
  }
}

/** Kind tags in the header, one per serialisable class. */
export const StateKind = {
  numericReference: 1,
  categoricalReference: 2,
  numericWindow: 3,
  categoricalWindow: 4,
  countWindows: 5,
  eventTimeWindows: 6,
} as const;

/** FNV-1a (32-bit) over bytes: identifies a reference so a window state is never read against another. */
export function fingerprint(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
