/**
 * The container a monitor's state is saved in: a JSON document plus binary blobs (detector and window
 * states from their toBytes()), which the JSON refers to by index. Layout: u32 JSON length, JSON (UTF-8),
 * u32 blob count, then per blob a u32 length and its bytes. Little-endian.
 */
export class StateBundleWriter {
  readonly #blobs: Uint8Array[] = [];

  /** Adds a blob and returns the index the JSON stores in its place. */
  blob(bytes: Uint8Array): number {
    this.#blobs.push(bytes);
    return this.#blobs.length - 1;
  }

  finish(document: unknown): Buffer {
    const json = Buffer.from(JSON.stringify(document), 'utf8');
    const size = 8 + json.length + this.#blobs.reduce((n, b) => n + 4 + b.length, 0);
    const out = Buffer.allocUnsafe(size);
    let at = out.writeUInt32LE(json.length, 0);
    at += json.copy(out, at);
    at = out.writeUInt32LE(this.#blobs.length, at);
    for (const b of this.#blobs) {
      at = out.writeUInt32LE(b.length, at);
      out.set(b, at);
      at += b.length;
    }
    return out;
  }
}

export class CorruptMonitorStateError extends Error {
  constructor(message: string) {
    super(`saved monitor state is unreadable (${message}); delete the partition's checkpoint to rebuild it from Kafka`);
    this.name = 'CorruptMonitorStateError';
  }
}

export function readStateBundle(bytes: Uint8Array): { document: unknown; blob: (index: number) => Uint8Array } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8) throw new CorruptMonitorStateError(`${buf.length} bytes`);
  const jsonLength = buf.readUInt32LE(0);
  if (4 + jsonLength + 4 > buf.length) throw new CorruptMonitorStateError('JSON length past the end');
  const document = JSON.parse(buf.toString('utf8', 4, 4 + jsonLength)) as unknown;
  let at = 4 + jsonLength;
  const count = buf.readUInt32LE(at);
  at += 4;
  const blobs: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 4 > buf.length) throw new CorruptMonitorStateError(`blob ${i} header past the end`);
    const length = buf.readUInt32LE(at);
    at += 4;
    if (at + length > buf.length) throw new CorruptMonitorStateError(`blob ${i} past the end`);
    blobs.push(buf.subarray(at, at + length));
    at += length;
  }
  return {
    document,
    blob: (index) => {
      const b = blobs[index];
      if (!b) throw new CorruptMonitorStateError(`no blob ${index}`);
      return b;
    },
  };
}
