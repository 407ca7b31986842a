const decimal = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const leadingZero = /^[+-]?0\d/;
const integerShaped = /^[+-]?\d+$/;
const boolean = /^(?:true|false)$/i;

/**
 * The value an unquoted CSV cell stands for: empty → null, true/false (any case) → boolean, a decimal number →
 * number, anything else stays a string. Numbers that would not survive the trip stay strings: integers with
 * leading zeros ("007", usually codes or ids), integers beyond 2^53 and values that overflow to Infinity.
 * Surrounding spaces are not trimmed, so " 5" stays a string.
 */
export function castCsvCell(raw: string): string | number | boolean | null {
  if (raw === '') return null;
  if (boolean.test(raw)) return raw.toLowerCase() === 'true';
  if (!decimal.test(raw) || leadingZero.test(raw)) return raw;
  const value = Number(raw);
  if (!Number.isFinite(value)) return raw;
  if (integerShaped.test(raw) && !Number.isSafeInteger(value)) return raw;
  return value;
}
