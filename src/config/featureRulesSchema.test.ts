import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from './configError.ts';
import { parseConfig } from './loadConfig.ts';

function withFeatures(features: string): string {
  return `monitors:\n  - model: m\n    window: { type: count, size: 100 }\n    features:\n${features}`;
}

function problemsOf(yaml: string): string[] {
  try {
    parseConfig(yaml, 'dw.yaml');
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => `${p.line}:${p.column}: ${p.key}: ${p.message}`);
  }
}

test('features: the short form (kind) and the long form (rules) side by side, with defaults', () => {
  const config = parseConfig(withFeatures('      age: numeric\n      region: { type: categorical, methods: [jensen_shannon, chi_square_yates], combine: all }\n'), 'dw.yaml');
  assert.equal(config.monitors[0].features?.age, 'numeric');
  assert.deepEqual(config.monitors[0].features?.region, { type: 'categorical', methods: ['jensen_shannon', 'chi_square_yates'], combine: 'all', thresholds: {}, calibrate: false });
  const calibrated = parseConfig(withFeatures('      age: { type: numeric, methods: [ks_statistic], calibrate: { twoSided: true } }\n'), 'dw.yaml');
  assert.deepEqual((calibrated.monitors[0].features?.age as { calibrate: unknown }).calibrate, { k: 3, twoSided: true });
});

test('bad combinations name the file line and key', () => {
  assert.deepEqual(problemsOf(withFeatures('      age: { type: numeric, methods: [ks_statistic, jensen_shannon] }\n')), [
    '5:53: monitors[0].features.age.methods[1]: expected one of "psi"|"ks"|"wasserstein_norm"|"ks_statistic"|"jensen_shannon_numeric" (the registered numeric drift tests)',
  ]);
  assert.deepEqual(problemsOf(withFeatures('      age: { type: numeric, methods: [ks], calibrate: true }\n')), [
    '5:44: monitors[0].features.age.calibrate: none of ks can be calibrated (p-values are calibrated by their null distribution)',
  ]);
  assert.deepEqual(problemsOf(withFeatures('      age:\n        type: numeric\n        methods: [ks_statistic]\n        calibrate: true\n        thresholds: { ks_statistic: { warning: 0.15 }, psi: { warning: 0.2 } }\n')), [
    "9:23: monitors[0].features.age.thresholds.ks_statistic: 'ks_statistic' is calibrated (calibrate is on): give fixed thresholds or calibration, not both",
    "9:56: monitors[0].features.age.thresholds.psi: 'psi' is not among this feature's methods (ks_statistic)",
  ]);
  assert.deepEqual(problemsOf(withFeatures('      age: { type: numeric, methods: [ks], thresholds: { ks: { lower: 0.5 } } }\n')), [
    "5:64: monitors[0].features.age.thresholds.ks.lower: 'ks' is a p-value: it alerts below its warning level already, so it has no lower bound",
  ]);
  assert.deepEqual(problemsOf(withFeatures('      age: { type: numeric, thresholds: { psi: { warning: 0.2, lower: 0.4 } } }\n')), [
    '5:64: monitors[0].features.age.thresholds.psi.lower: lower must be below warning (0.2), got 0.4',
  ]);
});

test('bins and direction: numeric features only, each refused on a categorical one with its key', () => {
  const config = parseConfig(withFeatures('      age: { type: numeric, bins: 20, direction: increase }\n      income: { type: numeric }\n'), 'dw.yaml');
  assert.deepEqual(config.monitors[0].features?.age, { type: 'numeric', combine: 'any', thresholds: {}, calibrate: false, bins: 20, direction: 'increase' });
  const income = config.monitors[0].features?.income as { bins?: number; direction?: string };
  assert.equal(income.bins, undefined, 'no bins of its own: drift.psiBins');
  assert.equal(income.direction, undefined, 'no direction: both');
  assert.deepEqual(problemsOf(withFeatures('      region: { type: categorical, bins: 5, direction: decrease }\n')), [
    '5:36: monitors[0].features.region.bins: bins cut a numeric feature (PSI and numeric JS bins); a categorical feature has its categories',
    '5:45: monitors[0].features.region.direction: direction compares window and reference means, so it applies to numeric features only',
  ]);
  assert.deepEqual(problemsOf(withFeatures('      age: { type: numeric, bins: 1, direction: up }\n')), [
    '5:29: monitors[0].features.age.bins: Too small: expected number to be >=2',
    '5:38: monitors[0].features.age.direction: Invalid option: expected one of "increase"|"decrease"|"both"',
  ]);
});

test('a bad key of a rule is reported at its own key, not as one invalid union', () => {
  assert.deepEqual(problemsOf(withFeatures('      age: { type: numeric, combine: some }\n')), [
    '5:29: monitors[0].features.age.combine: Invalid option: expected one of "any"|"all"',
  ]);
  assert.deepEqual(problemsOf(withFeatures('      age: numerical\n')), [
    '5:7: monitors[0].features.age: Invalid option: expected one of "numeric"|"categorical"',
  ]);
});
