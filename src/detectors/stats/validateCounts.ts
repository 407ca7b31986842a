/**
 * Checks a vector of non-negative weights or counts: non-empty, every element finite and ≥ 0, positive
 * total. Returns the total. Throws InvalidSampleError naming the argument, the index and the value.
 */
import { describeValue } from './describeValue.ts';
import { InvalidSampleError } from './errors.ts';
import { CompensatedSum } from '../common/compensatedSum.ts';

export function validateCounts(values: ArrayLike<number>, argument: string): number {
  if (values == null || typeof values.length !== 'number') {
    throw new InvalidSampleError(argument, `${argument} must be an array or typed array of numbers, got ${describeValue(values)}`);
  }
  if (values.length === 0) throw new InvalidSampleError(argument, `${argument} is empty: at least one value is needed`);
  const total = new CompensatedSum();
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) {
      throw new InvalidSampleError(argument, `${argument}[${i}] is ${describeValue(x)}: values must be finite numbers ≥ 0`, i, x);
    }
    total.add(x);
  }
  const sum = total.value;
  if (!(sum > 0)) throw new InvalidSampleError(argument, `${argument} sums to 0: at least one positive value is needed`);
  return sum;
}
