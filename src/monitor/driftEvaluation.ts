import type { MonitorConfig } from '../config/configSchema.ts';
import { DEFAULT_DRIFT_DIRECTION, type FeatureRuleConfig } from '../config/featureRulesSchema.ts';
import { benjaminiHochberg } from '../detectors/alarms/benjaminiHochberg.ts';
import { DriftDetector, driftTests, type DriftDetectorOptions, type DriftTestName, type FeatureKind, type Thresholds } from '../detectors/drift/index.ts';
import type { Finding, WindowBounds } from '../detectors/finding.ts';
import { NumericWindowState, type CategoricalWindowState } from '../detectors/window/index.ts';
import type { CategoricalReference, NumericReference } from '../detectors/reference/index.ts';
import { holdIfOtherWay } from './driftDirection.ts';
import { featureRule } from './featureRules.ts';
import type { ReferenceProfile } from './referenceProfile.ts';
import type { WindowContents } from './windowPanes.ts';

/** One drift detector per watched feature of the profile, with the config's tests and the profile's calibrated thresholds. */
export function driftDetectors(config: MonitorConfig, profile: ReferenceProfile): DriftDetector[] {
  return profile.calibrated.map((calibrated, i) => {
    const feature = profile.features[i];
    const rule = featureRule(config, feature.name);
    return new DriftDetector(rule ? ruleOptions(config, feature.kind, rule, calibrated) : driftOptions(config, calibrated));
  });
}

/**
 * A feature's own rule: its methods alert (default: its kind's default method), each with its fixed bounds
 * over the registry's defaults, or the bounds calibrated for it; the gate and KS method are the drift section's.
 */
function ruleOptions(config: MonitorConfig, kind: FeatureKind, rule: FeatureRuleConfig, calibrated: Partial<Record<DriftTestName, Thresholds>> | null): DriftDetectorOptions {
  const methods = rule.methods ?? [driftTests.defaultMethod(kind).name];
  const thresholds: NonNullable<DriftDetectorOptions['thresholds']> = {};
  for (const name of methods) {
    const fixed = rule.thresholds[name];
    const base = (rule.calibrate !== false ? calibrated?.[name] : undefined) ?? driftTests.require(name, kind).thresholds;
    thresholds[name] = fixed ? { ...base, ...definedOnly(fixed) } : base;
  }
  return { alertOn: { [kind]: methods }, thresholds, minCount: config.drift.minCount, significanceLevel: config.drift.significanceLevel, ksMethod: config.drift.ksMethod };
}

function definedOnly(t: { warning?: number; critical?: number; lower?: number }): Partial<Thresholds> {
  return Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined));
}

export function driftOptions(config: MonitorConfig, calibrated: Partial<Record<DriftTestName, Thresholds>> | null): DriftDetectorOptions {
  const alertOn: NonNullable<DriftDetectorOptions['alertOn']> = {};
  const thresholds: NonNullable<DriftDetectorOptions['thresholds']> = { ...(calibrated ?? {}) };
  const thresholdSources: NonNullable<DriftDetectorOptions['thresholdSources']> = Object.fromEntries(Object.keys(calibrated ?? {}).map((name) => [name, 'calibrated']));
  for (const kind of ['numeric', 'categorical'] as const) {
    const chosen = config.drift[kind];
    if (!chosen?.method) continue;
    alertOn[kind] = [chosen.method];
    if (chosen.warning !== undefined || chosen.critical !== undefined) {
      const defaults = thresholds[chosen.method] ?? driftTests.require(chosen.method, kind).thresholds;
      thresholds[chosen.method] = { warning: chosen.warning ?? defaults.warning, critical: chosen.critical ?? defaults.critical };
      thresholdSources[chosen.method] = 'configured';
    }
  }
  return { alertOn, thresholds, thresholdSources, minCount: config.drift.minCount, significanceLevel: config.drift.significanceLevel, ksMethod: config.drift.ksMethod };
}

