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
  /**
   * Asks the group coordinator about the group (kafkajs's consumer.describeGroup). watch() calls it when the
   * consumer has been quiet for `probeAfterMs`, e.g. between two idle fetches: a coordinator that does not
   * answer within `probeTimeoutMs`, or a group this member is no longer in, is not ready at once, not only
   * after `staleAfterMs`.
   */
  probe?: () => Promise<{ state: string; members: { memberId: string }[] }>;
  /** Default 3 s (kafkajs's heartbeatInterval: a working member has contact about that often). */
  probeAfterMs?: number;
  /** Default 2 s. */
  probeTimeoutMs?: number;
}

type Phase =
  | { kind: 'starting' }
  | { kind: 'member'; memberId: string; partitions: number }
  | { kind: 'rebalancing' }
  | { kind: 'restarting'; error: string }
  | { kind: 'crashed'; error: string }
  | { kind: 'stopped' };

/**
 * What the Kafka consumer itself is doing, from kafkajs's instrumentation events, so readiness can tell the
 * truth: a consumer that is starting, rebalancing, crashed (whether or not kafkajs restarts it), stopped, out
 * of touch with its group coordinator, or no longer in its group is not consuming, whatever the rest of the
 * service thinks. Only a member of the group (after GROUP_JOIN) in recent contact with the coordinator is
 * healthy. A member with no partitions (more members than partitions) is healthy: it is a standby.
 * kafkajs emits no event while it retries a lost broker connection, hence the probe when it is quiet.
 */
export class ConsumerHealth {
  readonly #staleAfterMs: number;
  readonly #now: () => number;
  readonly #onWaitingChange: ((waiting: boolean) => void) | undefined;
  #phase: Phase = { kind: 'starting' };
  #lastContact: number;
  #lastTimeout: string | undefined;
  readonly #probe: ConsumerHealthOptions['probe'];
  readonly #probeAfterMs: number;
  readonly #probeTimeoutMs: number;
  #probing = false;
  #lastProbe = -Infinity;
  /** What the last probe found wrong (cleared by any contact). */
  #probeProblem: string | undefined;
  #waiting: boolean | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(consumer: ConsumerEvents, options: ConsumerHealthOptions) {
    this.#staleAfterMs = options.staleAfterMs;
    this.#now = options.now ?? Date.now;
    this.#onWaitingChange = options.onWaitingChange;
    this.#probe = options.probe;
    this.#probeAfterMs = options.probeAfterMs ?? 3000;
    this.#probeTimeoutMs = options.probeTimeoutMs ?? 2000;
    this.#lastContact = this.#now();
    const { events } = consumer;
    consumer.on(events.CONNECT, () => this.#enter({ kind: 'starting' }));
    consumer.on(events.GROUP_JOIN, (event: ConsumerGroupJoinEvent) => {
      this.#contact();
      const partitions = Object.values(event.payload.memberAssignment).reduce((n, ps) => n + ps.length, 0);
      this.#enter({ kind: 'member', memberId: event.payload.memberId, partitions });
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
        if (this.#probeProblem) return this.#probeProblem;
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
    this.#timer ??= setInterval(() => {
      this.#report();
      this.#probeIfQuiet();
    }, everyMs).unref();
  }

  #probeIfQuiet(): void {
    const phase = this.#phase;
    const now = this.#now();
    if (!this.#probe || this.#probing || phase.kind !== 'member') return;
    if (now - this.#lastContact < this.#probeAfterMs || now - this.#lastProbe < this.#probeAfterMs) return;
    this.#probing = true;
    this.#lastProbe = now;
    const contactBefore = this.#lastContact;
    /** Whether what the probe found still applies: the phase is the same and nothing answered meanwhile. */
    const current = () => this.#phase === phase && this.#lastContact === contactBefore;
    // A coordinator that does not answer in time is a problem at once; the request itself (kafkajs retries it)
    // is left to finish, and no other probe starts before it has.
    const timer = setTimeout(() => {
      if (current()) this.#found(`the Kafka group coordinator does not answer (no answer within ${this.#probeTimeoutMs} ms)`);
    }, this.#probeTimeoutMs).unref();
    this.#probe().then(
      (group) => {
        if (!current()) return;
        if (!group.members.some((m) => m.memberId === phase.memberId)) this.#found(`this consumer is no longer a member of its group (group ${group.state}): it lost its assignment`);
        else if (group.state !== 'Stable') this.#found(`the Kafka consumer group is ${group.state}`);
        else this.#contact();
      },
      (error: unknown) => {
        if (current()) this.#found(`the Kafka group coordinator does not answer (${(error as Error).message})`);
      },
    ).finally(() => {
      clearTimeout(timer);
      this.#probing = false;
    });
  }

  #found(problem: string): void {
    this.#probeProblem = problem;
    this.#report();
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #contact(): void {
    this.#lastContact = this.#now();
    this.#lastTimeout = undefined;
    this.#probeProblem = undefined;
    this.#report();
  }

  #enter(phase: Phase): void {
    this.#phase = phase;
    this.#probeProblem = undefined;
    this.#report();
  }

  #report(): void {
    const waiting = this.waitingForKafka;
    if (waiting === this.#waiting) return;
    this.#waiting = waiting;
    this.#onWaitingChange?.(waiting);
  }
}
