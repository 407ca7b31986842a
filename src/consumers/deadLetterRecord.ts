import type { DeadLetterKind, DeadLetterRecord } from '../contracts/events.ts';

/** Characters of the reason kept in a dead letter. */
const MAX_REASON_CHARS = 2000;

export interface SourceMessage {
  topic: string;
  partition: number;
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
}

/**
 * The dead letter for a message: its origin, the reason, and its original key and value. Key and value together
 * are kept up to `maxBytes` (the key first, then the value's first bytes); a letter that had to be cut says so, with
 * the original size, so it always fits the dead-letter topic whatever arrived.
 */
export function deadLetterRecord(source: SourceMessage, error: { kind: DeadLetterKind; message: string }, maxBytes: number, at: number): DeadLetterRecord {
  const keyBytes = source.key?.length ?? 0;
  const valueBytes = source.value?.length ?? 0;
  const originalSize = keyBytes + valueBytes;
  const truncated = originalSize > maxBytes;
  const key = source.key === null || !truncated ? source.key : source.key.subarray(0, Math.min(keyBytes, maxBytes));
  const room = maxBytes - (key?.length ?? 0);
  const value = source.value === null || !truncated ? source.value : source.value.subarray(0, Math.max(0, room));
  const reason = error.message.length > MAX_REASON_CHARS ? `${error.message.slice(0, MAX_REASON_CHARS)}… (${error.message.length} characters)` : error.message;
  return {
    source_topic: source.topic, partition: source.partition, offset: source.offset, key, value,
    error_kind: error.kind, message: truncated ? `${reason} [key and value cut from ${originalSize} to ${maxBytes} bytes]` : reason,
    at, original_size: originalSize, truncated,
  };
}
