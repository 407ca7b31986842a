/**
 * Errors thrown by the statistics in this folder. Each message names the argument, and for a bad
 * element its index and value, so the caller can find the bad input without a debugger.
 */

/** A sample (or a vector of counts/weights) is empty, or holds a NaN, an infinity or a forbidden value. */
export class InvalidSampleError extends Error {
  override name = 'InvalidSampleError';
  /** Name of the offending argument, e.g. 'reference'. */
  readonly argument: string;
  /** Index (or category key) of the offending element; undefined when the whole argument is at fault. */
  readonly index: number | string | undefined;
  readonly value: unknown;

  constructor(argument: string, message: string, index?: number | string, value?: unknown) {
    super(message);
    this.argument = argument;
    this.index = index;
    this.value = value;
  }
}

/** A scalar argument (a statistic, a sample size, a number of bins, an option) is out of its domain. */
export class InvalidArgumentError extends RangeError {
  override name = 'InvalidArgumentError';
  readonly argument: string;
  readonly value: unknown;

  constructor(argument: string, message: string, value?: unknown) {
    super(message);
    this.argument = argument;
    this.value = value;
  }
}
