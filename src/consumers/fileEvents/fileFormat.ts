import { extname } from 'node:path';
import type { FileFormat } from './fileRecord.ts';
import { FileRecordError } from './fileRecordError.ts';

const byExtension: Record<string, FileFormat> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.parquet': 'parquet',
};

/** The format a file's extension says (case-insensitive), or an error asking for an explicit format. */
export function fileFormatOf(path: string): FileFormat {
  const format = byExtension[extname(path).toLowerCase()];
  if (!format) {
    throw new FileRecordError(path, `cannot tell the format from the extension; name the file .jsonl, .ndjson, .csv or .parquet, or give the format (jsonl, csv or parquet)`);
  }
  return format;
}
