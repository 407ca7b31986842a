import type { ReceiverConfig } from '../config/notifySchema.ts';
import type { AlertRecord } from '../contracts/events.ts';
import { isDependencyFailure } from '../consumers/dependencyFailure.ts';
import { retryWithBackoff } from '../consumers/retryWithBackoff.ts';
import type { Logger } from '../observability/logger.ts';
import type { NotifyMetrics } from '../observability/notifyMetrics.ts';
import { groupKey, type AlertGroup } from '../sinks/alertGroup.ts';
import type { PostOutcome } from '../sinks/httpPost.ts';
import type { ReceiverClient } from '../sinks/receiverClient.ts';
import type { DeliveryOutcome, DeliveryRecordStore } from '../state/deliveryRecordStore.ts';
import { DeliveryStoppedError } from './deliveryStoppedError.ts';
import { RateLimit, groupsForNextMessage } from './rateLimit.ts';

/** An alert waiting for one receiver, with what to do once that receiver has it. */
export interface QueuedAlert {
  alert: AlertRecord;
  receivedAt: number;
  /** Consumer-group generation it was read in: alerts of an older one are dropped (they are read again). */
  generation: number;
  /** This receiver is done with it (delivered, duplicate or dead-lettered): the partition's commit may move. */
  finish(): void;
  /** Publishes the alert's message to the notifier dead-letter topic with `reason`. */
  deadLetter(reason: string): Promise<void>;
}

interface PendingGroup {
  key: string;
  firstAt: number;
  members: QueuedAlert[];
}

export interface ReceiverQueueDeps {
  client: ReceiverClient;
  config: ReceiverConfig;
  groupWaitMs: number;
  windowKind: (modelId: string, window: AlertRecord['window']) => AlertGroup['windowKind'];
  records: DeliveryRecordStore;
  metrics: NotifyMetrics;
  logger: Logger;
  isCurrent: (generation: number) => boolean;
  onDepthChange: () => void;
}

/**
 * One receiver's deliveries, one request at a time and in order (a resolve never overtakes its trigger), so a
 * receiver that is down holds up only itself. Alerts of one model and window that arrive within groupWait of
 * the first make one group; a group waits while the receiver is over its rate limit and keeps absorbing its
 * alerts, and a receiver that can digest sends all ready groups as one message when they outnumber the messages
 * it may still send. Failed attempts (429, 5xx, timeouts, network) are retried with exponential backoff and
 * jitter, never skipped; refusals go to the dead-letter topic with the receiver's answer.
 */
