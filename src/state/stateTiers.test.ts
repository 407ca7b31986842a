/*
 * Live tests of the state stores on Redis's distributed modes, as the local stack runs them
 * (`npm run stack:up`): a 3-master Redis Cluster, a Sentinel-monitored primary with one replica, and
 * standalone Redis over TLS.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Redis, type Cluster } from 'ioredis';
import { connectStateTier, secureStack, stateTierConnection, stateTiers } from '../../test/support/liveStack.ts';
import { within } from '../../test/support/within.ts';
import type { JoinRecord } from './joinRecord.ts';
import { LabelJoinStore } from './labelJoinStore.ts';
import { PartitionCheckpointStore } from './partitionCheckpointStore.ts';
import { stateKeys } from './stateKeys.ts';
import { createStateRedis } from './stateRedis.ts';

const record: JoinRecord = { modelVersion: 'v1', timestamp: 1, score: 0.5, label: null };
const opened: { disconnect(): void }[] = [];
after(() => {
  for (const client of opened) client.disconnect();
});

function open<T extends { disconnect(): void }>(client: T): T {
  opened.push(client);
  return client;
}

describe('Redis Cluster', () => {
  let cluster: Cluster;
  before(async () => {
    cluster = open((await connectStateTier(stateTiers.cluster)) as Cluster);
  });

  test('each partition saves in one slot: checkpoint, join writes and the labels partition\'s deletes, spread over the masters', async () => {
    const prefix = `test:${randomUUID()}:`;
    const keys = stateKeys(prefix, { hashTags: true });
    const store = new PartitionCheckpointStore(cluster, { prefix, keys });
    const joins = new LabelJoinStore(cluster, { ttlMs: 60_000, keys });
    const owners = new Set<string>();
    for (let partition = 0; partition < 8; partition++) {
      const predictions = await store.claim('preds', partition);
      await store.save('preds', partition, predictions, {
        offset: '9', entries: new Map([['m/v1', Buffer.from(`state ${partition}`)]]),
        extraWrites: [joins.writeFor('m', `e-${partition}`, record, partition), joins.writeFor('m', `f-${partition}`, record, partition)],
      });
      const labels = await store.claim('labels', partition);
      const [found, missing] = await joins.find('m', [`e-${partition}`, 'never'], partition);
      assert.deepEqual([found?.score, missing], [0.5, undefined]);
      await store.save('labels', partition, labels, { offset: '3', entries: new Map(), deletes: joins.deleteKeysFor('m', [`e-${partition}`], partition) });
      assert.deepEqual((await joins.find('m', [`e-${partition}`, `f-${partition}`], partition)).map((r) => r?.score), [undefined, 0.5], 'the labels save deleted what it joined, and only that');
      const saved = await store.load('preds', partition);
      assert.deepEqual([saved?.offset, saved?.entries.get('m/v1')?.toString()], ['9', `state ${partition}`]);
      const slot = await cluster.cluster('KEYSLOT', keys.partition('preds', partition).entries);
      owners.add(ownerOf((await cluster.cluster('SLOTS')) as unknown as SlotRange[], Number(slot)));
    }
    assert.ok(owners.size >= 2, `8 partitions' slots fall on ${owners.size} of 3 masters`);
  });

  test('without the hash tags the same save is refused (CROSSSLOT): why the tags are there', async () => {
    const prefix = `test:${randomUUID()}:`;
    const store = new PartitionCheckpointStore(cluster, { prefix, keys: stateKeys(prefix) });
    const epoch = await store.claim('preds', 0);
    const joins = new LabelJoinStore(cluster, { ttlMs: 60_000, prefix: `${prefix}join:` });
    const writes = Array.from({ length: 20 }, (_, i) => joins.writeFor('m', `e-${i}`, record));
    await assert.rejects(store.save('preds', 0, epoch, { offset: '1', entries: new Map(), extraWrites: writes }), /CROSSSLOT/);
  });
});

type SlotRange = [start: number, end: number, master: [host: string, port: number, id: string]];

function ownerOf(ranges: SlotRange[], slot: number): string {
  const range = ranges.find(([start, end]) => slot >= start && slot <= end);
  assert.ok(range, `slot ${slot} is served`);
  return `${range[2][0]}:${range[2][1]}`;
}

describe('Sentinel', () => {
  test('the primary is found through the sentinels, and a save returns once the replica has it (WAIT)', async () => {
    const connection = stateTierConnection(stateTiers.sentinel);
    const redis = open(createStateRedis(connection, undefined)) as Redis;
    const prefix = `test:${randomUUID()}:`;
    const store = new PartitionCheckpointStore(redis, { prefix, replicaAcks: { replicas: 1, timeoutMs: 5000 } });
    const epoch = await within(10_000, store.claim('preds', 0));
    await store.save('preds', 0, epoch, { offset: '41', entries: new Map([['m', Buffer.from('x')]]) });
    const [role] = (await redis.call('ROLE')) as [string];
    assert.equal(role, 'master');
    // The replica, asked directly: it holds the save already (no wait, no retry).
    const sentinel = open(new Redis(connection.sentinels[0], { lazyConnect: true }));
    const replicas = (await sentinel.call('SENTINEL', 'REPLICAS', connection.masterName)) as string[][];
    const info = Object.fromEntries(chunks(replicas[0]));
    const replica = open(new Redis({ host: info.ip, port: Number(info.port), lazyConnect: true }));
    assert.equal(await replica.hget(stateKeys(prefix).partition('preds', 0).checkpoint, 'offset'), '41');
  });

  test('a save the replicas do not acknowledge in time is an outage to retry, not a success', async () => {
    const redis = open(createStateRedis(stateTierConnection(stateTiers.sentinel), undefined)) as Redis;
    const prefix = `test:${randomUUID()}:`;
    const store = new PartitionCheckpointStore(redis, { prefix, replicaAcks: { replicas: 2, timeoutMs: 200 } });
    await assert.rejects(store.claim('preds', 0), { name: 'StateStoreUnavailableError', message: /1 of 2 required replicas acknowledged within 200 ms/ });
  });
});

function chunks(flat: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

describe('Redis over TLS', () => {
  test('the stack\'s TLS port, verified with the stack CA, with and without a client certificate', async () => {
    const ca = readFileSync(secureStack.caFile);
    for (const tls of [{ ca, rejectUnauthorized: true }, { ca, cert: readFileSync(secureStack.clientCertFile), key: readFileSync(secureStack.clientKeyFile), rejectUnauthorized: true }]) {
      const redis = open(createStateRedis({ mode: 'standalone', url: secureStack.redisTlsUrl, replicaAckTimeout: 5000 }, tls));
      assert.equal(await within(10_000, redis.ping()), 'PONG');
    }
  });

  test('a server certificate the client cannot verify is refused (without the stack CA)', async () => {
    const errors: Error[] = [];
    const redis = open(createStateRedis({ mode: 'standalone', url: secureStack.redisTlsUrl, replicaAckTimeout: 5000 }, { rejectUnauthorized: true }, { onError: (e) => errors.push(e) }));
    await assert.rejects(within(10_000, redis.ping()), { name: 'MaxRetriesPerRequestError' });
    assert.match(errors[0]?.message ?? '', /self-signed certificate in certificate chain/);
  });
});
