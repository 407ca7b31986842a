import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configSchema } from './configSchema.ts';
import { applyEnvironment } from './environment.ts';

const file = { monitors: [{ model: 'churn', window: { type: 'count', size: 100 } }], observability: { port: 9464 } };

test('the observability endpoint takes its host, port and bearer token from the environment', () => {
  const raw = applyEnvironment(file, {
    DRIFTWATCH_OBSERVABILITY_HOST: '0.0.0.0',
    DRIFTWATCH_OBSERVABILITY_PORT: '9500',
    DRIFTWATCH_OBSERVABILITY_TOKEN: 'token-from-a-secret-store',
  });
  const config = configSchema.parse(raw);
  assert.deepEqual(config.observability, { host: '0.0.0.0', port: 9500, authToken: 'token-from-a-secret-store', maxDriftSeries: 2000, maxTraceLinks: 128, lagRefreshInterval: 30_000 });
  assert.deepEqual(file.observability, { port: 9464 }, 'the parsed file is not changed');
});

test('without the variables the defaults stand: loopback, no token', () => {
  const config = configSchema.parse(applyEnvironment(file, {}));
  assert.deepEqual(config.observability, { host: '127.0.0.1', port: 9464, maxDriftSeries: 2000, maxTraceLinks: 128, lagRefreshInterval: 30_000 });
});

test('a port that is not a number and a token too short to be a secret are config errors', () => {
  const result = configSchema.safeParse(applyEnvironment(file, { DRIFTWATCH_OBSERVABILITY_PORT: 'http', DRIFTWATCH_OBSERVABILITY_TOKEN: 'short' }));
  assert.equal(result.success, false);
  assert.deepEqual(result.error.issues.map((i) => i.path.join('.')).sort(), ['observability.authToken', 'observability.port']);
});
