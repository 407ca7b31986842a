import { checkJsonDepth } from './inputLimits.ts';
import { MalformedMessageError } from './malformedMessageError.ts';

/** limits.maxJsonDepth's default (see config/limitsSchema.ts). */
const DEFAULT_MAX_DEPTH = 64;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a Kafka message value holding one JSON object (UTF-8, a byte-order mark allowed). A null value is a
 * tombstone; bytes that are not UTF-8 or not JSON fail to decode; JSON that is not an object fails validation;
 * JSON nested deeper than `maxDepth` is refused (limit) before it is parsed.
 */
export function decodeJsonPayload(value: Buffer | null, maxDepth = DEFAULT_MAX_DEPTH): unknown {
  if (value === null) throw new MalformedMessageError('tombstone', 'the message has no value (a tombstone); expected a JSON object');
  checkJsonDepth(value, maxDepth);
  let text: string;
  try {
    text = strictUtf8.decode(value);
  } catch (error) {
    throw new MalformedMessageError('decode', `the JSON payload is not valid UTF-8 (${value.length} bytes)`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new MalformedMessageError('decode', `the payload is not valid JSON: ${withPosition((error as Error).message, text)}`, { cause: error });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new MalformedMessageError('validation', `the JSON payload must be an object at the top level, got ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : typeof parsed}`);
  }
  return parsed;
}

/** V8 gives no position when the input ends early; the position is then the end of the text. */
function withPosition(message: string, text: string): string {
  return /unexpected end/i.test(message) ? `${message} at position ${text.length}` : message;
}

/**
 * Whether a message value looks like JSON rather than Confluent-framed Avro (which starts with the byte 0): its
 * first byte after any whitespace and UTF-8 byte-order mark is '{'.
 */
export function looksLikeJson(value: Buffer): boolean {
  let i = value.length >= 3 && value[0] === 0xef && value[1] === 0xbb && value[2] === 0xbf ? 3 : 0;
  while (i < value.length && (value[i] === 0x20 || value[i] === 0x09 || value[i] === 0x0a || value[i] === 0x0d)) i += 1;
  return value[i] === 0x7b;
}
