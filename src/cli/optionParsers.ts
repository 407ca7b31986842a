import { InvalidArgumentError } from 'commander';

/** Commander parser for an option that takes a whole number ≥ 1. */
export function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1, got '${text}'`);
  return value;
}

/** Commander parser for an option that takes a number > 0. */
export function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError(`expected a number > 0, got '${text}'`);
  return value;
}
