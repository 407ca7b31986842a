/** A detector option is out of its valid range; the message names the option, the value and the range. */
export class InvalidOptionError extends Error {
  override name = 'InvalidOptionError';

  constructor(detector: string, option: string, value: unknown, expected: string) {
    super(`${detector}: option '${option}' is ${String(value)} but must be ${expected}`);
  }
}

/** A series value was NaN or ±Infinity; windows whose metric is undefined should be skipped, not fed. */
export class NonFiniteValueError extends Error {
  override name = 'NonFiniteValueError';

  constructor(detector: string, value: number) {
    super(`${detector}: update() got ${value}; skip windows whose metric is undefined instead of passing a non-finite value`);
  }
}

export function requireFinite(detector: string, value: number): void {
  if (!Number.isFinite(value)) throw new NonFiniteValueError(detector, value);
}

export function requireInteger(detector: string, option: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(detector, option, value, max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`);
  }
}

export function requirePositive(detector: string, option: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw new InvalidOptionError(detector, option, value, 'a finite number > 0');
}

export function requireNonNegative(detector: string, option: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) throw new InvalidOptionError(detector, option, value, 'a finite number ≥ 0');
}
