import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDependencyFailure } from '../consumers/dependencyFailure.ts';
import { RegistryDecoder } from '../consumers/registryDecoder.ts';
import { createRegistryClient } from './registryClient.ts';
import { RegistryUnavailableError } from './registryErrors.ts';
import { silentServer } from '../../test/support/silentServer.ts';
import { within } from '../../test/support/within.ts';

test('a registry that accepts connections and never answers fails each request after requestTimeout, as an outage', async () => {
  const silent = await silentServer();
  try {
    const url = `http://${silent.address}`;
    const registry = createRegistryClient({ url, requestTimeout: 300 });
    let started = performance.now();
    const error = await within(5000, registry.getSchema(1).then(() => undefined, (e: unknown) => e));
    assert.ok(error instanceof Error, 'the request failed');
    assert.ok(performance.now() - started < 3000, `failed after ${Math.round(performance.now() - started)} ms`);
    assert.equal(isDependencyFailure(error), true, `retried like any outage: ${error.message}`);

    started = performance.now();
    const message = Buffer.concat([Buffer.from([0, 0, 0, 0, 7]), Buffer.from([2])]);
    await assert.rejects(within(5000, new RegistryDecoder(registry, { maxAvroItems: 100_000 }).decode(message)), RegistryUnavailableError);
    assert.ok(performance.now() - started < 3000);
  } finally {
    await silent.close();
  }
});

