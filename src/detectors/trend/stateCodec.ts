/**
 * Byte encoding for detector state: a header naming the state's kind and format version, then
 * little-endian fields. Doubles are stored as IEEE-754 bits, so NaN, ±Infinity and -0 round-trip.
 */

export class StateDecodeError extends Error {
  override name = 'StateDecodeError';
}

const MAGIC = 0x4457; // 'DW'

export class StateWriter {
  private buffer = new ArrayBuffer(64);
  private view = new DataView(this.buffer);
  private length = 0;

  constructor(kind: string, version: number) {
    this.u16(MAGIC);
    this.str(kind);
    this.u8(version);
  }

  u8(value: number): this {
    this.reserve(1);
    this.view.setUint8(this.length, value);
    this.length += 1;
    return this;
  }

  bool(value: boolean): this {
    return this.u8(value ? 1 : 0);
  }

  u32(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw new RangeError(`cannot encode ${value} as an unsigned 32-bit integer`);
    }
    this.reserve(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
    return this;
  }

  f64(value: number): this {
    this.reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
    return this;
  }

  str(value: string): this {
    const encoded = new TextEncoder().encode(value);
    this.u32(encoded.length);
    this.reserve(encoded.length);
    new Uint8Array(this.buffer, this.length, encoded.length).set(encoded);
    this.length += encoded.length;
    return this;
  }

  f64s(values: ArrayLike<number>): this {
    this.u32(values.length);
    for (let i = 0; i < values.length; i++) this.f64(values[i]);
    return this;
  }

  strs(values: readonly string[]): this {
    this.u32(values.length);
    for (const value of values) this.str(value);
    return this;
  }

  finish(): Uint8Array {
    return new Uint8Array(this.buffer.slice(0, this.length));
  }

  private u16(value: number): void {
    this.reserve(2);
    this.view.setUint16(this.length, value, true);
    this.length += 2;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.byteLength) return;
    let size = this.buffer.byteLength * 2;
    while (size < this.length + bytes) size *= 2;
    const grown = new ArrayBuffer(size);
    new Uint8Array(grown).set(new Uint8Array(this.buffer, 0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown);
  }
}

export class StateReader {
  private readonly view: DataView;
  private readonly kind: string;
  private offset = 0;

  constructor(bytes: Uint8Array, kind: string, version: number) {
    this.kind = kind;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.byteLength < 2 || this.view.getUint16(0, true) !== MAGIC) {
      throw new StateDecodeError(`not a driftwatch detector state (expected '${kind}' v${version}); was it written by toBytes()?`);
    }
    this.offset = 2;
    const foundKind = this.str();
    const foundVersion = this.u8();
    if (foundKind !== kind || foundVersion !== version) {
      throw new StateDecodeError(
        `state is '${foundKind}' v${foundVersion} but '${kind}' v${version} was expected; restore it with the detector that wrote it`,
      );
    }
  }

  u8(): number {
    this.need(1);
    const value = this.view.getUint8(this.offset);
    this.offset += 1;
    return value;
  }

  bool(): boolean {
    return this.u8() !== 0;
  }

  u32(): number {
    this.need(4);
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  f64(): number {
    this.need(8);
    const value = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return value;
  }

  str(): string {
    const length = this.u32();
    this.need(length);
    const bytes = new Uint8Array(this.view.buffer, this.view.byteOffset + this.offset, length);
    this.offset += length;
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  }

  f64s(): number[] {
    const length = this.u32();
    this.need(length * 8);
    const values = new Array<number>(length);
    for (let i = 0; i < length; i++) values[i] = this.f64();
    return values;
  }

  strs(): string[] {
    const length = this.u32();
    const values = new Array<string>(length);
    for (let i = 0; i < length; i++) values[i] = this.str();
    return values;
  }

  /** Call after the last field: trailing bytes mean the state was written by another format. */
  end(): void {
    if (this.offset !== this.view.byteLength) {
      throw new StateDecodeError(`'${this.kind}' state has ${this.view.byteLength - this.offset} unexpected trailing bytes; it is corrupt or from another version`);
    }
  }

  private need(bytes: number): void {
    if (this.offset + bytes > this.view.byteLength) {
      throw new StateDecodeError(`'${this.kind}' state is truncated at byte ${this.offset} (needs ${bytes} more); it is corrupt`);
    }
  }
}
