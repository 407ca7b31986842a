import type { Admin, ITopicConfig } from 'kafkajs';
import type { TopicRole, TopicsConfig } from '../../config/configSchema.ts';
import type { Logger } from '../../observability/logger.ts';
import { MissingTopicsError, TopicCreationRefusedError, TopicsNotAuthorizedError, TopicsNotReadyError } from './topicSetupErrors.ts';

export interface EnsuredTopics {
  /** Topics that did not exist and were created with `topics.create`. */
  created: string[];
  /** Topics that existed already (left as they are). */
  existing: string[];
}

export interface EnsureTopicsOptions {
  logger?: Logger;
}

const RETRY_INITIAL_MS = 200;
const RETRY_MAX_MS = 5_000;
/** Kafka error codes that say the request itself is wrong for this cluster: retrying cannot help. */
const REFUSED = new Set(['INVALID_CONFIG', 'INVALID_REPLICATION_FACTOR', 'INVALID_PARTITIONS', 'INVALID_REPLICA_ASSIGNMENT', 'POLICY_VIOLATION', 'INVALID_TOPIC_EXCEPTION', 'INVALID_REQUEST']);
const DENIED = new Set(['TOPIC_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED']);

/**
 * Makes sure the topics of `which` roles exist and every partition has a leader: connects the admin if needed,
 * creates the missing ones with `topics.create` (partitions, replication factor, topic configs; the broker's
 * defaults where unset) and waits for their leaders. Kafka unreachable or still electing leaders is retried
 * until `topics.create.timeout`, then TopicsNotReadyError; a creation Kafka refuses fails at once with
 * TopicCreationRefusedError naming the config key to fix. Topics that exist are never altered. Safe to run
 * from several processes at once (a topic another one created in between counts as existing).
 */
export async function ensureTopics<R extends TopicRole>(admin: Admin, config: { topics: Pick<TopicsConfig, R | 'create'> }, which: readonly R[], options: EnsureTopicsOptions = {}): Promise<EnsuredTopics> {
  const { create } = config.topics;
  const names = [...new Set(which.map((role) => config.topics[role] as string))];
  const deadline = Date.now() + create.timeout;
  const step = <T>(what: string, run: () => Promise<T>) => retryUntil(deadline, names, what, create.timeout, run);

  await step('connecting to Kafka', () => admin.connect());
  const listed = new Set(await step('listing topics', () => admin.listTopics()));
  const missing = names.filter((name) => !listed.has(name));
  const existing = names.filter((name) => listed.has(name));
  if (missing.length > 0 && !create.enabled) throw new MissingTopicsError(missing);
  if (missing.length > 0) {
    const configEntries = Object.entries(create.config).map(([name, value]) => ({ name, value }));
    const topics: ITopicConfig[] = missing.map((topic) => ({
      topic,
      numPartitions: create.partitions ?? -1,
      replicationFactor: create.replicationFactor ?? -1,
      configEntries,
    }));
    // Leaders are awaited below for every topic, so kafkajs need not (it skips that when a topic already existed).
    await step('creating them', () => admin.createTopics({ topics, waitForLeaders: false, timeout: Math.max(1000, Math.min(30_000, deadline - Date.now())) }));
    options.logger?.info({ topics: missing, partitions: create.partitions ?? 'broker default', replicationFactor: create.replicationFactor ?? 'broker default', config: create.config }, 'created missing topics');
  }
  await step('waiting for every partition to have a leader', async () => {
    const { topics } = await admin.fetchTopicMetadata({ topics: names });
    const waiting = names.filter((name) => {
      const topic = topics.find((t) => t.name === name);
      return !topic || topic.partitions.length === 0 || topic.partitions.some((p) => p.leader < 0 || p.partitionErrorCode !== 0);
    });
    if (waiting.length > 0) throw new Error(`no leader yet for ${waiting.join(', ')}`);
  });
  return { created: missing, existing };
}

/** Runs `run` until it succeeds, a final Kafka answer (refused, denied, bad credentials) ends it, or the deadline passes. */
async function retryUntil<T>(deadline: number, names: readonly string[], what: string, timeoutMs: number, run: () => Promise<T>): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; ; attempt++) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new TopicsNotReadyError(names, what, timeoutMs, lastError);
    try {
      return await withTimeout(run(), remaining);
    } catch (error) {
      throwIfFinal(error, names);
      lastError = error;
    }
    const wait = Math.min(RETRY_MAX_MS, RETRY_INITIAL_MS * 2 ** attempt, Math.max(0, deadline - Date.now()));
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

function throwIfFinal(error: unknown, names: readonly string[]): void {
  const e = error as { name?: string; type?: string; errors?: { type?: string; topic?: string; message?: string }[] };
  if (e?.name === 'KafkaJSSASLAuthenticationError') throw error;
  if (e?.type && DENIED.has(e.type)) throw new TopicsNotAuthorizedError(names, e.type);
  for (const inner of e?.errors ?? []) {
    if (inner.type === undefined || inner.type === 'TOPIC_ALREADY_EXISTS') continue;
    if (REFUSED.has(inner.type)) throw new TopicCreationRefusedError(inner.topic ?? names.join(', '), inner.type, inner.message ?? '');
    if (DENIED.has(inner.type)) throw new TopicsNotAuthorizedError([inner.topic ?? names.join(', ')], inner.type);
  }
}

class StepTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  // The step may still settle after the deadline (kafkajs retries inside): its outcome is then ignored.
  promise.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeout(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
