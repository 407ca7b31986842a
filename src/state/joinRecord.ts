/** What is kept of a prediction until its label arrives. */
export interface JoinRecord {
  modelVersion: string;
  /** Event time of the prediction, ms. */
  timestamp: number;
  score: number | null;
  label: string | null;
}

/** Bytes in Redis that are not a join record of a format this version reads. */
export class JoinRecordFormatError extends Error {
  constructor(message: string) {
    super(`unreadable label-join record: ${message}`);
    this.name = 'JoinRecordFormatError';
  }
}

/*
 * Layout, big-endian:
 *   u8 format (1) | u8 flags (1 = score present, 2 = label present) | f64 timestamp | [f64 score]
 *   | u16 modelVersion length | modelVersion UTF-8 | [u32 label length | label UTF-8]
 */
const FORMAT = 1;
const HAS_SCORE = 1;
const HAS_LABEL = 2;

export function encodeJoinRecord(record: JoinRecord): Buffer {
  const version = Buffer.from(record.modelVersion, 'utf8');
  if (version.length > 0xffff) throw new RangeError(`modelVersion is ${version.length} bytes; at most 65535 fit a join record`);
  const label = record.label === null ? null : Buffer.from(record.label, 'utf8');
  const size = 2 + 8 + (record.score === null ? 0 : 8) + 2 + version.length + (label === null ? 0 : 4 + label.length);
  const out = Buffer.allocUnsafe(size);
  let at = out.writeUInt8(FORMAT, 0);
  at = out.writeUInt8((record.score === null ? 0 : HAS_SCORE) | (label === null ? 0 : HAS_LABEL), at);
  at = out.writeDoubleBE(record.timestamp, at);
  if (record.score !== null) at = out.writeDoubleBE(record.score, at);
  at = out.writeUInt16BE(version.length, at);
  at += version.copy(out, at);
  if (label !== null) {
    at = out.writeUInt32BE(label.length, at);
    label.copy(out, at);
  }
  return out;
}

export function decodeJoinRecord(bytes: Buffer): JoinRecord {
  if (bytes.length < 12) throw new JoinRecordFormatError(`${bytes.length} bytes is shorter than any record`);
  if (bytes[0] !== FORMAT) throw new JoinRecordFormatError(`format ${bytes[0]} is not known (this version reads ${FORMAT})`);
  const flags = bytes[1];
  try {
    let at = 2;
    const timestamp = bytes.readDoubleBE(at);
    at += 8;
    let score: number | null = null;
    if (flags & HAS_SCORE) {
      score = bytes.readDoubleBE(at);
      at += 8;
    }
    const versionLength = bytes.readUInt16BE(at);
    at += 2;
    const modelVersion = readUtf8(bytes, at, versionLength);
    at += versionLength;
    let label: string | null = null;
    if (flags & HAS_LABEL) {
      const labelLength = bytes.readUInt32BE(at);
      at += 4;
      label = readUtf8(bytes, at, labelLength);
      at += labelLength;
    }
    if (at !== bytes.length) throw new JoinRecordFormatError(`${bytes.length - at} bytes left over after the record`);
    return { modelVersion, timestamp, score, label };
  } catch (error) {
    if (error instanceof RangeError) throw new JoinRecordFormatError('record is truncated');
    throw error;
  }
}

function readUtf8(bytes: Buffer, at: number, length: number): string {
  if (at + length > bytes.length) throw new RangeError('truncated');
  return bytes.toString('utf8', at, at + length);
}
