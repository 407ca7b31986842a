import { z } from 'zod';
import { EwmaChart } from '../detectors/anomaly/ewmaChart.ts';
import { RobustZScore } from '../detectors/anomaly/robustZScore.ts';
import { DRIFT_DETECTOR_DEFAULTS } from '../detectors/drift/detector.ts';
import { NUMERIC_REFERENCE_DEFAULTS } from '../detectors/reference/numericReference.ts';
import { Adwin } from '../detectors/trend/adwin.ts';
import { Cusum } from '../detectors/trend/cusum.ts';
import { Kswin } from '../detectors/trend/kswin.ts';
import { PAGE_HINKLEY_RIVER_DEFAULTS, PageHinkley } from '../detectors/trend/pageHinkley.ts';
import { SlopeTrend } from '../detectors/trend/slopeTrend.ts';

/**
 * The YAML keys of the detectors' parameters. Every default is the detector's own (its class's
 * `defaults`, DRIFT_DETECTOR_DEFAULTS, NUMERIC_REFERENCE_DEFAULTS): stated there once, filled in here.
 */

const direction = z.enum(['decline', 'rise', 'both']);

/** A window series' name; `*` only as the feature of `drift:*:<metric>` (every watched feature). */
const seriesName = z.string().min(1).refine((name) => !name.includes('*') || /^drift:\*:[^:*]+$/.test(name), {
  message: "'*' stands only for the feature, as in drift:*:psi",
});

/** drift: keys spread into the drift section of configSchema.ts. */
export const driftParameters = {
  /** Gate on effect-size tests (p-value of the matching homogeneity test); null turns the gate off. */
  significanceLevel: z.number().gt(0).lt(1).nullable().default(DRIFT_DETECTOR_DEFAULTS.significanceLevel),
  /** KS p-value method, as scipy.stats.ks_2samp's `method`. */
  ksMethod: z.enum(['asymp', 'exact', 'auto']).default(DRIFT_DETECTOR_DEFAULTS.ksMethod),
  /** PSI bins, cut at reference quantiles. */
  psiBins: z.number().int().min(2).max(65535).default(NUMERIC_REFERENCE_DEFAULTS.bins),
  /** Keep every distinct reference value (ranks) so KS D is exact; false: D from the bucket cuts, within 1 / (maxCutPoints − 2). */
  exactKs: z.boolean().default(NUMERIC_REFERENCE_DEFAULTS.exactKs),
  /** Most distinct reference values kept as bucket cuts (PSI, Wasserstein, window counts; ≈ 26 bytes each per window state); more are compressed. */
  maxCutPoints: z.number().int().min(4).max(100_000).default(NUMERIC_REFERENCE_DEFAULTS.maxCutPoints),
};

const slopeFields = {
  lookback: z.number().int().min(3),
  maxChange: z.number().positive(),
};

const pageHinkleyFields = {
  minInstances: z.number().int().positive(),
  delta: z.number().nonnegative(),
  threshold: z.number().positive(),
  alpha: z.number().gt(0).max(1),
  direction: direction.optional(),
};

const cusumFields = { warmup: z.number().int().min(2), k: z.number().nonnegative(), h: z.number().positive() };

/** Page–Hinkley parameters by name: River's for raw per-event streams, or driftwatch's for per-window [0, 1] metrics. */
export const PAGE_HINKLEY_PRESETS = {
  window: { minInstances: PageHinkley.defaults.minInstances, delta: PageHinkley.defaults.delta, threshold: PageHinkley.defaults.threshold, alpha: PageHinkley.defaults.alpha },
  river: PAGE_HINKLEY_RIVER_DEFAULTS,
} as const;

export type PageHinkleyParameters = { minInstances: number; delta: number; threshold: number; alpha: number; direction?: 'decline' | 'rise' | 'both' };
export type SlopeParameters = { lookback: number; maxChange: number };
export type CusumParameters = { warmup: number; k: number; h: number };

const pageHinkleyObject = z.strictObject({ preset: z.enum(['window', 'river']).default('window'), ...partial(pageHinkleyFields) });

/**
 * trend.pageHinkley: true (the 'window' preset), false (off), a preset's name ('river': River's defaults,
 * mode 'both'), or { preset?, minInstances?, delta?, threshold?, alpha?, direction? } overriding a preset.
 * Parsed to the full parameters, or false.
 */
export const pageHinkleySchema = z
  .union([z.boolean(), z.enum(['window', 'river']), pageHinkleyObject])
  .transform((value): PageHinkleyParameters | false => {
    if (value === false) return false;
    if (value === true) return { ...PAGE_HINKLEY_PRESETS.window };
    if (typeof value === 'string') return { ...PAGE_HINKLEY_PRESETS[value] };
    const { preset, ...overrides } = value;
    return { ...PAGE_HINKLEY_PRESETS[preset], ...defined(overrides) };
  });

/** trend.cusum: true (the defaults), false (off), or { warmup?, k?, h? }. */
export const cusumSchema = z
  .union([z.boolean(), z.strictObject(partial(cusumFields))])
  .transform((value): CusumParameters | false => {
    if (value === false) return false;
    const defaults = { warmup: Cusum.defaults.warmup, k: Cusum.defaults.k, h: Cusum.defaults.h };
    return value === true ? defaults : { ...defaults, ...defined(value) };
  });

const adwinFields = {
  delta: z.number().gt(0).lt(1),
  clock: z.number().int().positive(),
  maxBuckets: z.number().int().positive(),
  minWindowLength: z.number().int().positive(),
  gracePeriod: z.number().int().nonnegative(),
  direction: direction.optional(),
};

export type AdwinParameters = { delta: number; clock: number; maxBuckets: number; minWindowLength: number; gracePeriod: number; direction?: 'decline' | 'rise' | 'both' };

