/** Checks a KS method option ('auto' | 'exact' | 'asymp'); throws InvalidArgumentError otherwise. */
import { describeValue } from './describeValue.ts';
import { InvalidArgumentError } from './errors.ts';
import type { KsMethod } from './ksTwoSampleProbability.ts';

export function validateKsMethod(method: unknown, argument: string): KsMethod {
  if (method === 'auto' || method === 'exact' || method === 'asymp') return method;
  throw new InvalidArgumentError(argument, `${argument} must be 'auto', 'exact' or 'asymp', got ${describeValue(method)}`, method);
}
