import type { FileRecord } from './fileRecord.ts';
import { FileRecordError } from './fileRecordError.ts';
import { readLineBuffers } from './lineBuffers.ts';
import { decodeUtf8Line } from './utf8Line.ts';

/** Streams the JSON objects of a JSON Lines file, one per non-blank line; `onMalformed` as in ReadRecordsOptions. */
export async function* readJsonLines(path: string, onMalformed?: (error: FileRecordError) => void): AsyncGenerator<FileRecord> {
  let lineNumber = 0;
  for await (const bytes of readLineBuffers(path)) {
    lineNumber += 1;
    const location = `${path}:${lineNumber}`;
    const parsed = parseLine(bytes, location);
    if (parsed === blank) continue;
    if (parsed instanceof FileRecordError) {
      if (!onMalformed) throw parsed;
      onMalformed(parsed);
      continue;
    }
    yield { record: parsed, location };
  }
}

const blank = Symbol('blank line');

function parseLine(bytes: Buffer, location: string): Record<string, unknown> | FileRecordError | typeof blank {
  const text = decodeUtf8Line(bytes);
  if (text === undefined) return new FileRecordError(location, 'the line is not valid UTF-8');
  if (text.trim() === '') return blank;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return new FileRecordError(location, `not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return new FileRecordError(location, `expected a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return value as Record<string, unknown>;
}
