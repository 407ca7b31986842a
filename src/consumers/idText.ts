/**
 * An id or version as the text it was written as. File formats type their cells (a CSV column of 17 is read
 * as the number 17, of true as a boolean; Parquet may give a bigint), so any primitive counts as its text;
 * undefined for what is no usable id (missing, empty, a non-finite number, an object).
 */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return undefined;
}
