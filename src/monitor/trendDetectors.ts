import type { MonitorConfig } from '../config/configSchema.ts';
import type { TrendDirection } from '../detectors/common/series.ts';
import type { SeriesDetector } from '../detectors/series/seriesDetector.ts';
import { Adwin } from '../detectors/trend/adwin.ts';
import { Cusum } from '../detectors/trend/cusum.ts';
import { Kswin } from '../detectors/trend/kswin.ts';
import { PageHinkley } from '../detectors/trend/pageHinkley.ts';
import { SlopeTrend } from '../detectors/trend/slopeTrend.ts';

type TrendConfig = MonitorConfig['trend'];
type SeriesEntry = TrendConfig['series'][number];

/** Where a series' trend detectors come from: its name, the feature it belongs to, and its per-series overrides. */
export interface TrendSeries {
  /** Name in metrics and summaries, e.g. 'accuracy', 'psi' (of feature 'age'), 'volume'. */
  series: string;
  feature?: string;
  /** The movement that alarms when neither the entry nor trend.pageHinkley names one. */
  direction: TrendDirection;
  overrides?: Pick<SeriesEntry, 'direction' | 'slope' | 'pageHinkley'>;
}

/** The detectors trend config asks for on one series: the slope always, Page–Hinkley, CUSUM, ADWIN and KSWIN when on. */
export function trendDetectors(trend: TrendConfig, { series, feature, direction, overrides }: TrendSeries): SeriesDetector[] {
  const named = { series, ...(feature === undefined ? {} : { feature }) };
  const chosen = overrides?.direction ?? direction;
  const detectors: SeriesDetector[] = [new SlopeTrend({ ...named, direction: chosen, ...trend.slope, ...overrides?.slope })];
  if (trend.pageHinkley) {
    const { direction: presetDirection, ...parameters } = trend.pageHinkley;
    const pageHinkleyDirection = overrides?.pageHinkley?.direction ?? overrides?.direction ?? presetDirection ?? direction;
    detectors.push(new PageHinkley({ ...named, ...parameters, ...withoutDirection(overrides?.pageHinkley), direction: pageHinkleyDirection }));
  }
  if (trend.cusum) detectors.push(new Cusum({ ...named, direction: chosen, ...trend.cusum }));
  if (trend.adwin) {
    const { direction: adwinDirection, ...parameters } = trend.adwin;
    detectors.push(new Adwin({ ...named, ...parameters, direction: overrides?.direction ?? adwinDirection ?? direction }));
  }
  if (trend.kswin) {
    const { direction: kswinDirection, ...parameters } = trend.kswin;
    detectors.push(new Kswin({ ...named, ...parameters, direction: overrides?.direction ?? kswinDirection ?? direction }));
  }
  return detectors;
}

function withoutDirection<T extends { direction?: unknown }>(value: T | undefined): Omit<T, 'direction'> | undefined {
  if (!value) return undefined;
  const { direction: _, ...rest } = value;
  return rest;
}
