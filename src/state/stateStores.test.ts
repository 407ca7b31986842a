/*
 * Live tests of the state stores against the local stack's Redis (`npm run stack:up`). They live in one
 * file on purpose: the outage tests stop and restart that Redis, and node --test runs files in parallel.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { stack } from '../../test/support/liveStack.ts';
import { encodeJoinRecord, type JoinRecord } from './joinRecord.ts';
import { LabelJoinStore } from './labelJoinStore.ts';
import { PartitionCheckpointStore, partitionKeys } from './partitionCheckpointStore.ts';
import { createRedis } from './redisClient.ts';
import { FencedError, StaleCheckpointError, StateStoreUnavailableError } from './stateStoreErrors.ts';
import { within } from '../../test/support/within.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const redis = createRedis(stack.redisUrl);
const prefixes: string[] = [];

function uniquePrefix(): string {
  const prefix = `test:${randomUUID()}:`;
  prefixes.push(prefix);
  return prefix;
}

function entries(...pairs: [string, Buffer][]): Map<string, Buffer> {
  return new Map(pairs);
}

before(async () => {
  try {
    await within(5000, redis.ping());
  } catch (error) {
    throw new Error(`Redis is not reachable at ${stack.redisUrl}: start the local stack with \`npm run stack:up\` (${(error as Error).message})`);
  }
});

after(async () => {
  try {
    if (redisStopped) stackCommand('start'); // a failed outage test left it stopped
    for (const prefix of prefixes) {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        keys.push(...found);
        cursor = next;
      } while (cursor !== '0');
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect(); // whatever failed: an open connection would keep this file's process alive
  }
});

describe('PartitionCheckpointStore', () => {
  test('save then load round-trips offset and entry bytes', async () => {
    const store = new PartitionCheckpointStore(redis, { prefix: uniquePrefix() });
    assert.equal(await store.load('ml.predictions', 0), undefined);
    const epoch = await store.claim('ml.predictions', 0);
    const binary = Buffer.from([0, 255, 1, 0, 13, 10, 0xc3, 0x28]); // NULs, CR LF, invalid UTF-8
    const before = Date.now();
    await store.save('ml.predictions', 0, epoch, { offset: '41', entries: entries(['fraud@v1', binary], ['churn@v7', Buffer.alloc(0)]) });

    const loaded = await store.load('ml.predictions', 0);
    assert.ok(loaded);
    assert.equal(loaded.offset, '41');
    assert.deepEqual(loaded.entries, entries(['fraud@v1', binary], ['churn@v7', Buffer.alloc(0)]));
    assert.ok(loaded.savedAt >= before && loaded.savedAt <= Date.now());
    assert.equal(await store.load('ml.predictions', 1), undefined, 'another partition has its own checkpoint');
  });

  test('a save keeps the entries it does not mention and removes the deleted ones', async () => {
    const store = new PartitionCheckpointStore(redis, { prefix: uniquePrefix() });
    const epoch = await store.claim('t', 3);
    await store.save('t', 3, epoch, { offset: '10', entries: entries(['a', Buffer.from('a1')], ['b', Buffer.from('b1')], ['c', Buffer.from('c1')]) });
    await store.save('t', 3, epoch, { offset: '20', entries: entries(['b', Buffer.from('b2')], ['d', Buffer.from('d1')]), deleted: ['c', 'never-there'] });

    const loaded = await store.load('t', 3);
    assert.equal(loaded?.offset, '20');
    assert.deepEqual(loaded?.entries, entries(['a', Buffer.from('a1')], ['b', Buffer.from('b2')], ['d', Buffer.from('d1')]));

    await store.save('t', 3, epoch, { offset: '21', entries: new Map(), deleted: ['a', 'b', 'd'] });
    const emptied = await store.load('t', 3);
    assert.equal(emptied?.offset, '21', 'a checkpoint with no entries left is still a checkpoint');
    assert.equal(emptied?.entries.size, 0);
  });

  test('dozens of entries of hundreds of KB save and load whole', async () => {
    const store = new PartitionCheckpointStore(redis, { prefix: uniquePrefix() });
    const epoch = await store.claim('big', 0);
    const state = new Map<string, Buffer>();
    for (let i = 0; i < 40; i++) state.set(`model-${i}@v1`, randomBytes(300_000 + i));
    const started = performance.now();
    await store.save('big', 0, epoch, { offset: '123456789012', entries: state });
    const loaded = await store.load('big', 0);
    const elapsed = performance.now() - started;
    assert.equal(loaded?.offset, '123456789012');
    assert.equal(loaded?.entries.size, 40);
    for (const [key, bytes] of state) assert.ok(loaded?.entries.get(key)?.equals(bytes), `entry ${key} intact`);
    assert.ok(elapsed < 5000, `12 MB saved and loaded in ${elapsed.toFixed(0)} ms`);
  });

  test('after a second claim the older epoch is fenced and its save writes nothing', async () => {
    const prefix = uniquePrefix();
    const store = new PartitionCheckpointStore(redis, { prefix });
    const joins = new LabelJoinStore(redis, { prefix: `${prefix}join:`, ttlMs: 60_000 });
    const record: JoinRecord = { modelVersion: 'v1', timestamp: 1000, score: 0.9, label: null };

    const oldEpoch = await store.claim('p', 1);
    await store.save('p', 1, oldEpoch, { offset: '100', entries: entries(['m@v1', Buffer.from('state at 100')], ['m@v2', Buffer.from('kept')]) });
    const newEpoch = await store.claim('p', 1);
    assert.equal(newEpoch, oldEpoch + 1);

    await assert.rejects(
      store.save('p', 1, oldEpoch, {
        offset: '150',
        entries: entries(['m@v1', Buffer.from('state at 150')], ['m@v3', Buffer.from('new')]),
        deleted: ['m@v2'],
        extraWrites: [joins.writeFor('m', 'event-1', record)],
      }),
      (error: unknown) => error instanceof FencedError && error.epoch === oldEpoch && error.currentEpoch === newEpoch && /drop the batch/.test(error.message),
    );
    const loaded = await store.load('p', 1);
    assert.equal(loaded?.offset, '100');
    assert.deepEqual(loaded?.entries, entries(['m@v1', Buffer.from('state at 100')], ['m@v2', Buffer.from('kept')]));
    assert.equal(await redis.exists(joins.keyFor('m', 'event-1')), 0, 'the fenced save wrote no extra key');
    assert.equal(await redis.hget(partitionKeys(prefix, 'p', 1).checkpoint, 'epoch'), String(oldEpoch));

    await store.save('p', 1, newEpoch, { offset: '150', entries: new Map(), extraWrites: [joins.writeFor('m', 'event-1', record)] });
    assert.equal((await store.load('p', 1))?.offset, '150');
    assert.deepEqual(await joins.find('m', ['event-1']), [record]);
  });

  test('deletes are applied in the same atomic step as the checkpoint, after the extra writes', async () => {
    const prefix = uniquePrefix();
    const store = new PartitionCheckpointStore(redis, { prefix });
    const joins = new LabelJoinStore(redis, { prefix: `${prefix}join:`, ttlMs: 60_000 });
    const record: JoinRecord = { modelVersion: 'v1', timestamp: 1000, score: 0.5, label: null };
    await joins.put('m', 'joined-1', record);
    await joins.put('m', 'joined-2', record);
    await joins.put('m', 'waiting', record);
    const epoch = await store.claim('labels', 0);
    await store.save('labels', 0, epoch, { offset: '10', entries: entries(['m@v1', Buffer.from('at 10')]) });

    await store.save('labels', 0, epoch, {
      offset: '20',
      entries: entries(['m@v1', Buffer.from('at 20 with the labels of joined-1 and joined-2')]),
      extraWrites: [joins.writeFor('m', 'written-and-deleted', record), joins.writeFor('m', 'written', record)],
      deletes: [...joins.deleteKeysFor('m', ['joined-1', 'joined-2', 'written-and-deleted']), joins.keyFor('m', 'never-there')],
    });
    const loaded = await store.load('labels', 0);
    assert.equal(loaded?.offset, '20');
    assert.deepEqual(loaded?.entries, entries(['m@v1', Buffer.from('at 20 with the labels of joined-1 and joined-2')]));
    assert.deepEqual(await joins.find('m', ['joined-1', 'joined-2', 'written-and-deleted', 'written', 'waiting']), [undefined, undefined, undefined, record, record]);
    assert.equal(await redis.exists(joins.keyFor('m', 'written-and-deleted')), 0, 'a key written and deleted in one save ends deleted');

    // The deletes travel inside the one script call that saves (Redis runs it without interleaving), not as DELs of their own.
    const client = createRedis(stack.redisUrl);
    try {
      await client.ping();
      const sent: string[] = [];
      const send = client.sendCommand.bind(client);
      client.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
        sent.push(command.name);
        return (send as (...args: unknown[]) => unknown)(command, ...rest);
      }) as typeof client.sendCommand;
      await joins.put('m', 'joined-3', record);
      await new PartitionCheckpointStore(client, { prefix }).save('labels', 0, epoch, { offset: '21', entries: new Map(), deletes: joins.deleteKeysFor('m', ['joined-3', 'waiting']) });
      assert.ok(sent.length > 0 && sent.every((name) => name === 'evalsha' || name === 'eval'), `only the save script was sent: ${sent.join(', ')}`);
    } finally {
      client.disconnect();
    }
    assert.equal((await store.load('labels', 0))?.offset, '21');
    assert.deepEqual(await joins.find('m', ['joined-3', 'waiting']), [undefined, undefined]);
  });

  test('a fenced or stale save deletes nothing', async () => {
    const prefix = uniquePrefix();
    const store = new PartitionCheckpointStore(redis, { prefix });
    const joins = new LabelJoinStore(redis, { prefix: `${prefix}join:`, ttlMs: 60_000 });
    const record: JoinRecord = { modelVersion: 'v1', timestamp: 1000, score: null, label: null };
    await joins.put('m', 'e1', record);
    await joins.put('m', 'e2', record);

    const oldEpoch = await store.claim('labels', 4);
    await store.save('labels', 4, oldEpoch, { offset: '50', entries: new Map() });
    await assert.rejects(
      store.save('labels', 4, oldEpoch, { offset: '40', entries: new Map(), deletes: joins.deleteKeysFor('m', ['e1']) }),
      StaleCheckpointError,
    );
    assert.deepEqual(await joins.find('m', ['e1', 'e2']), [record, record], 'the stale save deleted nothing');

    const newEpoch = await store.claim('labels', 4);
    await assert.rejects(
      store.save('labels', 4, oldEpoch, { offset: '60', entries: new Map(), deletes: joins.deleteKeysFor('m', ['e1', 'e2']) }),
      (error: unknown) => error instanceof FencedError && error.currentEpoch === newEpoch,
    );
    assert.deepEqual(await joins.find('m', ['e1', 'e2']), [record, record], 'the fenced save deleted nothing');
    assert.equal((await store.load('labels', 4))?.offset, '50');

    // The new owner re-reads the labels, finds the same records and consumes them with its own save.
    await store.save('labels', 4, newEpoch, { offset: '60', entries: new Map(), deletes: joins.deleteKeysFor('m', ['e1', 'e2']) });
    assert.deepEqual(await joins.find('m', ['e1', 'e2']), [undefined, undefined]);
  });

  test('a partition never claimed refuses saves', async () => {
    const store = new PartitionCheckpointStore(redis, { prefix: uniquePrefix() });
    await assert.rejects(store.save('p', 0, 1, { offset: '1', entries: new Map() }), (error: unknown) => error instanceof FencedError && error.currentEpoch === undefined);
    assert.equal(await store.load('p', 0), undefined);
  });

  test('within one epoch the offset never goes back; a new epoch may restart it', async () => {
    const store = new PartitionCheckpointStore(redis, { prefix: uniquePrefix() });
    const epoch = await store.claim('p', 0);
    await store.save('p', 0, epoch, { offset: '100', entries: entries(['m', Buffer.from('at 100')]) });
    await store.save('p', 0, epoch, { offset: '100', entries: entries(['m', Buffer.from('again at 100')]) }); // a retried save
    await assert.rejects(store.save('p', 0, epoch, { offset: '99', entries: entries(['m', Buffer.from('at 99')]) }), StaleCheckpointError);
    // '1000' < '999' as strings: offsets must compare as numbers.
    await store.save('p', 0, epoch, { offset: '1000', entries: new Map() });
    await assert.rejects(store.save('p', 0, epoch, { offset: '999', entries: new Map() }), StaleCheckpointError);
    assert.deepEqual(await store.load('p', 0).then((c) => [c?.offset, c?.entries.get('m')?.toString()]), ['1000', 'again at 100']);

    const next = await store.claim('p', 0); // e.g. the topic was recreated and its offsets start over
    await store.save('p', 0, next, { offset: '5', entries: new Map() });
    assert.equal((await store.load('p', 0))?.offset, '5');
  });

  test('bad arguments are refused before anything is sent', async () => {
    const prefix = uniquePrefix();
    const store = new PartitionCheckpointStore(redis, { prefix });
    const epoch = await store.claim('p', 0);
    await assert.rejects(store.save('p', 0, epoch, { offset: '-1', entries: new Map() }), /non-negative integer string/);
    await assert.rejects(store.save('p', 0, epoch, { offset: '1', entries: new Map(), extraWrites: [{ key: 'k', value: Buffer.from('v'), ttlMs: 0 }] }), /ttlMs/);
    const own = partitionKeys(prefix, 'p', 0);
    for (const key of [own.epoch, own.checkpoint, own.entries]) {
      await assert.rejects(store.save('p', 0, epoch, { offset: '1', entries: new Map(), deletes: [key] }), /cannot be deleted by a save/);
    }
    assert.equal(await redis.get(own.epoch), String(epoch), 'the epoch key is still there');
    assert.equal(await store.load('p', 0), undefined, 'nothing was saved');
    await assert.rejects(store.claim('p', -1), /partition must be a non-negative integer/);
    assert.throws(() => new PartitionCheckpointStore(redis, { prefix: '' }), /key prefix/);
  });

  test('the save script is loaded again when Redis has lost it (NOSCRIPT falls back to EVAL)', async () => {
    const store = new PartitionCheckpointStore(redis, { prefix: uniquePrefix() });
    const epoch = await store.claim('p', 0);
    await store.save('p', 0, epoch, { offset: '1', entries: new Map() }); // the script is now known on this connection
    const noscriptBefore = await noscriptErrors();
    await redis.script('FLUSH');
    await store.save('p', 0, epoch, { offset: '2', entries: new Map() });
    assert.equal((await store.load('p', 0))?.offset, '2');
    assert.ok((await noscriptErrors()) > noscriptBefore, 'EVALSHA was tried, answered NOSCRIPT, and the EVAL fallback saved');
  });
});

describe('LabelJoinStore', () => {
  const record: JoinRecord = { modelVersion: 'v2', timestamp: 1_732_406_400_000, score: 0.25, label: null };

  test('a prediction joins its label once: the checkpoint save that applies it deletes it', async () => {
    const prefix = uniquePrefix();
    const store = new PartitionCheckpointStore(redis, { prefix });
    const joins = new LabelJoinStore(redis, { prefix: `${prefix}join:`, ttlMs: 60_000 });
    const epoch = await store.claim('labels', 0);
    await joins.put('fraud', 'e1', record);
    await joins.put('fraud', 'e3', { ...record, score: null, label: 'seen' });
    assert.deepEqual(await joins.find('fraud', ['e1', 'e2', 'e3']), [record, undefined, { ...record, score: null, label: 'seen' }]);
    await store.save('labels', 0, epoch, { offset: '1', entries: new Map(), deletes: joins.deleteKeysFor('fraud', ['e1', 'e3']) });
    assert.deepEqual(await joins.find('fraud', ['e1', 'e3']), [undefined, undefined], 'a label repeated in a later batch finds nothing');
    assert.deepEqual(await joins.find('fraud', []), []);
    assert.deepEqual(joins.deleteKeysFor('fraud', []), []);
  });

  test('find does not delete: a crash before the checkpoint save re-reads the same records', async () => {
    const prefix = uniquePrefix();
    const store = new PartitionCheckpointStore(redis, { prefix });
    const joins = new LabelJoinStore(redis, { prefix: `${prefix}join:`, ttlMs: 60_000 });
    const epoch = await store.claim('labels', 0);
    await store.save('labels', 0, epoch, { offset: '9', entries: new Map() });
    await joins.put('m', 'e1', record);
    await redis.set(joins.keyFor('m', 'bad'), 'not a join record', 'PX', 60_000);

    assert.deepEqual(await joins.find('m', ['e1', 'bad']), [record, undefined]);
    // The process dies here, before its save: after restart it loads offset 9 and reads the batch again.
    assert.equal((await store.load('labels', 0))?.offset, '9');
    assert.deepEqual(await joins.find('m', ['e1', 'bad']), [record, undefined], 'the same records are found again');
    assert.equal(await redis.exists(joins.keyFor('m', 'e1'), joins.keyFor('m', 'bad')), 2, 'find deleted nothing, not even an unreadable record');
    assert.equal(joins.unreadable, 2, 'an unreadable record is counted each time it is found');
    const ttl = await redis.pttl(joins.keyFor('m', 'e1'));
    assert.ok(ttl > 0 && ttl <= 60_000, `find kept the time-to-live (pttl ${ttl})`);

    await store.save('labels', 0, epoch, { offset: '10', entries: new Map(), deletes: joins.deleteKeysFor('m', ['e1']) });
    assert.deepEqual(await joins.find('m', ['e1']), [undefined]);
    assert.equal(joins.deleteKeysFor('m', ['e1'])[0], joins.keyFor('m', 'e1'));
  });

  test('keys separate models and events even when ids contain the separator', async () => {
    const joins = new LabelJoinStore(redis, { prefix: uniquePrefix(), ttlMs: 60_000 });
    assert.notEqual(joins.keyFor('a:b', 'c'), joins.keyFor('a', 'b:c'));
    await joins.put('a:b', 'c', record);
    assert.deepEqual(await joins.find('a', ['b:c']), [undefined]);
    assert.deepEqual(await joins.find('a:b', ['c']), [record]);
    assert.notDeepEqual(joins.deleteKeysFor('a:b', ['c']), joins.deleteKeysFor('a', ['b:c']));
  });

  test('a prediction expires after its time-to-live', async () => {
    const joins = new LabelJoinStore(redis, { prefix: uniquePrefix(), ttlMs: 200 });
    await joins.put('m', 'e1', record);
    const ttl = await redis.pttl(joins.keyFor('m', 'e1'));
    assert.ok(ttl > 0 && ttl <= 200, `pttl ${ttl}`);
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.deepEqual(await joins.find('m', ['e1']), [undefined]);
  });

  test('records in an unknown format are counted and joined as missing', async () => {
    const joins = new LabelJoinStore(redis, { prefix: uniquePrefix(), ttlMs: 60_000 });
    await redis.set(joins.keyFor('m', 'bad'), '{"written":"by someone else"}', 'PX', 60_000);
    await joins.put('m', 'good', record);
    assert.deepEqual(await joins.find('m', ['bad', 'good']), [undefined, record]);
    assert.equal(joins.unreadable, 1);
  });

  test('extra writes carry encoded records with the store TTL', () => {
    const joins = new LabelJoinStore(redis, { prefix: 'p:', ttlMs: 3_600_000 });
    const eventHash = createHash('sha256').update('e').digest().subarray(0, 16).toString('base64url');
    assert.deepEqual(joins.writeFor('m', 'e', record), { key: `p:m:${eventHash}`, value: encodeJoinRecord(record), ttlMs: 3_600_000 });
  });
});

describe('Redis outages', () => {
  test('a Redis nobody listens on fails calls fast with StateStoreUnavailableError', async () => {
    const unreachable = createRedis('redis://127.0.0.1:1');
    try {
      const store = new PartitionCheckpointStore(unreachable, { prefix: 'unused:' });
      const joins = new LabelJoinStore(unreachable, { ttlMs: 1000 });
      await assertUnavailableFast(store.claim('p', 0));
      await assertUnavailableFast(store.load('p', 0));
      await assertUnavailableFast(joins.find('m', ['e']));
    } finally {
      unreachable.disconnect();
    }
  });

  test('a connection lost with a reply due is replaced, and the replacement is not timed out by the old one', async () => {
    const proxy = await faultyProxy(new URL(stack.redisUrl));
    const errors: string[] = [];
    const client = createRedis(proxy.url, { socketTimeoutMs: 300, onError: (error) => errors.push(error.message) });
    try {
      const store = new PartitionCheckpointStore(client, { prefix: uniquePrefix() });
      const epoch = await store.claim('p', 0);
      proxy.loseNextCommand('close');
      await assertUnavailableFast(store.save('p', 0, epoch, { offset: '1', entries: new Map() }));
      await untilAvailable(() => store.save('p', 0, epoch, { offset: '1', entries: new Map() }));
      await new Promise((resolve) => setTimeout(resolve, 500)); // past the lost command's socket deadline
      assert.equal((await store.load('p', 0))?.offset, '1');
      assert.deepEqual(errors.filter((message) => /Socket timeout/.test(message)), [], 'the healthy connection was not destroyed');
    } finally {
      client.disconnect();
      await proxy.close();
    }
  });

  test('a connection that stops answering is dropped after socketTimeout instead of hanging', async () => {
    const proxy = await faultyProxy(new URL(stack.redisUrl));
    const client = createRedis(proxy.url, { socketTimeoutMs: 300 });
    try {
      const joins = new LabelJoinStore(client, { prefix: uniquePrefix(), ttlMs: 1000 });
      await joins.find('m', ['warm-up']);
      proxy.loseNextCommand('silence');
      const started = performance.now();
      await assertUnavailableFast(joins.find('m', ['e1']));
      assert.ok(performance.now() - started >= 250, 'failed by the socket timeout, not by a close');
      assert.deepEqual(await untilAvailable(() => joins.find('m', ['e1'])), [undefined], 'a new connection replaced the silent one');
    } finally {
      client.disconnect();
      await proxy.close();
    }
  });

  test('a stopped Redis fails calls fast; after it is back the same client carries on with the data intact', async () => {
    const prefix = uniquePrefix();
    const store = new PartitionCheckpointStore(redis, { prefix });
    const joins = new LabelJoinStore(redis, { prefix: `${prefix}join:`, ttlMs: 60_000 });
    const record: JoinRecord = { modelVersion: 'v1', timestamp: 5, score: 1, label: null };
    const epoch = await store.claim('p', 0);
    const state = entries(['m@v1', randomBytes(1000)]);
    await store.save('p', 0, epoch, { offset: '7', entries: state, extraWrites: [joins.writeFor('m', 'e1', record)] });

    stackCommand('stop');
    try {
      await assertUnavailableFast(store.save('p', 0, epoch, { offset: '8', entries: new Map() }));
      await assertUnavailableFast(store.load('p', 0));
      await assertUnavailableFast(store.claim('p', 0));
      await assertUnavailableFast(joins.find('m', ['e1']));
      await assertUnavailableFast(joins.put('m', 'e2', record));
    } finally {
      stackCommand('start');
    }

    const loaded = await untilAvailable(() => store.load('p', 0));
    assert.equal(loaded?.offset, '7');
    assert.deepEqual(loaded?.entries, state);
    await store.save('p', 0, epoch, { offset: '8', entries: new Map() }); // a fresh Redis has no scripts: EVAL again
    assert.equal((await store.load('p', 0))?.offset, '8');
    assert.deepEqual(await joins.find('m', ['e1']), [record]);
  });

  test('across `stack.sh restart redis` saved data survives and the same client works again', async () => {
    const store = new PartitionCheckpointStore(redis, { prefix: uniquePrefix() });
    const epoch = await store.claim('p', 2);
    await store.save('p', 2, epoch, { offset: '70', entries: entries(['m', Buffer.from('before restart')]) });

    stackCommand('restart');

    await untilAvailable(() => store.save('p', 2, epoch, { offset: '71', entries: entries(['n', Buffer.from('after restart')]) }));
    const loaded = await store.load('p', 2);
    assert.equal(loaded?.offset, '71');
    assert.deepEqual(loaded?.entries, entries(['m', Buffer.from('before restart')], ['n', Buffer.from('after restart')]));
    assert.equal(await store.claim('p', 2), epoch + 1, 'the epoch survived the restart');
  });
});

/**
 * A TCP proxy in front of the real Redis that can lose a command in flight: the next bytes a client sends
 * are swallowed, then its connection is closed (the peer went away) or left open and silent (the network
 * path died without a word).
 */