export class ReceiverQueue {
  readonly name: string;
  readonly #deps: ReceiverQueueDeps;
  readonly #limit: RateLimit;
  readonly #groups: PendingGroup[] = [];
  #depth = 0;
  #stopped = false;
  #wake: (() => void) | undefined;
  #running: Promise<void> | undefined;
  #reportFailure!: (error: DeliveryStoppedError) => void;
  /** Settles if the deliveries stop on an error retrying cannot fix. */
  readonly failed = new Promise<DeliveryStoppedError>((resolve) => (this.#reportFailure = resolve));

  constructor(deps: ReceiverQueueDeps) {
    this.#deps = deps;
    this.name = deps.config.name;
    this.#limit = new RateLimit(deps.config.rateLimit);
  }

  /** Alerts queued or in flight. */
  get depth(): number {
    return this.#depth;
  }

  get full(): boolean {
    return this.#depth >= this.#deps.config.maxQueue;
  }

  add(queued: QueuedAlert): void {
    const key = groupKey(queued.alert);
    const group = this.#groups.find((g) => g.key === key);
    if (group) group.members.push(queued);
    else this.#groups.push({ key, firstAt: queued.receivedAt, members: [queued] });
    this.#changeDepth(1);
    this.#wake?.();
  }

  /** Forgets waiting alerts of older generations (after a rebalance they are read again from the committed offset). */
  dropStale(): void {
    let dropped = 0;
    for (let i = this.#groups.length - 1; i >= 0; i--) {
      const group = this.#groups[i];
      const kept = group.members.filter((m) => this.#deps.isCurrent(m.generation));
      dropped += group.members.length - kept.length;
      if (kept.length === 0) this.#groups.splice(i, 1);
      else group.members = kept;
    }
    if (dropped > 0) this.#changeDepth(-dropped);
  }

  start(): void {
    this.#running ??= this.#loop().catch((error: unknown) => this.#reportFailure(new DeliveryStoppedError(this.name, error)));
  }

  /** Stops after the request in flight; what is unfinished stays uncommitted and is delivered by the next owner. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#running;
  }

  #changeDepth(delta: number): void {
    this.#depth += delta;
    this.#deps.metrics.setQueueDepth(this.name, this.#depth);
    this.#deps.onDepthChange();
  }

  /** Sleeps up to `ms`, or until an alert is added or the queue stops. */
  async #sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
    this.#wake = undefined;
  }

  /** Sleeps `ms` however many alerts arrive meanwhile, unless the queue stops. */
  async #sleepFully(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!this.#stopped && Date.now() < until) await this.#sleep(until - Date.now());
  }

  async #loop(): Promise<void> {
    const { groupWaitMs, client, logger } = this.#deps;
    while (!this.#stopped) {
      const head = this.#groups[0];
      if (!head) {
        await this.#sleep(60_000);
        continue;
      }
      const now = Date.now();
      if (head.firstAt + groupWaitMs > now) {
        await this.#sleep(head.firstAt + groupWaitMs - now);
        continue;
      }
      const limited = this.#limit.waitMs(now);
      if (limited > 0) {
        await this.#sleep(limited);
        continue;
      }
      const ready = this.#groups.filter((g) => g.firstAt + groupWaitMs <= now);
      const take = groupsForNextMessage(ready, this.#limit.available(now), client.digests);
      for (const group of take) this.#groups.splice(this.#groups.indexOf(group), 1);
      try {
        await this.#deliver(take);
      } catch (error) {
        if (this.#stopped) break;
        logger.error({ receiver: this.name, err: (error as Error).message }, 'delivery failed unexpectedly; its alerts are delivered after a restart');
        throw error;
      }
    }
  }

  async #deliver(take: PendingGroup[]): Promise<void> {
    const { records, metrics, isCurrent, client } = this.#deps;
    const current = take.map((g) => ({ ...g, members: g.members.filter((m) => isCurrent(m.generation)) }));
    const stale = take.reduce((n, g) => n + g.members.length, 0) - current.reduce((n, g) => n + g.members.length, 0);
    if (stale > 0) this.#changeDepth(-stale);
    const all = current.flatMap((g) => g.members);
    if (all.length === 0) return;
    const already = await this.#redis('reading delivery records', () => records.done(this.name, [...new Set(all.map((m) => m.alert.alert_id))]));
    const byId = new Map<string, QueuedAlert[]>();
    const groups: AlertGroup[] = [];
    for (const g of current) {
      const alerts: AlertRecord[] = [];
      for (const m of g.members) {
        if (already.has(m.alert.alert_id)) {
          metrics.counted(this.name, 'duplicate');
          this.#finish([m]);
          continue;
        }
        const same = byId.get(m.alert.alert_id);
        if (same) same.push(m); // the same alert read twice (re-published): delivered once
        else {
          byId.set(m.alert.alert_id, [m]);
          alerts.push(m.alert);
        }
      }
      if (alerts.length > 0) {
        const { model_id, window } = alerts[0];
        groups.push({ modelId: model_id, window, windowKind: this.#deps.windowKind(model_id, window), alerts });
      }
    }
    if (groups.length === 0) return;
    for (const message of client.messages(groups)) {
      const members = message.alertIds.flatMap((id) => byId.get(id) ?? []);
      const done = await this.#send(message.send, members);
      if (!done) return;
    }
  }

  /** Sends until the receiver answers for good; false when the queue stopped first. */
  async #send(send: () => Promise<PostOutcome>, members: QueuedAlert[]): Promise<boolean> {
    const { config, metrics, logger } = this.#deps;
    const ids = [...new Set(members.map((m) => m.alert.alert_id))];
    for (let attempt = 1; ; attempt++) {
      if (this.#stopped) return false;
      const wait = this.#limit.waitMs(Date.now());
      if (wait > 0) {
        await this.#sleepFully(wait);
        attempt--;
        continue;
      }
      this.#limit.sent(Date.now());
      const outcome = await send();
      if (outcome.kind === 'delivered') {
        await this.#record(ids, 'delivered');
        const now = Date.now();
        for (const m of members) metrics.delivered(this.name, (now - m.receivedAt) / 1000);
        metrics.counted(this.name, 'delivered', ids.length);
        logger.info({ receiver: this.name, alerts: ids.length, status: outcome.status }, 'delivered');
        this.#finish(members);
        return true;
      }
      if (outcome.kind === 'rejected') {
        const reason = `receiver '${this.name}' (${config.type}) refused the delivery with HTTP ${outcome.status}: ${outcome.body}`;
        await this.#deadLetter(members, ids, reason, 'rejected');
        logger.error({ receiver: this.name, status: outcome.status, alerts: ids.length }, `delivery refused: dead-lettered (${outcome.body.slice(0, 200)})`);
        return true;
      }
      metrics.counted(this.name, 'retried', ids.length);
      if (config.retry.maxAttempts > 0 && attempt >= config.retry.maxAttempts) {
        await this.#deadLetter(members, ids, `receiver '${this.name}' (${config.type}) did not take the delivery in ${attempt} attempts (retry.maxAttempts); last: ${outcome.reason}`, 'exhausted');
        logger.error({ receiver: this.name, attempts: attempt }, 'delivery attempts exhausted: dead-lettered');
        return true;
      }
      const backoff = Math.min(config.retry.maxBackoff, config.retry.initialBackoff * 2 ** (attempt - 1));
      const waitMs = Math.max(outcome.retryAfterMs ?? 0, Math.round(backoff * (0.5 + Math.random())));
      logger.warn({ receiver: this.name, attempt, waitMs, status: outcome.status }, `delivery failed (${outcome.reason}); retrying`);
      await this.#sleepFully(waitMs);
    }
  }

  async #deadLetter(members: QueuedAlert[], ids: string[], reason: string, outcome: 'rejected' | 'exhausted'): Promise<void> {
    const seen = new Set<string>();
    for (const m of members) {
      if (seen.has(m.alert.alert_id)) continue;
      seen.add(m.alert.alert_id);
      await m.deadLetter(reason);
    }
    await this.#record(ids, 'dead_lettered');
    this.#deps.metrics.counted(this.name, outcome, ids.length);
    this.#finish(members);
  }

  #finish(members: QueuedAlert[]): void {
    for (const m of members) m.finish();
    this.#changeDepth(-members.length);
  }

  #record(ids: string[], outcome: DeliveryOutcome): Promise<void> {
    return this.#redis('writing delivery records', () => this.#deps.records.record(this.name, ids, outcome));
  }

  #redis<T>(what: string, call: () => Promise<T>): Promise<T> {
    return retryWithBackoff(call, {
      isRetryable: (error) => !this.#stopped && isDependencyFailure(error),
      onRetry: (error, attempt, waitMs) => this.#deps.logger.warn({ receiver: this.name, attempt, waitMs, err: (error as Error).message }, `${what}: redis unavailable, retrying`),
    });
  }
}
