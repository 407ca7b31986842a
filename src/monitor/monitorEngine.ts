import type { MonitorConfig } from '../config/configSchema.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import { DRIFT_TESTS, DriftDetector, type DriftDetectorOptions } from '../detectors/drift/index.ts';
import { VersionMonitor } from './versionMonitor.ts';
import { watchedFeatures, type WatchedFeature } from './watchedFeatures.ts';
import type { WindowEvaluation } from './windowEvaluation.ts';

interface ModelEntry {
  config: MonitorConfig;
  features: WatchedFeature[];
  drift: DriftDetector;
  versions: Map<string, VersionMonitor>;
}

/**
 * Routes each event to its model's monitor (one per model version) and returns the evaluations of the
 * windows it closed. Pure and synchronous: the Kafka service and `driftwatch replay` both drive it.
 */
export class MonitorEngine {
  readonly #models = new Map<string, ModelEntry>();
  /** Events for models no monitor is configured for. */
  unmonitored = 0;

  constructor(monitors: readonly MonitorConfig[]) {
    for (const config of monitors) {
      this.#models.set(config.model, { config, features: watchedFeatures(config), drift: driftDetectorFor(config), versions: new Map() });
    }
  }

  ingest(event: PredictionEvent): WindowEvaluation[] {
    const model = this.#models.get(event.model_id);
    if (!model) {
      this.unmonitored++;
      return [];
    }
    let monitor = model.versions.get(event.model_version);
    if (!monitor) {
      monitor = new VersionMonitor(event.model_id, event.model_version, model.config, model.features, model.drift);
      model.versions.set(event.model_version, monitor);
    }
    return monitor.ingest(event);
  }
}

function driftDetectorFor(config: MonitorConfig): DriftDetector {
  const alertOn: DriftDetectorOptions['alertOn'] = {};
  const thresholds: DriftDetectorOptions['thresholds'] = {};
  for (const kind of ['numeric', 'categorical'] as const) {
    const chosen = config.drift[kind];
    if (!chosen?.method) continue;
    alertOn[kind] = [chosen.method];
    const defaults = DRIFT_TESTS[chosen.method].thresholds;
    thresholds[chosen.method] = { warning: chosen.warning ?? defaults.warning, critical: chosen.critical ?? defaults.critical };
  }
  return new DriftDetector({ alertOn, thresholds });
}
