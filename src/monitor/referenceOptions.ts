import type { MonitorConfig } from '../config/configSchema.ts';
import { ruleOf } from '../config/featureRulesSchema.ts';
import type { ReferenceProfileOptions } from './referenceProfile.ts';

/**
 * Reference events per chunk, where the reference is cut into window-sized chunks (drift calibration, the
 * reconstruction band): the window size for count windows, else a tenth of the reference (at least 100).
 */
export function referenceChunkSize(config: MonitorConfig, referenceSize: number): number {
  const w = config.window;
  return w.type === 'count' ? w.size : Math.max(100, Math.floor(referenceSize / 10));
}

/**
 * How a monitor's reference profile of `referenceSize` events is built, from its config: numeric references
 * cut with drift.psiBins, drift.maxCutPoints and drift.exactKs, a feature's own `bins` overriding
 * drift.psiBins; drift.calibrate calibrates every calibratable test; multivariate fits the reconstruction model.
 */
export function referenceProfileOptions(config: MonitorConfig, referenceSize: number): ReferenceProfileOptions {
  const featureBins: Record<string, number> = {};
  for (const [name, spec] of Object.entries(config.features ?? {})) {
    const bins = ruleOf(spec)?.bins;
    if (bins !== undefined) featureBins[name] = bins;
  }
  const { psiBins, maxCutPoints, exactKs } = config.drift;
  const options: ReferenceProfileOptions = { numeric: { bins: psiBins, maxCutPoints, exactKs }, featureBins, calibrateAll: config.drift.calibrate };
  const multivariate = config.multivariate;
  if (multivariate) options.reconstruction = { ...multivariate, chunkSize: referenceChunkSize(config, referenceSize) };
  return options;
}
