import type { MonitorConfig } from '../config/configSchema.ts';
import { ruleOf } from '../config/featureRulesSchema.ts';
import type { ReferenceProfileOptions } from './referenceProfile.ts';

/**
 * How a monitor's reference profile is built, from its config: numeric references cut with drift.psiBins,
 * drift.maxCutPoints and drift.exactKs, a feature's own `bins` overriding drift.psiBins; drift.calibrate
 * calibrates every calibratable test.
 */
export function referenceProfileOptions(config: MonitorConfig): ReferenceProfileOptions {
  const featureBins: Record<string, number> = {};
  for (const [name, spec] of Object.entries(config.features ?? {})) {
    const bins = ruleOf(spec)?.bins;
    if (bins !== undefined) featureBins[name] = bins;
  }
  const { psiBins, maxCutPoints, exactKs } = config.drift;
  return { numeric: { bins: psiBins, maxCutPoints, exactKs }, featureBins, calibrateAll: config.drift.calibrate };
}
