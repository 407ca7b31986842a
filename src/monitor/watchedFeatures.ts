import type { FeatureKind } from '../config/configSchema.ts';
import type { FeatureValue, PredictionEvent } from '../contracts/events.ts';

/** A value the monitor watches: a model input, or one of the model's outputs watched like an input. */
export interface WatchedFeature {
  name: string;
  kind: FeatureKind;
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

/**
 * The features a monitor watches: those configured, or when none are, every feature of the reference
 * events with its kind inferred (numeric when every present value is a number, categorical otherwise);
 * plus prediction.score and prediction.label when the reference has them.
 */
export function watchedFeatures(
  configured: Readonly<Record<string, FeatureKind>> | undefined,
  monitorPrediction: boolean,
  reference: readonly PredictionEvent[],
): WatchedFeature[] {
  const kinds = configured ?? inferKinds(reference);
  const watched: WatchedFeature[] = Object.entries(kinds)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, kind]) => watchedFeature(name, kind));
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
