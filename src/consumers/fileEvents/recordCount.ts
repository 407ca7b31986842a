import { createReadStream } from 'node:fs';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { fileFormatOf } from './fileFormat.ts';
import type { FileFormat } from './fileRecord.ts';

const NEWLINE = 0x0a;

/**
 * About how many records a file holds, cheaply, for a progress bar's ETA: its lines (JSONL; blank ones too), lines
 * after the header (CSV: a quoted cell spanning lines counts twice) or the row count in the metadata (Parquet).
 */
export async function estimateRecordCount(path: string, format: FileFormat = fileFormatOf(path)): Promise<number> {
  if (format === 'parquet') return Number((await parquetMetadataAsync(await asyncBufferFromFile(path))).num_rows);
  let lines = 0;
  let lastByte = NEWLINE;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let at = chunk.indexOf(NEWLINE);
    while (at !== -1) {
      lines++;
      at = chunk.indexOf(NEWLINE, at + 1);
    }
    if (chunk.length > 0) lastByte = chunk[chunk.length - 1];
  }
  if (lastByte !== NEWLINE) lines++;
  return format === 'csv' ? Math.max(0, lines - 1) : lines;
}
