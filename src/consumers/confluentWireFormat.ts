import { MalformedMessageError } from './malformedMessageError.ts';

/**
 * The Confluent wire format: byte 0 is 0 (magic), bytes 1–4 the schema id (big-endian), the Avro payload after.
 */
export const WIRE_HEADER_BYTES = 5;

export function readWireHeader(value: Buffer | null): { schemaId: number; payload: Buffer } {
  if (value === null) throw new MalformedMessageError('tombstone', 'message has no value (tombstone)');
  if (value.length < WIRE_HEADER_BYTES) {
    throw new MalformedMessageError('decode', `message is ${value.length} bytes, shorter than the 5-byte schema-registry header`);
  }
  if (value[0] !== 0) {
    throw new MalformedMessageError('decode', `first byte is ${value[0]}, not the schema-registry magic byte 0 (not Avro from a registry-aware producer?)`);
  }
  return { schemaId: value.readInt32BE(1), payload: value.subarray(WIRE_HEADER_BYTES) };
}
