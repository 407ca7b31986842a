import type { Logger } from '../../observability/logger.ts';
import type { Dependency, DriftwatchMetrics } from '../../observability/metrics.ts';
import { isDependencyFailure } from '../dependencyFailure.ts';
import { heartbeatWhile } from '../heartbeatWhile.ts';
import { retryWithBackoff } from '../retryWithBackoff.ts';

/** How often a batch waiting for a dependency heart-beats (kafkajs sends at most one per heartbeatInterval, 3 s). */
const WAITING_HEARTBEAT_MS = 1000;

export interface RetryPolicyDeps {
  metrics: DriftwatchMetrics;
  logger: Logger;
  /** Once true, no failure is retried any more. */
  isStopping: () => boolean;
  /** A dependency stopped being waited on: driftwatch_paused is to be recomputed. */
  onWaitingEnd: (dependency: Dependency) => void;
}

/**
 * How serve waits for a dependency that is down: it retries the same work with backoff (jitter, capped,
 * retryWithBackoff.ts), never skipping it, heart-beating the running batch meanwhile so the assignment
 * outlives the outage. Counts and logs each retry and says which dependencies are being waited on.
 */
export class RetryPolicy {
  readonly #deps: RetryPolicyDeps;
  readonly #waitingOn = new Set<Dependency>();
  /** The running batch's heartbeat (kafkajs runs one batch at a time): every retry inside it beats with it. */
  batchHeartbeat: (() => Promise<void>) | undefined;

  constructor(deps: RetryPolicyDeps) {
    this.#deps = deps;
  }

  isWaitingOn(dependency: Dependency): boolean {
    return this.#waitingOn.has(dependency);
  }

  get waitingOn(): Dependency[] {
    return [...this.#waitingOn];
  }

  retry<T>(dependency: Dependency, what: string, attempt: () => Promise<T>, heartbeat = this.batchHeartbeat): Promise<T> {
    const { metrics, logger, isStopping, onWaitingEnd } = this.#deps;
    const retried = () => retryWithBackoff(attempt, {
      isRetryable: (error) => !isStopping() && isDependencyFailure(error),
      onRetry: async (error, n, waitMs) => {
        this.#waitingOn.add(dependency);
        metrics.setPaused(dependency, true);
        metrics.dependencyRetried(dependency);
        logger.warn({ attempt: n, waitMs, err: (error as Error).message }, `${what}: ${dependency} unavailable, retrying`);
      },
    });
    let heartbeatFailed = false;
    const onHeartbeatError = (error: unknown) => {
      if (!heartbeatFailed) logger.warn({ err: (error as Error).message }, `${what}: heartbeat failed while waiting for ${dependency}`);
      heartbeatFailed = true;
    };
    // Beats while the dependency is awaited, so an outage longer than kafka.sessionTimeout keeps the assignment.
    return (heartbeat ? heartbeatWhile(heartbeat, WAITING_HEARTBEAT_MS, retried, onHeartbeatError) : retried()).finally(() => {
      if (this.#waitingOn.delete(dependency)) onWaitingEnd(dependency);
    });
  }
}
