import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DRIFT_TESTS } from '../detectors/drift/builtInTests.ts';
import { driftTests } from '../detectors/drift/registry.ts';
import { ConfigError } from './configError.ts';
import { parseConfig } from './loadConfig.ts';

function withDrift(drift: string): string {
  return `monitors:\n  - model: m\n    window: { type: count, size: 100 }\n    drift:\n${drift}`;
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

// One process, in this order: what the CLI sees (built-ins only), then what a library sees after registering.
test('drift methods are checked against the registry when the config is parsed: a name registered later is refused until then', () => {
  assert.deepEqual(problemsOf(withDrift('      numeric: { method: ks }\n      categorical: { method: unseen_share, warning: 0.02 }\n')), []);
  assert.deepEqual(problemsOf(withDrift('      categorical: { method: hellinger }\n')), [
    '5:22: monitors[0].drift.categorical.method: Invalid option: expected one of "chi_square"|"jensen_shannon"|"unseen_share" (the registered categorical drift tests)',
  ]);
  assert.deepEqual(problemsOf(withDrift('      numeric:\n        method: jensen_shannon\n')), [
    '6:9: monitors[0].drift.numeric.method: Invalid option: expected one of "psi"|"ks"|"wasserstein_norm" (the registered numeric drift tests)',
  ], 'a categorical test is not a numeric method');

  driftTests.register({ ...DRIFT_TESTS.jensen_shannon, name: 'hellinger', metric: 'hellinger_distance', label: 'Hellinger distance', thresholds: { warning: 0.1, critical: 0.2 } });
  const config = parseConfig(withDrift('      categorical: { method: hellinger, critical: 0.3 }\n'), 'dw.yaml');
  assert.deepEqual(config.monitors[0].drift.categorical, { method: 'hellinger', critical: 0.3 });
  assert.deepEqual(problemsOf(withDrift('      numeric: { method: hellinger }\n')), [
    '5:18: monitors[0].drift.numeric.method: Invalid option: expected one of "psi"|"ks"|"wasserstein_norm" (the registered numeric drift tests)',
  ]);
});
