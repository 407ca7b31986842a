import { Cluster, type Redis } from 'ioredis';

/** How many replicas must hold a write before it counts as saved, and how long to wait for them. */
export interface ReplicaAcks {
  replicas: number;
  timeoutMs: number;
}

/**
 * Fewer replicas than required acknowledged a write in time. Redis has applied the write on the primary,
 * but a failover now could lose it: the caller retries the (idempotent) write like any Redis outage.
 */
export class ReplicasBehindError extends Error {
  constructor(what: string, acked: number, acks: ReplicaAcks) {
    super(`${what}: ${acked} of ${acks.replicas} required replicas acknowledged within ${acks.timeoutMs} ms; a failover could lose it, retrying`);
    this.name = 'ReplicasBehindError';
  }
}

/**
 * Redis WAIT after a write on the same connection: returns once `replicas` replicas have every write this
 * connection made, so a Sentinel failover (which promotes the most up-to-date replica) keeps it.
 * Not for Redis Cluster (WAIT has no key to route by); the config refuses replicaAcks there.
 */
export async function waitForReplicas(redis: Redis | Cluster, what: string, acks: ReplicaAcks | undefined): Promise<void> {
  if (!acks || acks.replicas === 0) return;
  if (redis instanceof Cluster) throw new TypeError('replica acknowledgements (WAIT) need a standalone or Sentinel connection, not Redis Cluster');
  const acked = await redis.wait(acks.replicas, acks.timeoutMs);
  if (acked < acks.replicas) throw new ReplicasBehindError(what, acked, acks);
}
