import { InvalidOptionError } from './errors.ts';

/**
 * Which movement of a series is alarming: 'decline' for accuracy-like metrics (accuracy, F1, AUC,
 * quality score), 'rise' for error-like ones (log loss, MAE, latency), 'both' for either.
 */
export type TrendDirection = 'decline' | 'rise' | 'both';

const DIRECTIONS: readonly TrendDirection[] = ['decline', 'rise', 'both'];

export function requireDirection(detector: string, value: string): void {
  if (!DIRECTIONS.includes(value as TrendDirection)) {
    throw new InvalidOptionError(detector, 'direction', value, `one of ${DIRECTIONS.join(', ')}`);
  }
}

export function directionCode(direction: TrendDirection): number {
  return DIRECTIONS.indexOf(direction);
}

export function directionFromCode(code: number): TrendDirection {
  const direction = DIRECTIONS[code];
  if (direction === undefined) throw new RangeError(`unknown direction code ${code}`);
  return direction;
}

/** 'fell' or 'rose' for a signed change. */
export function movementVerb(change: number): string {
  return change < 0 ? 'fell' : 'rose';
}