/** A closed window's drift findings, feature by feature against the reference, false discoveries controlled at `fdr`. */
export function driftFindings(
  profile: ReferenceProfile,
  detectors: readonly DriftDetector[],
  window: WindowContents,
  bounds: WindowBounds,
  fdr: number,
  rules?: (name: string) => FeatureRuleConfig | undefined,
): Finding[] {
  const findings: Finding[] = [];
  profile.features.forEach((feature, i) => {
    const state = window.features[i];
    const reference = profile.references[i];
    const found = state instanceof NumericWindowState
      ? detectors[i].evaluate(feature.name, reference as NumericReference, state, bounds)
      : detectors[i].evaluate(feature.name, reference as CategoricalReference, state as CategoricalWindowState, bounds);
    findings.push(...found);
  });
  return combineAll(profile, directed(profile, window, controlFalseDiscoveries(findings, fdr), rules), rules);
}

/** Findings of numeric features whose rule sets a one-way `direction`: those of the other way held back as 'info' (driftDirection.ts). */
function directed(profile: ReferenceProfile, window: WindowContents, findings: Finding[], rules: ((name: string) => FeatureRuleConfig | undefined) | undefined): Finding[] {
  if (!rules) return findings;
  const index = new Map(profile.features.map((feature, i) => [feature.name, i]));
  return findings.map((f) => {
    const i = f.feature === undefined ? undefined : index.get(f.feature);
    const direction = i === undefined ? undefined : rules(f.feature!)?.direction ?? DEFAULT_DRIFT_DIRECTION;
    const state = i === undefined ? undefined : window.features[i];
    if (direction === undefined || direction === 'both' || !(state instanceof NumericWindowState)) return f;
    return holdIfOtherWay(f, direction, state.mean, (profile.references[i!] as NumericReference).mean);
  });
}

/**
 * For features whose rule combines its methods with `all`: unless every alerting method fires, the firing
 * ones are brought back to 'info' (with `any`, the default, each fires on its own, as NannyML per method).
 */
function combineAll(profile: ReferenceProfile, findings: Finding[], rules: ((name: string) => FeatureRuleConfig | undefined) | undefined): Finding[] {
  if (!rules) return findings;
  const all = new Set(profile.features.filter((f) => rules(f.name)?.combine === 'all').map((f) => f.name));
  if (all.size === 0) return findings;
  const fires = (f: Finding) => f.severity === 'warning' || f.severity === 'critical';
  const held = new Set<string>();
  for (const f of findings) {
    if (f.feature !== undefined && all.has(f.feature) && f.details?.alerting === true && !fires(f)) held.add(f.feature);
  }
  return findings.map((f) => (f.feature !== undefined && held.has(f.feature) && fires(f)
    ? { ...f, severity: 'info', summary: `${f.summary} Reported only: this feature alerts when all its methods fire, and not all do.` }
    : f));
}

/**
 * Benjamini–Hochberg across a window's features, per p-value test: a breaching p-value finding whose
 * hypothesis BH does not reject at `fdr` is brought back to 'none' (its adjusted p-value is kept).
 */
export function controlFalseDiscoveries(findings: Finding[], fdr: number): Finding[] {
  const byTest = new Map<string, number[]>();
  findings.forEach((f, i) => {
    if (f.pValue === undefined || !Number.isFinite(f.pValue)) return;
    const list = byTest.get(f.detector) ?? [];
    list.push(i);
    byTest.set(f.detector, list);
  });
  const out = findings.slice();
  for (const indices of byTest.values()) {
    const { rejected, adjusted } = benjaminiHochberg(indices.map((i) => findings[i].pValue!), fdr);
    indices.forEach((i, k) => {
      const f = findings[i];
      const details = { ...f.details, bh_adjusted_p_value: adjusted[k] };
      out[i] = !rejected[k] && (f.severity === 'warning' || f.severity === 'critical')
        ? { ...f, severity: 'none', details, summary: `${f.summary} Not significant after Benjamini–Hochberg across features (adjusted p ${adjusted[k].toPrecision(3)}).` }
        : { ...f, details };
    });
  }
  return out;
}
