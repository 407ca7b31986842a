/**
 * What the trend and anomaly detectors (SlopeTrend, PageHinkley, Cusum, EwmaChart, RobustZScore)
 * share: which movement of a per-window series is alarming, how they name the series in their
 * state, and how they estimate an in-control baseline from a warm-up.
 */
import { mean, sampleStandardDeviation } from 'simple-statistics';
import type { FindingSeverity } from '../finding.ts';
import { InvalidOptionError } from './validation.ts';
import type { StateReader, StateWriter } from './stateCodec.ts';

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

/** A detector's direction, series name and optional feature: encoded the same way by each of them. */
export interface SeriesIdentity {
  direction: TrendDirection;
  series: string;
  feature?: string;
}

export function writeSeriesIdentity(w: StateWriter, identity: { direction: TrendDirection; series: string; feature: string | undefined }): void {
  w.u8(DIRECTIONS.indexOf(identity.direction)).str(identity.series).bool(identity.feature !== undefined).str(identity.feature ?? '');
}

export function readSeriesIdentity(r: StateReader): SeriesIdentity {
  const code = r.u8();
  const direction = DIRECTIONS[code];
  if (direction === undefined) throw new RangeError(`unknown direction code ${code}`);
  const series = r.str();
  const hasFeature = r.bool();
  const feature = r.str();
  return hasFeature ? { direction, series, feature } : { direction, series };
}

/**
 * Sample mean and standard deviation (n − 1) of a warm-up. A constant warm-up has σ̂ = 0; σ̂ is
 * floored at the resolution of doubles around the mean, so any later move registers.
 */
export function warmupBaseline(values: readonly number[]): { mean: number; sd: number } {
  const centre = mean(values as number[]);
  const sd = sampleStandardDeviation(values as number[]);
  return { mean: centre, sd: Math.max(sd, Number.EPSILON * Math.max(1, Math.abs(centre))) };
}

/** Severity of a signed change by how far it moves the alarming way: above `critical`, above `warning`, or neither. */
export function severityOfChange(direction: TrendDirection, change: number, warning: number, critical: number): FindingSeverity {
  const adverse = direction === 'rise' ? change : direction === 'decline' ? -change : Math.abs(change);
  if (adverse > critical) return 'critical';
  if (adverse > warning) return 'warning';
  return 'none';
}

/** Whether a two-sided change detector's signals alarm for a direction: the rise side, the decline side, or either. */
export function signalled(direction: TrendDirection, rose: boolean, fell: boolean): boolean {
  return direction === 'rise' ? rose : direction === 'decline' ? fell : rose || fell;
}
