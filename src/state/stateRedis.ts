import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { tunedRedisOptions, watchRedis, type CreateRedisOptions } from './redisClient.ts';
import type { ReplicaAcks } from './replicaAcks.ts';

/** PEM contents and verification, as tls.connect() takes them. */
export interface RedisTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
}

/** Where the state tier is: the config's `redis` section (TLS files already read). */
export interface StateRedisConnection {
  mode: 'standalone' | 'sentinel' | 'cluster';
  url?: string;
  sentinels?: string[];
  masterName?: string;
  nodes?: string[];
  username?: string;
  password?: string;
  sentinelPassword?: string;
  replicaAcks?: number;
  replicaAckTimeout: number;
}

/** The connection to the state tier: one server or Sentinel-found primary (Redis), or a Redis Cluster. */
export type StateRedis = Redis | Cluster;

/**
 * A connection to the state tier in its configured mode, with createRedis()'s tuning (lazy connect, failing
 * fast while disconnected, never re-sending a command behind its caller's back) on every server connection:
 * - standalone: the server at `url`.
 * - sentinel: the primary the sentinels name `masterName`; on a failover the connection drops, its commands
 *   fail (retried by the caller) and ioredis asks the sentinels for the new primary (and, subscribed to their
 *   +switch-master, reconnects as soon as it is announced).
 * - cluster: Redis Cluster from the startup `nodes`; commands go to the node owning their keys' slot,
 *   following MOVED/ASK redirections and refreshing the slot map on failovers.
 */
export function createStateRedis(connection: StateRedisConnection, tls: RedisTls | undefined, options: CreateRedisOptions = {}): StateRedis {
  const tuned: RedisOptions = {
    ...tunedRedisOptions(options),
    ...(connection.username ? { username: connection.username } : {}),
    ...(connection.password ? { password: connection.password } : {}),
    ...(tls ? { tls: { ...tls } } : {}),
  };
  if (connection.mode === 'standalone') {
    if (!connection.url) throw new TypeError('redis.url is required in standalone mode');
    return watchRedis(new Redis(connection.url, tuned), options);
  }
  if (connection.mode === 'sentinel') {
    if (!connection.sentinels || !connection.masterName) throw new TypeError('redis.sentinels and redis.masterName are required in sentinel mode');
    return watchRedis(new Redis({
      ...tuned,
      sentinels: connection.sentinels.map(hostAndPort),
      name: connection.masterName,
      role: 'master',
      ...(connection.sentinelPassword ? { sentinelPassword: connection.sentinelPassword } : {}),
      sentinelRetryStrategy: (attempt) => Math.min(1000, 50 * 2 ** Math.min(attempt - 1, 5)),
      failoverDetector: true,
    }), options);
  }
  if (!connection.nodes) throw new TypeError('redis.nodes is required in cluster mode');
  const { retryStrategy: _retry, enableOfflineQueue: _queue, lazyConnect: _lazy, ...nodeOptions } = tuned;
  const clusterOptions: ClusterOptions = {
    redisOptions: nodeOptions,
    // Unlike a single connection's, the cluster's offline queue holds commands for as long as the cluster is
    // unreachable (no per-request limit): without it a call during an outage fails at once and is retried by
    // the caller, which pauses and heart-beats. So that the first call does not meet a cluster still
    // connecting, the client connects when it is made.
    lazyConnect: false,
    enableOfflineQueue: false,
    enableReadyCheck: true,
    scaleReads: 'master',
    clusterRetryStrategy: (attempt) => Math.min(1000, 50 * 2 ** Math.min(attempt - 1, 5)),
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    retryDelayOnTryAgain: 200,
    slotsRefreshTimeout: 3000,
  };
  const cluster = new Cluster(connection.nodes.map(hostAndPort), clusterOptions);
  cluster.on('error', options.onError ?? (() => undefined));
  cluster.on('+node', (node: Redis) => watchRedis(node, { ...options, onError: () => undefined }));
  return cluster;
}

/** The replica acknowledgements the connection asks of each save (Sentinel: 1 by default). */
export function replicaAcksOf(connection: StateRedisConnection): ReplicaAcks | undefined {
  const replicas = connection.replicaAcks ?? (connection.mode === 'sentinel' ? 1 : 0);
  return replicas > 0 ? { replicas, timeoutMs: connection.replicaAckTimeout } : undefined;
}

function hostAndPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
}
