import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import avro from 'avsc';
import { RegistryDecoder } from '../src/consumers/registryDecoder.ts';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { registerAvroSchema } from './support/kafkaPublish.ts';
import { stack } from './support/liveStack.ts';

/** Live, against the shared registry: the writer-schema cache keeps at most state.schemaCacheEntries schemas, the client's own cache included. */
test('the writer-schema cache is an LRU of maxSchemas; an evicted schema is fetched again when next seen', async () => {
  const publisher = createRegistryClient({ url: stack.registryUrl });
  const tag = randomUUID().slice(0, 8);
  const schemas = [0, 1, 2].map((i) => ({ type: 'record', name: `Bounded${i}`, namespace: `bounds.t${tag}`, fields: [{ name: `f${i}`, type: 'long' }] }));
  const ids = await Promise.all(schemas.map((schema, i) => registerAvroSchema(publisher, `bounds.${tag}.${i}`, schema)));
  const framed = (i: number) => {
    const header = Buffer.alloc(5);
    header.writeInt32BE(ids[i], 1);
    return Buffer.concat([header, avro.Type.forSchema(schemas[i] as avro.Schema).toBuffer({ [`f${i}`]: i })]);
  };
  const client = createRegistryClient({ url: stack.registryUrl });
  const decoder = new RegistryDecoder(client, { maxAvroItems: 100_000, maxSchemas: 2 });
  for (const i of [0, 1, 2, 0]) assert.deepEqual({ ...(await decoder.decode(framed(i))).record as object }, { [`f${i}`]: i });
  assert.deepEqual(decoder.cacheUsage(), { bound: 'schema_cache', size: 2, limit: 2, evictions: 2 }, 'schema 0 was evicted by 2, then 1 by 0');
  assert.equal(decoder.decodeCached(framed(1)), undefined, 'an evicted schema is not decoded from the cache');
  assert.ok(decoder.decodeCached(framed(0)), 'the re-fetched one is');
  const clientCache = (client.cache as unknown as { schemasByRegistryId: Record<number, unknown> }).schemasByRegistryId;
  assert.deepEqual(Object.keys(clientCache).map(Number).sort(), [ids[0], ids[2]].sort(), 'the client forgets evicted schemas too');
});
