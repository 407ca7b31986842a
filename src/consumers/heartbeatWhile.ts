/**
 * Runs `work` and, until it settles, calls `heartbeat` every `everyMs`: a batch that waits for a dependency
 * (its retries, their backoff, and an attempt that hangs until its deadline) keeps the consumer's group
 * membership, however long the outage lasts. kafkajs sends a Heartbeat request at most once per its
 * heartbeatInterval whatever the call rate, and never two at once, so `everyMs` only bounds the delay.
 * A failed heartbeat (the group is rebalancing, the coordinator moved) goes to `onError`; the next tick
 * tries again.
 */
export async function heartbeatWhile<T>(
  heartbeat: () => Promise<void>,
  everyMs: number,
  work: () => Promise<T>,
  onError: (error: unknown) => void = () => undefined,
): Promise<T> {
  const timer = setInterval(() => {
    heartbeat().catch(onError);
  }, everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
