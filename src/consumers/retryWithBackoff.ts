/**
 * Runs `attempt` until it succeeds or `isRetryable` says the error is final. Waits between tries double
 * from `initialMs` up to `maxMs`; `onRetry` runs before each wait (log it, heartbeat the group).
 * Used where a dependency is down: driftwatch pauses and tries again, it never skips the work.
 */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  isRetryable: (error: unknown) => boolean;
  onRetry?: (error: unknown, attempt: number, waitMs: number) => Promise<void> | void;
}

export async function retryWithBackoff<T>(attempt: () => Promise<T>, options: BackoffOptions): Promise<T> {
  const { initialMs = 200, maxMs = 30_000, isRetryable, onRetry } = options;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      const waitMs = Math.min(maxMs, initialMs * 2 ** (n - 1));
      await onRetry?.(error, n, waitMs);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}
