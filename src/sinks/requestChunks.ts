/** Bytes a Kafka record adds beyond its key and value (headers of the record and its share of the batch), rounded up. */
const RECORD_OVERHEAD_BYTES = 64;

/**
 * Splits messages, in order, into runs whose keys and values total at most `maxBytes` each (with a per-record
 * allowance), so that no produce request or record batch exceeds the broker's limits. A message larger than
 * `maxBytes` on its own goes alone.
 */
export function requestChunks<M extends { key?: string | Buffer | null; value: Buffer | string | null }>(messages: readonly M[], maxBytes: number): M[][] {
  const chunks: M[][] = [];
  let current: M[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = byteLength(message.key) + byteLength(message.value) + RECORD_OVERHEAD_BYTES;
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function byteLength(data: string | Buffer | null | undefined): number {
  if (data === null || data === undefined) return 0;
  return typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length;
}
