import type { Consumer, ConsumerCrashEvent, ConsumerGroupJoinEvent, RequestTimeoutEvent } from 'kafkajs';

/** The part of a kafkajs Consumer this reads: its instrumentation events. */
export type ConsumerEvents = Pick<Consumer, 'on' | 'events'>;

export interface ConsumerHealthOptions {
  /**
   * No fetch, heartbeat, commit or group join for this long means the group coordinator has lost touch with
   * this member (a broker outage kafkajs is still retrying through): it is kafka.sessionTimeout, after which
   * the coordinator itself gives the member up.
   */
  staleAfterMs: number;
  now?: () => number;
  /** Called when whether the consumer waits for Kafka changes (for the driftwatch_paused gauge). */
  onWaitingChange?: (waiting: boolean) => void;
}

type Phase =
  | { kind: 'starting' }
  | { kind: 'member'; partitions: number }
  | { kind: 'rebalancing' }
  | { kind: 'restarting'; error: string }
  | { kind: 'crashed'; error: string }
  | { kind: 'stopped' };

/**
 * What the Kafka consumer itself is doing, from kafkajs's instrumentation events, so readiness can tell the
 * truth: a consumer that is starting, rebalancing, crashed (whether or not kafkajs restarts it), stopped, or
 * out of touch with its group coordinator for a session timeout is not consuming, whatever the rest of the
 * service thinks. Only a member of the group (after GROUP_JOIN) in recent contact with the coordinator is
 * healthy. A member with no partitions (more members than partitions) is healthy: it is a standby.
 */
export class ConsumerHealth {
  readonly #staleAfterMs: number;
  readonly #now: () => number;
  readonly #onWaitingChange: ((waiting: boolean) => void) | undefined;
  #phase: Phase = { kind: 'starting' };
  #lastContact: number;
  #lastTimeout: string | undefined;
  #waiting: boolean | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(consumer: ConsumerEvents, options: ConsumerHealthOptions) {
    this.#staleAfterMs = options.staleAfterMs;
    this.#now = options.now ?? Date.now;
    this.#onWaitingChange = options.onWaitingChange;
    this.#lastContact = this.#now();
    const { events } = consumer;
    consumer.on(events.CONNECT, () => this.#enter({ kind: 'starting' }));
    consumer.on(events.GROUP_JOIN, (event: ConsumerGroupJoinEvent) => {
      this.#contact();
      const partitions = Object.values(event.payload.memberAssignment).reduce((n, ps) => n + ps.length, 0);
      this.#enter({ kind: 'member', partitions });
    });
    consumer.on(events.REBALANCING, () => this.#enter({ kind: 'rebalancing' }));
    consumer.on(events.CRASH, (event: ConsumerCrashEvent) => {
      const error = event.payload.error?.message ?? String(event.payload.error);
      this.#enter(event.payload.restart ? { kind: 'restarting', error } : { kind: 'crashed', error });
    });
    consumer.on(events.STOP, () => this.#enter({ kind: 'stopped' }));
    consumer.on(events.DISCONNECT, () => this.#enter({ kind: 'stopped' }));
    for (const contact of [events.FETCH, events.HEARTBEAT, events.COMMIT_OFFSETS]) consumer.on(contact, () => this.#contact());
    consumer.on(events.REQUEST_TIMEOUT, (event: RequestTimeoutEvent) => {
      this.#lastTimeout = `${event.payload.apiName} to ${event.payload.broker} timed out`;
    });
  }

  /** Why the consumer is not consuming, or undefined when it is. */
  notReadyReason(): string | undefined {
    const phase = this.#phase;
    switch (phase.kind) {
      case 'starting': return 'the Kafka consumer is joining its group';
      case 'rebalancing': return 'the Kafka consumer group is rebalancing';
      case 'restarting': return `the Kafka consumer crashed (${phase.error}); kafkajs is restarting it`;
      case 'crashed': return `the Kafka consumer crashed for good (${phase.error})`;
      case 'stopped': return 'the Kafka consumer is stopped';
      case 'member': {
        const silentMs = this.#now() - this.#lastContact;
        if (silentMs <= this.#staleAfterMs) return undefined;
        return `no contact with the Kafka group coordinator for ${Math.round(silentMs / 1000)} s${this.#lastTimeout ? ` (${this.#lastTimeout})` : ''}`;
      }
    }
  }

  /** Whether the consumer is waiting for Kafka: restarting after a crash, or out of touch with the coordinator. */
  get waitingForKafka(): boolean {
    const kind = this.#phase.kind;
    return kind === 'restarting' || (kind === 'member' && this.notReadyReason() !== undefined);
  }

  /** Checks every `everyMs` whether contact was lost, so onWaitingChange also fires when nothing happens. */
  watch(everyMs = 1000): void {
    this.#timer ??= setInterval(() => this.#report(), everyMs).unref();
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #contact(): void {
    this.#lastContact = this.#now();
    this.#lastTimeout = undefined;
    this.#report();
  }

  #enter(phase: Phase): void {
    this.#phase = phase;
    this.#report();
  }

  #report(): void {
    const waiting = this.waitingForKafka;
    if (waiting === this.#waiting) return;
    this.#waiting = waiting;
    this.#onWaitingChange?.(waiting);
  }
}
