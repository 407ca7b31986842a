import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, ColumnData, FileMetaData } from 'hyparquet';
import { columnShaper } from './columnShape.ts';
import type { FileRecord } from './fileRecord.ts';
import { FileRecordError } from './fileRecordError.ts';
import { plainParquetValue } from './parquetValue.ts';

/**
 * Streams the rows of a Parquet file as records, one row group in memory at a time, held column-wise; each row
 * becomes an object only when it is asked for. Values go through plainParquetValue, struct columns arrive as
 * nested objects and dotted column names nest as in CSV. Rows are located by index counted from 0, as pandas and
 * DuckDB show them. Compression: uncompressed and Snappy (the default of pyarrow, Spark and DuckDB).
 */
export async function* readParquet(path: string): AsyncGenerator<FileRecord> {
  const file = await asyncBufferFromFile(path);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new FileRecordError(path, `not a readable Parquet file: ${(error as Error).message}`, { cause: error });
  }
  const columns = parquetSchema(metadata).children.map((child) => child.element.name);
  const shape = columnShaper(columns, `${path} header`);

  let groupStart = 0;
  for (const [index, group] of metadata.row_groups.entries()) {
    const groupEnd = groupStart + Number(group.num_rows);
    const cells = await readRowGroup(file, metadata, groupStart, groupEnd, `${path} row group ${index} (rows ${groupStart}–${groupEnd - 1})`);
    const columnCells = columns.map((name) => cells.get(name) ?? []);
    const cursors = columnCells.map(() => 0);
    for (let row = groupStart; row < groupEnd; row++) {
      const values = columnCells.map((chunks, c) => {
        while (cursors[c] < chunks.length && chunks[cursors[c]].rowEnd <= row) cursors[c] += 1;
        const chunk = chunks[cursors[c]];
        if (chunk === undefined || chunk.rowStart > row) {
          throw new FileRecordError(`${path} row ${row}`, `the file gives no value for column '${columns[c]}'`);
        }
        return plainParquetValue(chunk.columnData[row - chunk.rowStart]);
      });
      yield { record: shape(values), location: `${path} row ${row}` };
    }
    groupStart = groupEnd;
  }
}

/** The row group's column chunks by top-level column (structs assembled), each list in row order. */
async function readRowGroup(file: AsyncBuffer, metadata: FileMetaData, rowStart: number, rowEnd: number, location: string): Promise<Map<string, ColumnData[]>> {
  const byColumn = new Map<string, ColumnData[]>();
  try {
    await parquetRead({
      file,
      metadata,
      rowStart,
      rowEnd,
      onChunk: (chunk) => {
        const chunks = byColumn.get(chunk.columnName) ?? [];
        chunks.push(chunk);
        byColumn.set(chunk.columnName, chunks);
      },
    });
  } catch (error) {
    const message = (error as Error).message;
    const hint = /compression codec/.test(message) ? '; write the file with Snappy compression or none' : '';
    throw new FileRecordError(location, `cannot read the Parquet data: ${message}${hint}`, { cause: error });
  }
  for (const chunks of byColumn.values()) chunks.sort((a, b) => a.rowStart - b.rowStart);
  return byColumn;
}
