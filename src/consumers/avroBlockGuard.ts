import type { Type } from 'avsc';
import { MalformedMessageError } from './malformedMessageError.ts';

/**
 * Walks Avro bytes with their writer schema without decoding them, so that avsc is only asked to decode what it
 * can decode in time and memory proportional to the bytes. avsc reads an array or map block's declared count and
 * loops that many times, even past the end of the buffer: 30 bytes declaring 10^12 map entries would hold a
 * partition for hours. Here every declared count is checked first against what the remaining bytes can hold (each
 * item takes at least its type's smallest encoding) and against a budget of items per message.
 */
export type AvroGuard = (payload: Uint8Array) => void;

interface Walk {
  bytes: Uint8Array;
  pos: number;
  /** Items of arrays and maps still allowed in this message. */
  items: number;
  maxItems: number;
}

type Skip = (walk: Walk) => void;

export function avroGuard(type: Type, maxItems: number): AvroGuard {
  const skip = compile(type, new Map());
  return (payload) => {
    const walk: Walk = { bytes: payload, pos: 0, items: maxItems, maxItems };
    try {
      skip(walk);
    } catch (error) {
      if (error instanceof RangeError) {
        throw new MalformedMessageError('limit', 'the Avro payload nests a recursive type too deeply to be decoded', { cause: error });
      }
      throw error;
    }
    if (walk.pos > payload.length) throw truncated(walk);
  };
}

function truncated(walk: Walk): MalformedMessageError {
  return new MalformedMessageError('decode', `the Avro payload is truncated: ${walk.bytes.length} bytes end inside a value`);
}

/** A zig-zag varint long as a JavaScript number (exact up to 2^53; larger counts are refused anyway). */
function readLong(walk: Walk): number {
  const { bytes } = walk;
  const first = bytes[walk.pos];
  if (first < 0x80) {
    walk.pos++;
    return first % 2 === 0 ? first / 2 : -(first + 1) / 2;
  }
  let result = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (walk.pos >= bytes.length) throw truncated(walk);
    const b = bytes[walk.pos++];
    result += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
    scale *= 128;
  }
  throw new MalformedMessageError('decode', `the Avro payload has a varint longer than 10 bytes at byte ${walk.pos}`);
}

function skipBytes(walk: Walk, n: number): void {
  walk.pos += n;
  if (walk.pos > walk.bytes.length) throw truncated(walk);
}

interface AvscType {
  typeName: string;
  underlyingType?: AvscType;
  fields?: { name: string; type: AvscType }[];
  itemsType?: AvscType;
  valuesType?: AvscType;
  types?: AvscType[];
  size?: number;
}

function compile(type: Type, seen: Map<AvscType, Skip>): Skip {
  return compileType(type as unknown as AvscType, seen);
}

function compileType(t: AvscType, seen: Map<AvscType, Skip>): Skip {
  const known = seen.get(t);
  if (known) return known;
  if (t.underlyingType) return compileType(t.underlyingType, seen);
  switch (t.typeName) {
    case 'null': return () => {};
    case 'boolean': return (w) => skipBytes(w, 1);
    case 'int': case 'long': case 'enum': return (w) => void readLong(w);
    case 'float': return (w) => skipBytes(w, 4);
    case 'double': return (w) => skipBytes(w, 8);
    case 'fixed': {
      const size = t.size!;
      return (w) => skipBytes(w, size);
    }
    case 'string': case 'bytes': return skipLengthPrefixed;
    case 'record': case 'error': {
      // Recursive schemas: the record's skip is registered before its fields are compiled.
      const fields: Skip[] = [];
      const skip: Skip = (w) => {
        for (let i = 0; i < fields.length; i++) fields[i](w);
      };
      seen.set(t, skip);
      for (const f of t.fields!) fields.push(compileType(f.type, seen));
      return skip;
    }
    case 'array': case 'map': {
      const isMap = t.typeName === 'map';
      const itemType = (isMap ? t.valuesType : t.itemsType)!;
      let item: Skip | undefined;
      const minItemBytes = (isMap ? 1 : 0) + minBytes(itemType, new Set());
      const skip: Skip = (w) => {
        item ??= compileType(itemType, seen);
        for (;;) {
          let n = readLong(w);
          if (n === 0) return;
          if (n < 0) {
            n = -n;
            readLong(w); // the block's size in bytes
          }
          const remaining = w.bytes.length - w.pos;
          if (minItemBytes > 0 && n > remaining / minItemBytes) {
            throw new MalformedMessageError('limit', `an Avro ${t.typeName} block declares ${n} items but only ${remaining} bytes remain (each item takes at least ${minItemBytes})`);
          }
          w.items -= n;
          if (w.items < 0) throw new MalformedMessageError('limit', `the Avro payload declares more than limits.maxAvroItems (${w.maxItems}) array and map items`);
          for (let i = 0; i < n; i++) {
            if (isMap) skipLengthPrefixed(w);
            item(w);
          }
        }
      };
      seen.set(t, skip);
      return skip;
    }
    default: {
      if (!t.typeName.startsWith('union')) throw new Error(`avroGuard: unknown Avro type ${t.typeName}`);
      const branches: Skip[] = [];
      const skip: Skip = (w) => {
        const index = readLong(w);
        const branch = branches[index];
        if (branch === undefined) throw new MalformedMessageError('decode', `the Avro payload has union branch ${index}; the schema has ${branches.length}`);
        branch(w);
      };
      seen.set(t, skip);
      for (const b of t.types!) branches.push(compileType(b, seen));
      return skip;
    }
  }
}

function skipLengthPrefixed(w: Walk): void {
  const length = readLong(w);
  if (length < 0) throw new MalformedMessageError('decode', `the Avro payload declares a negative length (${length}) at byte ${w.pos}`);
  if (length > w.bytes.length - w.pos) {
    throw new MalformedMessageError('decode', `the Avro payload declares a ${length}-byte string or bytes but only ${w.bytes.length - w.pos} bytes remain`);
  }
  w.pos += length;
}

/** The fewest bytes a value of this type can take (0 for null and records of nulls). */
function minBytes(t: AvscType, visiting: Set<AvscType>): number {
  if (t.underlyingType) return minBytes(t.underlyingType, visiting);
  switch (t.typeName) {
    case 'null': return 0;
    case 'float': return 4;
    case 'double': return 8;
    case 'fixed': return t.size!;
    case 'record': case 'error': {
      if (visiting.has(t)) return 0;
      visiting.add(t);
      const sum = t.fields!.reduce((n, f) => n + minBytes(f.type, visiting), 0);
      visiting.delete(t);
      return sum;
    }
    default:
      if (t.typeName.startsWith('union')) return 1;
      return 1; // boolean, int, long, enum, string, bytes (a length), array and map (their final 0 count)
  }
}
