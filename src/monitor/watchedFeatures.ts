import type { FeatureKind, MonitorConfig } from '../config/configSchema.ts';
import type { FeatureValue, PredictionEvent } from '../contracts/events.ts';

/** A value the monitor watches: a model input, or one of the model's outputs watched like an input. */
export interface WatchedFeature {
  name: string;
  kind: FeatureKind;
  read: (event: PredictionEvent) => FeatureValue | undefined;
}

export const PREDICTION_SCORE = 'prediction.score';
export const PREDICTION_LABEL = 'prediction.label';

export function watchedFeatures(monitor: MonitorConfig): WatchedFeature[] {
  const watched: WatchedFeature[] = Object.entries(monitor.features).map(([name, kind]) => ({
    name,
    kind,
    read: (event) => event.features[name],
  }));
  if (monitor.monitorPrediction) {
    watched.push(
      { name: PREDICTION_SCORE, kind: 'numeric', read: (event) => event.prediction.score },
      { name: PREDICTION_LABEL, kind: 'categorical', read: (event) => event.prediction.label },
    );
  }
  return watched;
}
