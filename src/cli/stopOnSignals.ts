import type { Logger } from '../observability/logger.ts';

export interface StopOnSignalsOptions {
  logger: Logger;
  /** How long stopping may take before the process exits with code 1 anyway (config `shutdownTimeout`). */
  shutdownTimeout: number;
  /** What an exit past the timeout leaves behind, for its log line. */
  timeoutMessage: string;
  /** Extra fields of that log line, read when it is written. */
  timeoutDetails?: () => Record<string, unknown>;
  /** Finishes the work in hand and releases what the process holds; the process exits with 0 after it. */
  stop: () => Promise<void>;
}

/**
 * SIGTERM or SIGINT stops a long-running command within a bound: `stop()` runs, and if it takes longer than
 * `shutdownTimeout` (a batch stuck on a dependency) the process exits with code 1 anyway. A second signal exits
 * at once. Nothing is lost by either exit: what was not committed is read again by the next owner.
 */
export function stopOnSignals(options: StopOnSignalsOptions): void {
  const { logger, shutdownTimeout } = options;
  let stopping = false;
  const onSignal = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    setTimeout(() => {
      logger.error({ timeoutMs: shutdownTimeout, ...options.timeoutDetails?.() }, `shutdown did not finish in time: exiting; ${options.timeoutMessage}`);
      process.exit(1);
    }, shutdownTimeout).unref();
    await options.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void onSignal('SIGTERM'));
  process.on('SIGINT', () => void onSignal('SIGINT'));
}
