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
