import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { Kafka, logLevel, type Admin, type Producer, type ProducerConfig } from 'kafkajs';
import { createStateRedis, type StateRedis } from '../../src/state/stateRedis.ts';

/**
 * Where the project's local stack listens (scripts/stack.sh). The live tests FAIL, never skip, when it is
 * not up: run `npm run stack:up` first.
 */
export const stack = {
  brokers: [`127.0.0.1:${process.env.DRIFTWATCH_KAFKA_PORT ?? 19092}`],
  registryUrl: `http://127.0.0.1:${process.env.DRIFTWATCH_REGISTRY_PORT ?? 18081}/apis/ccompat/v7`,
  redisUrl: `redis://127.0.0.1:${process.env.DRIFTWATCH_REDIS_PORT ?? 16379}`,
};

const clusterPort = Number(process.env.DRIFTWATCH_REDIS_CLUSTER_PORT ?? 17001);
const sentinelPort = Number(process.env.DRIFTWATCH_SENTINEL_PORT ?? 17021);

/** The `redis` section (key prefix aside) of each of the stack's state tiers. */
export const stateTiers = {
  standalone: { mode: 'standalone', url: stack.redisUrl },
  cluster: { mode: 'cluster', nodes: [0, 1, 2].map((i) => `127.0.0.1:${clusterPort + i}`) },
  sentinel: { mode: 'sentinel', sentinels: [0, 1, 2].map((i) => `127.0.0.1:${sentinelPort + i}`), masterName: 'driftwatch' },
} as const;
export type StateTier = (typeof stateTiers)[keyof typeof stateTiers];

/** The state tier's connection for a test's own reads, as serve makes it. */
export function stateTierConnection<T extends StateTier>(tier: T): T & { replicaAckTimeout: number } {
  return { ...tier, replicaAckTimeout: 5000 };
}

