/**
 * Redis could not be reached, or cannot serve the request right now (restarting, loading its data, out of
 * memory, failing over). Nothing about the input is wrong: pause the partition, retry with backoff, never
 * skip the work. The outcome of a write that fails this way is unknown — it may or may not have been
 * applied — so retry the same write (checkpoint saves are idempotent).
 */
export class StateStoreUnavailableError extends Error {
  constructor(what: string, options: { cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`state store (Redis) unavailable while ${what}: ${reason}; retry with backoff`, options);
    this.name = 'StateStoreUnavailableError';
  }
}

/**
 * Another consumer has claimed the partition since this one did: its save was refused and nothing was
 * written. Drop the batch in hand (do not resolve or commit its offsets); the new owner restores the state
 * and carries on from the last saved offset.
 */
export class FencedError extends Error {
  readonly topic: string;
  readonly partition: number;
  readonly epoch: number;
  /** The epoch of the current owner, undefined when the partition was never claimed. */
  readonly currentEpoch: number | undefined;

  constructor(topic: string, partition: number, epoch: number, currentEpoch: number | undefined) {
    const owner = currentEpoch === undefined ? 'has never been claimed' : `is owned by epoch ${currentEpoch} now`;
    super(
      `checkpoint of ${topic}/${partition} not saved: the partition ${owner}, this consumer holds epoch ${epoch}; ` +
        'drop the batch and do not commit its offsets (call claim() after an assignment, before load() and save())',
    );
    this.name = 'FencedError';
    this.topic = topic;
    this.partition = partition;
    this.epoch = epoch;
    this.currentEpoch = currentEpoch;
  }
}

/**
 * A save whose offset is below the one the same owner (epoch) already saved: nothing was written. Only a
 * bug sends one on purpose; a late duplicate of an old save, delivered after its caller gave up, lands
 * here harmlessly.
 */
export class StaleCheckpointError extends Error {
  constructor(topic: string, partition: number, offset: string, storedOffset: string) {
    super(`checkpoint of ${topic}/${partition} at offset ${offset} not saved: offset ${storedOffset} is already saved by this owner; saves must not go backwards`);
    this.name = 'StaleCheckpointError';
  }
}

/** Redis replies that mean "not now" rather than "wrong request". */
const TRANSIENT_REPLY = /^(LOADING|BUSY|TRYAGAIN|MASTERDOWN|READONLY|CLUSTERDOWN|NOREPLICAS|OOM)\b/;
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** True for failures of the connection or of Redis's availability, as ioredis reports them. */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError' || error.name === 'AbortError' || error.name === 'ReplicasBehindError' || error.name === 'ClusterAllFailedError') return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  return (
    TRANSIENT_REPLY.test(error.message) ||
    /Connection is closed|Stream isn't writeable|Socket timeout|Command timed out|connect ETIMEDOUT/.test(error.message) ||
    /Failed to refresh slots cache|None of startup nodes is available|Cluster isn't ready|All sentinels are unreachable/.test(error.message)
  );
}

/** Runs a Redis call, turning connection-level failures into StateStoreUnavailableError; other errors pass through. */
export async function unavailableAs<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw isUnavailable(error) ? new StateStoreUnavailableError(what, { cause: error }) : error;
  }
}
