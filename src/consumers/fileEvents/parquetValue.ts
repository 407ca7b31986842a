/**
 * A Parquet value as plain JSON-like data: INT64 (bigint) → number when it is a safe integer, otherwise its decimal
 * string so no digits are lost; dates and timestamps → ms since the epoch; lists and structs converted inside.
 * Other values (numbers, strings, booleans, null, raw bytes) are returned as they are.
 */
export function plainParquetValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    const asNumber = Number(value);
    return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
  }
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(plainParquetValue);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const plain: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) plain[key] = plainParquetValue(inner);
    return plain;
  }
  return value;
}