/** A connection to the tier as serve makes it, once it takes commands (a cluster client fails them until then). */
export async function connectStateTier(tier: StateTier, timeoutMs = 10_000): Promise<StateRedis> {
  const redis = createStateRedis(stateTierConnection(tier), undefined);
  if (redis.status === 'wait') await redis.connect().catch(() => undefined);
  const deadline = Date.now() + timeoutMs;
  while (redis.status !== 'ready') {
    if (Date.now() > deadline) {
      redis.disconnect();
      throw new Error(`the ${tier.mode} Redis of the local stack is not ready after ${timeoutMs} ms: start the local stack with \`npm run stack:up\``);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return redis;
}

/** Where stack.sh keeps its state (certificates and the SCRAM password in tls/). */
export const stackDir = process.env.DRIFTWATCH_STACK_DIR ?? new URL('../../.stack', import.meta.url).pathname;

/** The stack's TLS endpoints: Kafka's SASL_SSL listener (SCRAM-SHA-512), Redis's TLS port, the registry's HTTPS. */
export const secureStack = {
  saslSslBrokers: [`127.0.0.1:${process.env.DRIFTWATCH_KAFKA_SASL_SSL_PORT ?? 19094}`],
  scramUser: 'driftwatch',
  scramPassword: () => readFileSync(`${stackDir}/tls/kafka-scram.password`, 'utf8').trim(),
  caFile: `${stackDir}/tls/ca.pem`,
  clientCertFile: `${stackDir}/tls/client.pem`,
  clientKeyFile: `${stackDir}/tls/client.key`,
  redisTlsUrl: `rediss://127.0.0.1:${process.env.DRIFTWATCH_REDIS_TLS_PORT ?? 16380}`,
  registryTlsUrl: `https://127.0.0.1:${process.env.DRIFTWATCH_REGISTRY_TLS_PORT ?? 18443}/apis/ccompat/v7`,
};

export async function assertStackUp(): Promise<void> {
  const checks: [string, string, number][] = [
    ['Kafka', '127.0.0.1', Number(stack.brokers[0].split(':')[1])],
    ['schema registry', '127.0.0.1', Number(new URL(stack.registryUrl).port)],
    ['Redis', '127.0.0.1', Number(new URL(stack.redisUrl).port)],
  ];
  for (const [name, host, port] of checks) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port, timeout: 2000 }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
      socket.on('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (!ok) throw new Error(`${name} is not reachable on ${host}:${port}: start the local stack with \`npm run stack:up\``);
  }
}

export function testKafka(): Kafka {
  return new Kafka({ clientId: 'driftwatch-test', brokers: stack.brokers, logLevel: logLevel.NOTHING });
}

export interface LiveStackClients {
  kafka: Kafka;
  admin: Admin;
  producer: Producer;
  close(): Promise<void>;
}

/** Checks the stack is up (failing, never skipping, when it is not) and connects an admin and a producer. */
export async function connectLiveStack(producerConfig?: ProducerConfig): Promise<LiveStackClients> {
  await assertStackUp();
  const kafka = testKafka();
  const admin = kafka.admin();
  const producer = kafka.producer(producerConfig);
  await admin.connect();
  await producer.connect();
  return {
    kafka,
    admin,
    producer,
    // Both, whatever fails: an open connection would keep the test file's process alive.
    close: async () => {
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    },
  };
}

export type TestNames = ReturnType<typeof uniqueNames>;

/** The `topics` section of a config for these names. */
export function topicsOf(names: TestNames) {
  const { predictions, features, labels, alerts, windows, retrain, deadLetter, notifyDeadLetter } = names;
  return { predictions, features, labels, alerts, windows, retrain, deadLetter, notifyDeadLetter };
}

/** Kafka, registry, Redis and observability sections of a test config (the metrics port is picked by the OS). */
export function connectionsOf(names: TestNames) {
  return {
    kafka: { brokers: stack.brokers, groupId: names.groupId },
    registry: { url: stack.registryUrl },
    redis: { url: stack.redisUrl, keyPrefix: names.redisPrefix },
    observability: { port: 0 },
    topics: topicsOf(names),
  };
}

/** Topic and group names no other test (or earlier run) uses. */
export function uniqueNames(prefix: string) {
  const id = `${prefix}.${randomUUID().slice(0, 8)}`;
  return {
    predictions: `${id}.predictions`,
    features: `${id}.features`,
    labels: `${id}.labels`,
    alerts: `${id}.alerts`,
    windows: `${id}.windows`,
    retrain: `${id}.retrain`,
    deadLetter: `${id}.dlq`,
    notifyDeadLetter: `${id}.notify.dlq`,
    groupId: `${id}.group`,
    redisPrefix: `test:${id}`,
  };
}

export async function createTopics(admin: Admin, topics: string[], numPartitions = 3): Promise<void> {
  // A broker that has just started may answer UNKNOWN_TOPIC_OR_PARTITION while its metadata settles: retry.
  await eventually(`topics ${topics.join(', ')} are created`, 30_000, async () => {
    await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })) });
    return true;
  });
  await eventually(`topics ${topics.join(', ')} have leaders`, 30_000, async () => {
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
    return metadata.every((t) => t.partitions.length === numPartitions && t.partitions.every((p) => p.leader >= 0));
  });
}

/** Polls `check` until it returns true; errors count as "not yet" (the broker may still be settling). */
export async function eventually(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`, { cause: lastError });
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Resolves once the group has committed, on every partition of `topic`, the topic's end offset. */
export async function waitForGroupCaughtUp(admin: Admin, groupId: string, topic: string, timeoutMs = 90_000): Promise<void> {
  await eventually(`group ${groupId} has committed the end of ${topic}`, timeoutMs, async () => {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return ends.every((end) => {
      const c = committed?.partitions.find((p) => p.partition === end.partition);
      return Number(end.offset) === 0 || (c !== undefined && Number(c.offset) >= Number(end.offset));
    });
  });
}