async function faultyProxy(target: URL): Promise<{ url: string; loseNextCommand: (then: 'close' | 'silence') => void; close: () => Promise<void> }> {
  let lose: 'close' | 'silence' | undefined;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => {
      if (lose === undefined) return void upstream.write(chunk);
      if (lose === 'close') setTimeout(() => client.destroy(), 20);
      else upstream.pause();
      lose = undefined;
    });
    upstream.on('data', (chunk) => client.write(chunk));
    for (const [a, b] of [[client, upstream], [upstream, client]]) {
      a.on('close', () => b.destroy());
      a.on('error', () => b.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    loseNextCommand: (then) => void (lose = then),
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

let redisStopped = false;

function stackCommand(action: 'stop' | 'start' | 'restart'): void {
  redisStopped = action === 'stop';
  execFileSync('bash', ['scripts/stack.sh', action, 'redis'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
}

async function assertUnavailableFast(call: Promise<unknown>): Promise<void> {
  const started = performance.now();
  await assert.rejects(within(5000, call), StateStoreUnavailableError);
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 5000, `failed after ${elapsed.toFixed(0)} ms`);
}

/** Retries like a caller would (the first call after a restart may still meet the old, dead socket). */
async function untilAvailable<T>(call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof StateStoreUnavailableError) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}


async function noscriptErrors(): Promise<number> {
  const info = await redis.info('errorstats');
  return Number(/errorstat_NOSCRIPT:count=(\d+)/.exec(info)?.[1] ?? 0);
}
