/**
 * Runs `attempt` until it succeeds or `isRetryable` says the error is final. The n-th wait is drawn from
 * [½, 1] × min(maxMs, initialMs × 2^(n−1)) ("equal jitter"), so processes that lost a dependency together
 * do not retry in step, and no wait exceeds `maxMs`; `onRetry` runs before each wait (log it, heartbeat the group).
 * Used where a dependency is down: driftwatch pauses and tries again, it never skips the work.
 */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  isRetryable: (error: unknown) => boolean;
  onRetry?: (error: unknown, attempt: number, waitMs: number) => Promise<void> | void;
  /** Source of the jitter, in [0, 1). */
  random?: () => number;
}

/** The n-th wait (n ≥ 1) for a jitter draw `r` in [0, 1). */
export function backoffMs(n: number, r: number, initialMs = 200, maxMs = 30_000): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** (n - 1));
  return Math.round(ceiling * (0.5 + r / 2));
}

export async function retryWithBackoff<T>(attempt: () => Promise<T>, options: BackoffOptions): Promise<T> {
  const { initialMs = 200, maxMs = 30_000, isRetryable, onRetry, random = Math.random } = options;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      const waitMs = backoffMs(n, random(), initialMs, maxMs);
      await onRetry?.(error, n, waitMs);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}
