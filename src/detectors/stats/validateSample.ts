/**
 * Checks that a sample is non-empty and every element is a finite number; throws InvalidSampleError
 * naming the argument, the index and the value otherwise.
 */
import { describeValue } from './describeValue.ts';
import { InvalidSampleError } from './errors.ts';

export function validateSample(sample: ArrayLike<number>, argument: string): void {
  if (sample == null || typeof sample.length !== 'number') {
    throw new InvalidSampleError(argument, `${argument} must be an array or typed array of numbers, got ${describeValue(sample)}`);
  }
  const n = sample.length;
  if (n === 0) {
    throw new InvalidSampleError(argument, `${argument} is empty: at least one value is needed`);
  }
  for (let i = 0; i < n; i++) {
    const x = sample[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new InvalidSampleError(
        argument,
        `${argument}[${i}] is ${describeValue(x)}: every value must be a finite number (drop or impute missing values before the test)`,
        i,
        x,
      );
    }
  }
}
