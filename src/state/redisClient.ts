import { Redis, type RedisOptions } from 'ioredis';

export interface CreateRedisOptions {
  /** Connection errors (each failed reconnection attempt); ioredis prints them to the console when nobody listens. */
  onError?: (error: Error) => void;
  connectionName?: string;
  /** A connection silent this long while a reply is due is dropped and re-made. Default 15 s. */
  socketTimeoutMs?: number;
}

/**
 * An ioredis client tuned so that a Redis outage surfaces as quick, retryable failures (wrapped as
 * StateStoreUnavailableError by the stores) instead of calls that hang, and so that no write is ever sent
 * behind its caller's back after the caller was told it failed:
 *
 * - `lazyConnect`: nothing connects until the first command (or `connect()`), so building the client
 *   (config loading, `driftwatch replay`, tests) opens no socket and emits no error.
 * - `enableOfflineQueue: true`: commands issued while (re)connecting wait for the connection instead of
 *   failing at once, which absorbs the first lazy connect and sub-second blips (a Redis restart).
 *   They wait at most one reconnection attempt, see the next line.
 * - `maxRetriesPerRequest: 0`: every lost connection and every failed reconnection attempt rejects all
 *   queued and in-flight commands with MaxRetriesPerRequestError. During an outage a call therefore
 *   fails within one retry delay (≤ 1 s) plus `connectTimeout`; the caller backs off and retries.
 * - `autoResendUnfulfilledCommands: false`: a command in flight when the connection dropped is rejected,
 *   never silently re-sent after reconnecting (its caller may have moved on by then).
 * - No `commandTimeout`: it rejects the promise but leaves the command queued, so it could still run
 *   later. `socketTimeout` is used instead: a connection that stops answering is destroyed, which
 *   rejects its commands (and only then) and reconnects.
 * - `retryStrategy`: reconnect forever, exponential from 50 ms, capped at 1 s.
 * - `enableReadyCheck` (default): after a restart, commands wait until Redis has loaded its AOF.
 */
export function createRedis(url: string, options: CreateRedisOptions = {}): Redis {
  const redis = new Redis(url, tunedRedisOptions(options));
  return watchRedis(redis, options);
}

/** The options createRedis() explains, for every connection to a Redis server (standalone, Sentinel, Cluster nodes). */
export function tunedRedisOptions(options: CreateRedisOptions = {}): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt) => Math.min(1000, 50 * 2 ** Math.min(attempt - 1, 5)),
    connectTimeout: 3000,
    socketTimeout: options.socketTimeoutMs ?? 15_000,
    keepAlive: 10_000,
    enableReadyCheck: true,
    connectionName: options.connectionName ?? 'driftwatch',
  };
}

/** Routes the connection's errors to `onError` and applies the socketTimeout fix below. */
export function watchRedis(redis: Redis, options: CreateRedisOptions = {}): Redis {
  redis.on('error', options.onError ?? (() => undefined));
  redis.on('close', () => clearStaleSocketTimeout(redis));
  return redis;
}

/**
 * ioredis 5.x keeps the socketTimeout timer of a connection that closed with a reply due, then fires it
 * on the NEXT connection, destroying a healthy one (and leaves that one unwatched until then). Fixed in
 * ioredis 6.0.0 (redis/ioredis#2147, #2148); this does what the fix does: drop the timer on close.
 */
function clearStaleSocketTimeout(redis: Redis): void {
  const internals = redis as unknown as { socketTimeoutTimer?: NodeJS.Timeout };
  clearTimeout(internals.socketTimeoutTimer);
  internals.socketTimeoutTimer = undefined;
}
