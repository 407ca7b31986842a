import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configSchema } from './configSchema.ts';

const monitor = { model: 'm', window: { type: 'count', size: 10 } };

test('state, privacy and per-model bounds have their documented defaults', () => {
  const config = configSchema.parse({ monitors: [{ ...monitor, performance: { task: 'classification' } }] });
  assert.deepEqual(config.state, { maxMonitors: 10_000, memoEntries: 10_000, schemaCacheEntries: 1_000, checkpointTtl: 30 * 86_400_000 });
  assert.deepEqual(config.privacy, { hashCategories: false, readableFeatures: [] });
  assert.equal(config.monitors[0].maxVersions, 5);
  assert.equal(config.monitors[0].versionIdleTimeout, 86_400_000);
  assert.equal(config.monitors[0].performance!.sampleRate, 1);
  assert.equal(config.monitors[0].performance!.maxPendingJoins, 1_000_000);
});

test('bad bounds and a hashCategories without a secret are refused with their key', () => {
  const problems = (raw: object) => configSchema.safeParse(raw).error?.issues.map((i) => i.path.join('.')) ?? [];
  assert.deepEqual(problems({ monitors: [{ ...monitor, performance: { task: 'regression', sampleRate: 0 } }] }), ['monitors.0.performance.sampleRate']);
  assert.deepEqual(problems({ monitors: [{ ...monitor, maxVersions: 0 }] }), ['monitors.0.maxVersions']);
  assert.deepEqual(problems({ monitors: [monitor], state: { maxMonitors: -1 } }), ['state.maxMonitors']);
  assert.deepEqual(problems({ monitors: [monitor], privacy: { hashCategories: true } }), ['privacy.secret']);
  assert.deepEqual(problems({ monitors: [monitor], privacy: { hashCategories: true, secret: 'short' } }), ['privacy.secret']);
  assert.deepEqual(problems({ monitors: [monitor], privacy: { hashCategories: true, secret: 'long-enough-secret' } }), []);
});

test('privacy.secret: "${NAME}" reads the variable; unset, the error names it', async () => {
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { loadConfig } = await import('./loadConfig.ts');
  const dir = await mkdtemp(join(tmpdir(), 'driftwatch-secret-'));
  const file = join(dir, 'config.yaml');
  await writeFile(file, 'privacy:\n  hashCategories: true\n  secret: "${HASH_KEY_FOR_TEST}"\nmonitors:\n  - model: m\n    window: { type: count, size: 10 }\n');
  const config = await loadConfig(file, { HASH_KEY_FOR_TEST: 'a-secret-from-the-environment' });
  assert.equal(config.privacy.secret, 'a-secret-from-the-environment');
  await assert.rejects(loadConfig(file, {}), (error: Error) => /privacy\.secret: names the environment variable HASH_KEY_FOR_TEST, which is not set/.test(error.message) && /config\.yaml:3:/.test(error.message));
});
