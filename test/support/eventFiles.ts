import { readFileSync, writeFileSync } from 'node:fs';
import { parquetWriteFile } from 'hyparquet-writer';
import type { LabelEvent, PredictionEvent } from '../../src/contracts/events.ts';

/** Writes records as JSON Lines; `extraLines` (1-based line number → raw text) are inserted where said. */
export function writeJsonl(path: string, records: readonly object[], extraLines: ReadonlyMap<number, string> = new Map()): void {
  writeFileSync(path, withExtraLines(records.map((r) => JSON.stringify(r)), extraLines).join('\n') + '\n');
}

/** The JSON objects of a JSON Lines file (blank lines skipped). */
export function readJsonl<T = Record<string, unknown>>(path: string): T[] {
  return readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as T);
}

/** The CSV columns of a PredictionEvent of the synthetic credit stream: dotted names nest. */
export const predictionColumns = [
  'event_id', 'model_id', 'model_version', 'timestamp',
  'features.income', 'features.age', 'features.debt_ratio', 'features.region',
  'prediction.score', 'prediction.label', 'latency_ms', 'attributes.channel',
] as const;

function cellsOf(event: PredictionEvent): (string | number | boolean | null)[] {
  return [
    event.event_id, event.model_id, event.model_version, event.timestamp,
    event.features.income, event.features.age, event.features.debt_ratio, event.features.region,
    event.prediction.score, event.prediction.label, event.latency_ms, event.attributes.channel ?? null,
  ];
}

/**
 * Writes PredictionEvents (features income, age, debt_ratio, region) as CSV with a header of dotted column names.
 * Numbers are written in JavaScript's shortest round-trip form, so they read back to the same doubles.
 * `extraLines` (1-based line number, the header being line 1 → raw text) are inserted where said.
 */
export function writeCsv(path: string, events: readonly PredictionEvent[], extraLines: ReadonlyMap<number, string> = new Map()): void {
  const cell = (value: string | number | boolean | null) => (value === null ? '' : String(value));
  const rows = [predictionColumns.join(','), ...events.map((e) => cellsOf(e).map(cell).join(','))];
  writeFileSync(path, withExtraLines(rows, extraLines).join('\n') + '\n');
}

/**
 * Writes PredictionEvents as Parquet (Snappy), one column per dotted name: strings as UTF-8, numbers as DOUBLE, the
 * timestamp as INT64. Several row groups when there are more than `rowGroupSize` rows.
 */
export function writeParquet(path: string, events: readonly PredictionEvent[], rowGroupSize = 1000): void {
  const rows = events.map(cellsOf);
  const types = ['STRING', 'STRING', 'STRING', 'INT64', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'STRING', 'DOUBLE', 'STRING', 'DOUBLE', 'STRING'] as const;
  parquetWriteFile({
    filename: path,
    rowGroupSize,
    columnData: predictionColumns.map((name, c) => ({
      name,
      type: types[c],
      data: rows.map((row) => (row[c] === null || row[c] === undefined ? null : types[c] === 'INT64' ? BigInt(row[c] as number) : row[c])),
    })),
  });
}

/** Labels as JSON Lines. */
export function writeLabelsJsonl(path: string, labels: readonly LabelEvent[]): void {
  writeJsonl(path, labels);
}

function withExtraLines(lines: string[], extra: ReadonlyMap<number, string>): string[] {
  const out = [...lines];
  for (const [lineNumber, text] of [...extra].sort((a, b) => a[0] - b[0])) out.splice(lineNumber - 1, 0, text);
  return out;
}
