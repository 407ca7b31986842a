/*
 * Live: every key the state stores write has a time-to-live, and label-join keys carry a hash of the
 * event id, never the id (against the local stack's Redis, unique key prefixes).
 */
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { stack } from '../../test/support/liveStack.ts';
import { LabelJoinStore } from './labelJoinStore.ts';
import { PartitionCheckpointStore, partitionKeys } from './partitionCheckpointStore.ts';
import { createRedis } from './redisClient.ts';

const redis = createRedis(stack.redisUrl);
const prefix = `test:lifetimes:${randomUUID()}:`;

after(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('state key lifetimes', () => {
  test('claim and save give the partition’s three keys the checkpoint TTL, renewed by every save', async () => {
    const store = new PartitionCheckpointStore(redis, { prefix, ttlMs: 60_000 });
    const keys = partitionKeys(prefix, 't', 3);
    const epoch = await store.claim('t', 3);
    const claimed = await redis.pttl(keys.epoch);
    assert.ok(claimed > 59_000 && claimed <= 60_000, `epoch TTL after claim ${claimed}`);
    await store.save('t', 3, epoch, { offset: '1', entries: new Map([['e', Buffer.from('x')]]) });
    for (const key of [keys.epoch, keys.checkpoint, keys.entries]) {
      const ttl = await redis.pttl(key);
      assert.ok(ttl > 59_000 && ttl <= 60_000, `${key}: TTL ${ttl}`);
    }
    await redis.pexpire(keys.entries, 5_000);
    await store.save('t', 3, epoch, { offset: '2', entries: new Map() });
    assert.ok((await redis.pttl(keys.entries)) > 59_000, 'the next save renews it');
  });

  test('a retired entry is deleted from the entries hash by the save that retires it', async () => {
    const store = new PartitionCheckpointStore(redis, { prefix, ttlMs: 60_000 });
    const epoch = await store.claim('t', 4);
    await store.save('t', 4, epoch, { offset: '1', entries: new Map([['live', Buffer.from('a')], ['retired', Buffer.from('b')]]) });
    await store.save('t', 4, epoch, { offset: '2', entries: new Map(), deleted: ['retired'] });
    assert.deepEqual([...(await store.load('t', 4))!.entries.keys()], ['live']);
  });

  test('label-join keys carry a keyed hash of the event id of fixed length, never the id', async () => {
    const secret = 'a-secret-of-sixteen+';
    const joins = new LabelJoinStore(redis, { prefix: `${prefix}join:`, ttlMs: 60_000, secret });
    const plain = new LabelJoinStore(redis, { prefix: `${prefix}join:`, ttlMs: 60_000 });
    const eventId = `order-${randomUUID()}`;
    const key = joins.keyFor('m', eventId);
    assert.ok(!key.includes(eventId) && !key.includes('order-'));
    assert.equal(key, `${prefix}join:m:${createHmac('sha256', secret).update(eventId).digest().subarray(0, 16).toString('base64url')}`);
    assert.notEqual(key, plain.keyFor('m', eventId), 'without the secret the hash differs: it cannot be recomputed from ids alone');
    assert.equal(joins.keyFor('m', 'x'.repeat(5000)).length, key.length, 'every key has the same length whatever the id');
    await joins.put('m', eventId, { modelVersion: 'v1', timestamp: 1, score: 0.5, label: null });
    const ttl = await redis.pttl(key);
    assert.ok(ttl > 59_000 && ttl <= 60_000, `join record TTL ${ttl}`);
    assert.deepEqual(await joins.find('m', [eventId]), [{ modelVersion: 'v1', timestamp: 1, score: 0.5, label: null }]);
  });
});
