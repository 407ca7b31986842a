import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { CastingContext, Info } from 'csv-parse';
import { columnShaper } from './columnShape.ts';
import { castCsvCell } from './csvCell.ts';
import type { FileRecord } from './fileRecord.ts';
import { FileRecordError } from './fileRecordError.ts';
import { readLineBuffers } from './lineBuffers.ts';
import { decodeUtf8Line } from './utf8Line.ts';

/**
 * Streams the rows of a CSV file with a header row as records: unquoted cells are cast by castCsvCell, quoted
 * cells stay strings exactly as written (so "007" or "true" can be kept as text), dotted column names nest.
 * Blank lines are skipped. A row whose cell count differs from the header's is malformed (see ReadRecordsOptions);
 * a quoting error or invalid UTF-8 ends the read, since what follows it cannot be trusted.
 */
export async function* readCsv(path: string, onMalformed?: (error: FileRecordError) => void): AsyncGenerator<FileRecord> {
  const parser = parse({
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    cast: (value: string, context: CastingContext) => (context.records === 0 || context.quoting ? value : castCsvCell(value)),
  });
  const source = Readable.from(utf8Text(path));
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  let shape: ((cells: readonly unknown[]) => Record<string, unknown>) | undefined;
  let columnCount = 0;
  let previousEnd = 0;
  let previousEmpty = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: unknown[]; info: Info }>) {
      // Lines are counted here rather than taken from info.lines, which counts a quoted '\r\n' as two lines.
      const firstLine = previousEnd + 1 + info.empty_lines - previousEmpty;
      const location = `${path}:${firstLine}`;
      previousEnd = firstLine + lineBreaksIn(record);
      previousEmpty = info.empty_lines;
      if (shape === undefined) {
        shape = columnShaper(record as string[], location);
        columnCount = record.length;
        continue;
      }
      if (record.length !== columnCount) {
        const error = new FileRecordError(location, `the row has ${record.length} cells but the header has ${columnCount} columns`);
        if (!onMalformed) throw error;
        onMalformed(error);
        continue;
      }
      yield { record: shape(record), location };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      throw new FileRecordError(`${path}:${typeof error.lines === 'number' ? error.lines : previousEnd + 1}`, `not valid CSV: ${error.message}`, { cause: error });
    }
    throw error;
  } finally {
    source.destroy();
  }
}

/** Line breaks inside the record's cells: only quoted cells, which stay strings, can hold them. */
function lineBreaksIn(record: readonly unknown[]): number {
  let count = 0;
  for (const cell of record) {
    if (typeof cell !== 'string') continue;
    for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) count += 1;
  }
  return count;
}

/** The file as text in batches of whole lines, checked to be UTF-8 line by line so an error can name the line. */
async function* utf8Text(path: string): AsyncGenerator<string> {
  let batch = '';
  let lineNumber = 0;
  for await (const bytes of readLineBuffers(path)) {
    lineNumber += 1;
    const text = decodeUtf8Line(bytes);
    if (text === undefined) throw new FileRecordError(`${path}:${lineNumber}`, 'the line is not valid UTF-8; save the file as UTF-8');
    batch += text;
    if (batch.length >= 1 << 16) {
      yield batch;
      batch = '';
    }
  }
  if (batch !== '') yield batch;
}
