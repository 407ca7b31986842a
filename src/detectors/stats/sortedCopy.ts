/** Validates a sample and returns an ascending Float64Array copy of it (numeric sort, no comparator). */
import { validateSample } from './validateSample.ts';

export function sortedCopy(sample: ArrayLike<number>, argument: string): Float64Array {
  validateSample(sample, argument);
  const copy = Float64Array.from(sample);
  copy.sort();
  return copy;
}
