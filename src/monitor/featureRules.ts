import type { MonitorConfig } from '../config/configSchema.ts';
import { ruleOf, type FeatureRuleConfig } from '../config/featureRulesSchema.ts';

/** The config's rule for a watched feature (long form of `features.<name>`), if any. */
export function featureRule(config: MonitorConfig, name: string): FeatureRuleConfig | undefined {
  return ruleOf(config.features?.[name]);
}

/** Whether a feature's rule asks for calibrated thresholds (then the reference is cut into chunks). */
export function featureCalibrates(config: MonitorConfig): boolean {
  return Object.values(config.features ?? {}).some((spec) => ruleOf(spec)?.calibrate !== undefined && ruleOf(spec)?.calibrate !== false);
}
