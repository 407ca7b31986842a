import { readCsv } from './csvRecords.ts';
import { fileFormatOf } from './fileFormat.ts';
import { FileRecordError } from './fileRecordError.ts';
import type { FileRecord, ReadRecordsOptions } from './fileRecord.ts';
import { readJsonLines } from './jsonLines.ts';
import { readParquet } from './parquetRecords.ts';

export type { FileFormat, FileRecord, ReadRecordsOptions } from './fileRecord.ts';
export { FileRecordError };

/**
 * Reads the records of a JSON Lines, CSV or Parquet file in file order. JSONL and CSV are streamed; Parquet is read
 * one row group at a time. The format comes from the extension unless given.
 */
export function readRecords(path: string, options: ReadRecordsOptions = {}): AsyncIterable<FileRecord> {
  const format = options.format ?? fileFormatOf(path);
  switch (format) {
    case 'jsonl':
      return readJsonLines(path, options.onMalformed);
    case 'csv':
      return readCsv(path, options.onMalformed);
    case 'parquet':
      return readParquet(path);
    default:
      throw new FileRecordError(path, `unknown format '${String(format)}'; use jsonl, csv or parquet`);
  }
}
