import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cluster, Redis } from 'ioredis';
import { createStateRedis, replicaAcksOf } from './stateRedis.ts';

const tls = { ca: Buffer.from('CA'), cert: Buffer.from('CERT'), key: Buffer.from('KEY'), rejectUnauthorized: false };

test('standalone: the url, the tuned options, and credentials and TLS from the config', () => {
  const redis = createStateRedis({ mode: 'standalone', url: 'redis://10.0.0.1:6380/2', username: 'dw', password: 'secret', replicaAckTimeout: 5000 }, tls) as Redis;
  const o = redis.options;
  assert.deepEqual([o.host, o.port, o.db, o.username, o.password], ['10.0.0.1', 6380, 2, 'dw', 'secret']);
  assert.deepEqual([o.lazyConnect, o.maxRetriesPerRequest, o.autoResendUnfulfilledCommands, o.socketTimeout], [true, 0, false, 15_000]);
  assert.deepEqual(o.tls, tls);
  redis.disconnect();
});

test('sentinel: the sentinels and the master name; sentinels get their own password; the primary is asked for', () => {
  const redis = createStateRedis({ mode: 'sentinel', sentinels: ['10.0.0.1:26379', 's2:26380'], masterName: 'state', password: 'p', sentinelPassword: 'sp', replicaAckTimeout: 5000 }, undefined) as Redis;
  const o = redis.options;
  assert.deepEqual(o.sentinels, [{ host: '10.0.0.1', port: 26379 }, { host: 's2', port: 26380 }]);
  assert.deepEqual([o.name, o.role, o.password, o.sentinelPassword, o.failoverDetector, o.maxRetriesPerRequest], ['state', 'master', 'p', 'sp', true, 0]);
  redis.disconnect();
});

test('cluster: the startup nodes, no offline queue, node options with credentials and TLS', () => {
  const cluster = createStateRedis({ mode: 'cluster', nodes: ['127.0.0.1:1', '127.0.0.1:2'], password: 'p', replicaAckTimeout: 5000 }, tls, { onError: () => undefined });
  assert.ok(cluster instanceof Cluster);
  assert.deepEqual((cluster as unknown as { startupNodes: unknown }).startupNodes, [{ host: '127.0.0.1', port: 1 }, { host: '127.0.0.1', port: 2 }]);
  assert.equal(cluster.options.enableOfflineQueue, false);
  const node = cluster.options.redisOptions!;
  assert.deepEqual([node.password, node.maxRetriesPerRequest, node.tls], ['p', 0, tls]);
  cluster.disconnect();
});

test('replica acknowledgements: 1 by default with sentinel, none otherwise, as configured when set', () => {
  assert.deepEqual(replicaAcksOf({ mode: 'sentinel', replicaAckTimeout: 5000 }), { replicas: 1, timeoutMs: 5000 });
  assert.equal(replicaAcksOf({ mode: 'sentinel', replicaAcks: 0, replicaAckTimeout: 5000 }), undefined);
  assert.equal(replicaAcksOf({ mode: 'standalone', replicaAckTimeout: 5000 }), undefined);
  assert.deepEqual(replicaAcksOf({ mode: 'standalone', replicaAcks: 2, replicaAckTimeout: 100 }), { replicas: 2, timeoutMs: 100 });
});
