import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * outcome: delivered; duplicate (a delivery record said the receiver has it already); retried (one failed attempt,
 * tried again); rejected (the receiver refused it: dead-lettered with its answer); exhausted (retry.maxAttempts
 * reached: dead-lettered).
 */
export type NotificationOutcome = 'delivered' | 'duplicate' | 'retried' | 'rejected' | 'exhausted';

// 10 ms … 30 min: includes groupWait (10 s by default) and any receiver outage.
const LATENCY_BUCKETS_SECONDS = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 15, 30, 60, 120, 300, 600, 1800];

/** The notifier's metrics, registered beside the others in the process's registry. Labels: receiver names from the config. */
export class NotifyMetrics {
  readonly #notifications: Counter<'receiver' | 'outcome'>;
  readonly #latency: Histogram<'receiver'>;
  readonly #queueDepth: Gauge<'receiver'>;
  readonly #pausedPartitions: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.#notifications = new Counter({
      name: 'driftwatch_notifications_total',
      help: 'Alerts handled per receiver, by outcome: delivered, duplicate (already delivered), retried (attempt failed), rejected or exhausted (dead-lettered).',
      labelNames: ['receiver', 'outcome'], registers,
    });
    this.#latency = new Histogram({
      name: 'driftwatch_notification_delivery_seconds',
      help: 'From an alert reaching the notifier to its receiver accepting it (groupWait, rate limit and retries included).',
      labelNames: ['receiver'], buckets: LATENCY_BUCKETS_SECONDS, registers,
    });
    this.#queueDepth = new Gauge({ name: 'driftwatch_notification_queue_depth', help: 'Alerts waiting for each receiver.', labelNames: ['receiver'], registers });
    this.#pausedPartitions = new Gauge({ name: 'driftwatch_notification_paused_partitions', help: 'Alert-topic partitions paused because a receiver queue is full (notify.receivers[].maxQueue).', registers });
  }

  counted(receiver: string, outcome: NotificationOutcome, n = 1): void {
    this.#notifications.inc({ receiver, outcome }, n);
  }

  delivered(receiver: string, seconds: number): void {
    this.#latency.observe({ receiver }, seconds);
  }

  setQueueDepth(receiver: string, depth: number): void {
    this.#queueDepth.set({ receiver }, depth);
  }

  setPausedPartitions(n: number): void {
    this.#pausedPartitions.set(n);
  }
}