/**
 * trend.adwin: false (the default: off), true (River's defaults, Adwin.defaults), or { delta?, clock?,
 * maxBuckets?, minWindowLength?, gracePeriod?, direction? } overriding them. Without a direction, the
 * series' own alarming direction applies. Parsed to the full parameters, or false.
 */
export const adwinSchema = z
  .union([z.boolean(), z.strictObject(partial(adwinFields))])
  .transform((value): AdwinParameters | false => {
    if (value === false) return false;
    const { delta, clock, maxBuckets, minWindowLength, gracePeriod } = Adwin.defaults;
    const defaults = { delta, clock, maxBuckets, minWindowLength, gracePeriod };
    return value === true ? defaults : { ...defaults, ...defined(value) };
  });

const kswinFields = {
  alpha: z.number().min(0).max(1),
  windowSize: z.number().int().min(2),
  statSize: z.number().int().positive(),
  seed: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  direction: direction.optional(),
};

export type KswinParameters = { alpha: number; windowSize: number; statSize: number; seed: number; direction?: 'decline' | 'rise' | 'both' };

/**
 * trend.kswin: false (the default: off), true (River's drift.KSWIN() defaults with seed 42, Kswin.defaults),
 * or { alpha?, windowSize?, statSize?, seed?, direction? } overriding them. Parsed to the full parameters, or false.
 */
export const kswinSchema = z
  .union([z.boolean(), z.strictObject(partial(kswinFields))])
  .transform((value): KswinParameters | false => {
    if (value === false) return false;
    const { alpha, windowSize, statSize, seed } = Kswin.defaults;
    const defaults = { alpha, windowSize, statSize, seed };
    return value === true ? defaults : { ...defaults, ...defined(value) };
  })
  .refine((p) => p === false || p.windowSize >= 2 * p.statSize, { message: 'windowSize must be at least twice statSize (statSize values are drawn from the older part)' });

export const slopeSchema = z.strictObject({
  lookback: slopeFields.lookback.default(SlopeTrend.defaults.lookback),
  maxChange: slopeFields.maxChange.default(SlopeTrend.defaults.maxChange),
});

/**
 * A series the trend detectors watch: its name (see windowSeriesNames in monitor/windowSeries.ts), or
 * { name, direction?, slope?, pageHinkley? } with the direction that alarms and slope / Page–Hinkley
 * parameters in the series' own units (both are absolute, unlike CUSUM's and the charts' σ units).
 */
const trendSeriesEntry = z
  .union([
    seriesName,
    z.strictObject({
      name: seriesName,
      direction: direction.optional(),
      slope: z.strictObject(partial(slopeFields)).optional(),
      pageHinkley: z.strictObject(partial(pageHinkleyFields)).optional(),
    }),
  ])
  .transform((entry) => (typeof entry === 'string' ? { name: entry } : entry));

/** The most series one monitor's trend or anomaly detectors may watch: each costs a few detectors' state. */
export const MAX_WATCHED_SERIES = 256;

export const trendSchema = z.strictObject({
  slope: slopeSchema.prefault({}),
  pageHinkley: pageHinkleySchema.prefault(true),
  cusum: cusumSchema.prefault(true),
  adwin: adwinSchema.prefault(false),
  kswin: kswinSchema.prefault(false),
  /** Window series (drift statistics, aggregates, quality score) the trend detectors watch, labels or not. */
  series: z.array(trendSeriesEntry).max(MAX_WATCHED_SERIES).default([]),
}).superRefine((trend, ctx) => uniqueNames(trend.series.map((s) => s.name), ['series'], ctx));

export const ewmaSchema = z.strictObject({
  lambda: z.number().gt(0).max(1).default(EwmaChart.defaults.lambda),
  L: z.number().positive().default(EwmaChart.defaults.L),
  criticalL: z.number().positive().default(EwmaChart.defaults.criticalL),
  warmup: z.number().int().min(2).default(EwmaChart.defaults.warmup),
}).refine((p) => p.criticalL >= p.L, { message: 'criticalL must be at least L', path: ['criticalL'] });

export const robustZSchema = z.strictObject({
  history: z.number().int().min(3).default(RobustZScore.defaults.history),
  threshold: z.number().positive().default(RobustZScore.defaults.threshold),
  criticalThreshold: z.number().positive().default(RobustZScore.defaults.criticalThreshold),
}).refine((p) => p.criticalThreshold >= p.threshold, { message: 'criticalThreshold must be at least threshold', path: ['criticalThreshold'] });

export const anomalySchema = z.strictObject({
  enabled: z.boolean().default(true),
  aggregates: z.array(z.enum(['prediction_mean', 'positive_rate', 'volume', 'latency_mean'])).default(['prediction_mean', 'positive_rate', 'latency_mean']),
  /** Further window series to chart (drift statistics, quality_score), beside the aggregates. */
  series: z.array(seriesName).max(MAX_WATCHED_SERIES).default([]),
  method: z.enum(['ewma', 'robust_z']).default('ewma'),
  ewma: ewmaSchema.prefault({}),
  robustZ: robustZSchema.prefault({}),
}).superRefine((anomaly, ctx) => uniqueNames([...anomaly.aggregates, ...anomaly.series], ['series'], ctx));

function uniqueNames(names: readonly string[], path: (string | number)[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) ctx.addIssue({ code: 'custom', path, message: `series '${name}' is listed twice` });
    seen.add(name);
  }
}

function partial<T extends Record<string, z.ZodType>>(fields: T): { [K in keyof T]: z.ZodOptional<T[K]> } {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as { [K in keyof T]: z.ZodOptional<T[K]> };
}

/** The keys whose value is set (zod gives absent optional keys as absent, but a caller may pass undefined). */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
