import type { Admin } from 'kafkajs';
import type { Logger } from '../observability/logger.ts';
import type { ServiceObserver } from '../observability/serviceObserver.ts';

/**
 * Every `intervalMs`, asks the brokers for the high watermarks of the partitions the service has consumed and
 * lets the observer recompute their lag. Best effort: a failure (Kafka down) is logged and the next tick tries
 * again; the consumer's own retries and `driftwatch_paused` are what report the outage. One tick at a time.
 */
export class LagRefresher {
  readonly #admin: Admin;
  readonly #observer: ServiceObserver;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #connected = false;
  #running: Promise<void> | undefined;

  constructor(admin: Admin, observer: ServiceObserver, logger: Logger, intervalMs: number) {
    this.#admin = admin;
    this.#observer = observer;
    this.#logger = logger;
    this.#intervalMs = intervalMs;
  }

  start(): void {
    if (this.#intervalMs <= 0 || this.#timer) return;
    this.#timer = setInterval(() => {
      this.#running ??= this.tick().finally(() => (this.#running = undefined));
    }, this.#intervalMs);
    this.#timer.unref();
  }

  /** One refresh; never rejects. */
  async tick(): Promise<void> {
    try {
      if (!this.#connected) {
        await this.#admin.connect();
        this.#connected = true;
      }
      await this.#observer.refreshLag((topic) => this.#admin.fetchTopicOffsets(topic).then((ps) => ps.map(({ partition, high }) => ({ partition, offset: high }))));
    } catch (error) {
      this.#logger.debug({ err: (error as Error).message }, 'consumer lag refresh failed; next try in the next interval');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
    if (this.#connected) await this.#admin.disconnect().catch(() => undefined);
    this.#connected = false;
  }
}
