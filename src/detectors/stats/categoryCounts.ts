/**
 * Reads a category → count table (plain object or Map), checking each count is a finite number ≥ 0;
 * throws InvalidSampleError naming the argument, the category and the value otherwise.
 */
import { describeValue } from './describeValue.ts';
import { InvalidSampleError } from './errors.ts';

export type CategoryCounts = Readonly<Record<string, number>> | ReadonlyMap<string, number>;

export function categoryCounts(counts: CategoryCounts, argument: string): Map<string, number> {
  if (counts == null || typeof counts !== 'object') {
    throw new InvalidSampleError(argument, `${argument} must be an object or a Map of category → count, got ${describeValue(counts)}`);
  }
  const entries: Iterable<[string, number]> = counts instanceof Map ? counts.entries() : Object.entries(counts);
  const out = new Map<string, number>();
  for (const [key, value] of entries) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new InvalidSampleError(
        argument,
        `${argument}[${JSON.stringify(key)}] is ${describeValue(value)}: counts must be finite numbers ≥ 0`,
        key,
        value,
      );
    }
    out.set(key, value);
  }
  return out;
}
