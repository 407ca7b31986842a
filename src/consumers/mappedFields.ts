import { describeValue } from './describeValue.ts';
import { idText } from './idText.ts';

/**
 * Typed values read from a producer's own record shape by dotted paths (see config/mappingSchema.ts), shared
 * by the prediction and label mappings. A value the target cannot hold throws MappedFieldError naming the path;
 * the mapping turns it into a MalformedMessageError that says which contract it was mapping to.
 */
export class MappedFieldError extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'MappedFieldError';
  }
}

/** The value at a dotted path, or undefined when the path leads nowhere. */
export function valueAt(root: unknown, dottedPath: string): unknown {
  let current = root;
  let rest = dottedPath;
  while (true) {
    if (current === null || typeof current !== 'object') return undefined;
    const node = current as Record<string, unknown>;
    if (Object.hasOwn(node, rest)) return node[rest];
    const dot = rest.indexOf('.');
    if (dot === -1) return undefined;
    const key = rest.slice(0, dot);
    if (!Object.hasOwn(node, key)) return undefined;
    current = node[key];
    rest = rest.slice(dot + 1);
  }
}

const isoDate = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const digits = /^-?\d+(?:\.\d+)?$/;

/**
 * Event time in ms: a number (or digit string, or bigint) in the mapping's unit, a Date, or an ISO-8601 string.
 * ISO date-times without an offset are read as UTC, so the result never depends on the host's time zone.
 */
export function timestampMs(raw: unknown, at: string, unit: 'ms' | 's'): number {
  if (raw instanceof Date) return timestampMs(raw.getTime(), at, 'ms');
  const value = plain(raw);
  if (value === null) throw invalid(`no timestamp at '${at}'`);
  let ms = Number.NaN;
  if (typeof value === 'number' || (typeof value === 'string' && digits.test(value))) {
    const n = Number(value);
    ms = unit === 's' ? Math.round(n * 1000) : n;
  } else if (typeof value === 'string') {
    const match = isoDate.exec(value.trim());
    if (match) {
      const [, date, time, offset] = match;
      ms = time === undefined ? Date.parse(date) : Date.parse(`${date}T${time}${normalOffset(offset)}`);
    }
  }
  if (!Number.isFinite(ms)) {
    throw invalid(`timestamp at '${at}' must be ${unit === 's' ? 'seconds' : 'ms'} since the epoch or an ISO-8601 date-time, got ${describe(value)}`);
  }
  return ms;
}

function normalOffset(offset: string | undefined): string {
  if (offset === undefined || offset.toUpperCase() === 'Z') return 'Z';
  const sign = offset[0];
  const hhmm = offset.slice(1).replace(':', '');
  return `${sign}${hhmm.slice(0, 2)}:${hhmm.slice(2) || '00'}`;
}

export function requiredText(raw: unknown, what: string, at: string): string {
  const value = plain(raw);
  if (value === null || value === '') throw invalid(`no ${what} at '${at}'`);
  const text = idText(value);
  if (text === undefined) throw invalid(`${what} at '${at}' must be a string, a number or a boolean, got ${describe(value)}`);
  return text;
}

export function optionalText(raw: unknown, what: string, at: string): string | null {
  const value = plain(raw);
  if (value === null || typeof value === 'string') return value;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value);
  throw invalid(`${what} at '${at}' must be a string, a number or a boolean, got ${describe(value)}`);
}

export function optionalNumber(raw: unknown, what: string, at: string): number | null {
  const value = plain(raw);
  if (value === null || typeof value === 'number') return value;
  throw invalid(`${what} at '${at}' must be a number, got ${describe(value)}`);
}

/** Missing → null; safe bigints → numbers, dates → ms (both can come from Avro and Parquet decoders). */
export function plain(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint' && Number.isSafeInteger(Number(value))) return Number(value);
  if (value instanceof Date) return value.getTime();
  return value;
}

export function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value} (too large for a number)`;
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return `an object ${describeValue(value)}`;
  return describeValue(value);
}

function invalid(problem: string): MappedFieldError {
  return new MappedFieldError(problem);
}
