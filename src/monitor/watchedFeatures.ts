import type { FeatureKind } from '../config/configSchema.ts';
import { kindOf, ruleOf, type FeatureRuleConfig, type FeatureSpec } from '../config/featureRulesSchema.ts';
import type { EventBatch, FieldColumn } from '../contracts/eventBatch.ts';
import type { FeatureValue, PredictionEvent } from '../contracts/events.ts';

/** A value the monitor watches: a model input, or one of the model's outputs watched like an input. */
export interface WatchedFeature {
  name: string;
  kind: FeatureKind;
  /** Its own alerting rules (config `features.<name>` in the long form), overriding `drift.<kind>`. */
  rule?: FeatureRuleConfig;
  read: (event: PredictionEvent) => FeatureValue | undefined;
}

export const PREDICTION_SCORE = 'prediction.score';
export const PREDICTION_LABEL = 'prediction.label';

/** The watched feature of this name: prediction.score, prediction.label, or else the model input of that name. */
export function watchedFeature(name: string, kind: FeatureKind): WatchedFeature {
  if (name === PREDICTION_SCORE) return { name, kind, read: (event) => event.prediction.score };
  if (name === PREDICTION_LABEL) return { name, kind, read: (event) => event.prediction.label };
  return { name, kind, read: (event) => event.features[name] };
}

/** The column of a batch that `read` reads: the score or label column, or the feature's (undefined when no event has it). */
export function watchedColumn(batch: EventBatch, name: string): FieldColumn | undefined {
  if (name === PREDICTION_SCORE) return batch.score;
  if (name === PREDICTION_LABEL) return batch.label;
  return batch.features.get(name);
}

/**
 * The features a monitor watches: those configured, or when none are, every feature of the reference
 * events with its kind inferred (numeric when every present value is a number, categorical otherwise);
 * plus prediction.score and prediction.label when the reference has them.
 */
export function watchedFeatures(
  configured: Readonly<Record<string, FeatureSpec>> | undefined,
  monitorPrediction: boolean,
  reference: readonly PredictionEvent[],
): WatchedFeature[] {
  const specs: Readonly<Record<string, FeatureSpec>> = configured ?? inferKinds(reference);
  const watched: WatchedFeature[] = Object.entries(specs)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, spec]) => {
      const feature = watchedFeature(name, kindOf(spec));
      const rule = ruleOf(spec);
      return rule ? { ...feature, rule } : feature;
    });
  if (monitorPrediction) {
    if (reference.some((e) => typeof e.prediction.score === 'number')) {
      watched.push(watchedFeature(PREDICTION_SCORE, 'numeric'));
    }
    if (reference.some((e) => typeof e.prediction.label === 'string')) {
      watched.push(watchedFeature(PREDICTION_LABEL, 'categorical'));
    }
  }
  return watched;
}

function inferKinds(reference: readonly PredictionEvent[]): Record<string, FeatureKind> {
  const kinds: Record<string, FeatureKind> = {};
  for (const event of reference) {
    for (const [name, value] of Object.entries(event.features)) {
      if (value === null || value === undefined) continue;
      if (typeof value !== 'number') kinds[name] = 'categorical';
      else kinds[name] ??= 'numeric';
    }
  }
  return kinds;
}
