import type { FileRecordError } from './fileRecordError.ts';

/** One record read from a file, with where it came from so errors and dead letters can point at it. */
export interface FileRecord {
  record: Record<string, unknown>;
  /** "events.jsonl:42", "events.csv:7" (the line the record starts on) or "ref.parquet row 17" (counted from 0). */
  location: string;
}

export type FileFormat = 'jsonl' | 'csv' | 'parquet';

export interface ReadRecordsOptions {
  /** Taken from the extension when absent: .jsonl/.ndjson, .csv, .parquet. */
  format?: FileFormat;
  /**
   * Called with each malformed record (a JSONL line that is not a JSON object, a CSV row whose cell count differs
   * from the header's), after which reading goes on. Without it the first malformed record ends the read by
   * throwing. Problems with the file as a whole (unreadable, bad header, not Parquet) always throw.
   */
  onMalformed?: (error: FileRecordError) => void;
}
