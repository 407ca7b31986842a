import type { PredictionEvent } from '../../src/contracts/events.ts';

/** Avro's zig-zag varint of a non-negative integer below 2^52. */
export function avroLong(n: number): number[] {
  let z = n * 2;
  const out: number[] = [];
  while (z >= 128) {
    out.push((z % 128) | 0x80);
    z = Math.floor(z / 128);
  }
  out.push(z);
  return out;
}

const avroString = (s: string) => [...avroLong(Buffer.byteLength(s)), ...Buffer.from(s)];

/** 30 bytes of PredictionEvent Avro whose features map block declares 10^12 entries (avsc would loop on it for hours). */
export function mapBombPayload(entries = 1e12): Buffer {
  return Buffer.from([...avroString('e'), ...avroString('m'), ...avroString('v1'), ...avroLong(1_767_225_600_000), ...avroLong(entries), ...avroString('k'), 2, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
}

/** A payload framed for the registry: magic byte 0, the schema id (big-endian), then the bytes. */
export function framed(schemaId: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, payload]);
}

/** The event as JSON, with `extra` fields replacing its own. */
export function jsonEvent(event: PredictionEvent, extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(JSON.stringify({ ...event, ...extra }));
}

/** JSON text of arrays nested `depth` deep around 1, built without recursion. */
export function deeplyNested(depth: number): string {
  return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

/** A PredictionEvent as JSON whose feature `f` is nested `depth` arrays deep. */
export function deepFeatureEvent(event: PredictionEvent, depth: number): Buffer {
  const text = JSON.stringify({ ...event, features: { ...event.features, f: 0 } });
  return Buffer.from(text.replace('"f":0', `"f":${deeplyNested(depth)}`));
}

/** A LabelEvent as JSON whose label is nested `depth` arrays deep. */
export function deepLabel(eventId: string, modelId: string, timestamp: number, depth: number): Buffer {
  return Buffer.from(`{"event_id":${JSON.stringify(eventId)},"model_id":${JSON.stringify(modelId)},"timestamp":${timestamp},"label":${deeplyNested(depth)}}`);
}
