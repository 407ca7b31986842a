import type { KafkaMessage } from 'kafkajs';
import type { InputLimits } from '../../config/limitsSchema.ts';
import type { DeadLetterRecord } from '../../contracts/events.ts';
import { MonitorLimitError } from '../../monitor/monitorLimitError.ts';
import type { Logger } from '../../observability/logger.ts';
import type { DriftwatchMetrics } from '../../observability/metrics.ts';
import { FencedError } from '../../state/stateStoreErrors.ts';
import { deadLetterRecord } from '../deadLetterRecord.ts';
import { isDependencyFailure } from '../dependencyFailure.ts';
import { eventFailure, internalErrorKind } from '../eventFailure.ts';
import { MalformedMessageError } from '../malformedMessageError.ts';
import { PartitionLost } from './partitionLost.ts';

export interface KeyedDeadLetter {
  key: string;
  letter: DeadLetterRecord;
}

/** At most this many kinds of internal error are logged in full; the rest are only counted. */
const MAX_LOGGED_INTERNAL_KINDS = 100;

/**
 * Turns the failure of one message (decode, validate, apply) into its dead letter, counted and logged; the
 * batch goes on. Failures that are not the message's fault (a dependency down, the partition fenced or
 * lost) are rethrown: they stop the batch instead. A message at or before the partition's checkpoint was
 * dead-lettered when first read, so it gives nothing again. Each kind of internal error is logged with its
 * stack once; each model meeting the monitor cap is warned about once.
 */
export class DeadLetterWriter {
  readonly #limits: InputLimits;
  readonly #metrics: DriftwatchMetrics;
  readonly #logger: Logger;
  readonly #liveMonitors: () => number;
  readonly #internalErrorsLogged = new Set<string>();
  readonly #capWarned = new Set<string>();
  readonly #now: () => number;

  constructor(deps: { limits: InputLimits; metrics: DriftwatchMetrics; logger: Logger; liveMonitors: () => number; now?: () => number }) {
    this.#limits = deps.limits;
    this.#metrics = deps.metrics;
    this.#logger = deps.logger;
    this.#liveMonitors = deps.liveMonitors;
    this.#now = deps.now ?? Date.now;
  }

  /** The engine refused or failed on an applied message. */
  rejected(topic: string, partition: number, message: KafkaMessage, checkpointOffset: number, error: unknown, into: KeyedDeadLetter[]): void {
    if (error instanceof MonitorLimitError && !this.#capWarned.has(error.modelId)) {
      this.#capWarned.add(error.modelId);
      this.#logger.warn({ model: error.modelId, monitors: this.#liveMonitors() }, `monitor limit reached: ${error.message}`);
    }
    this.write(topic, partition, message, checkpointOffset, error, into);
  }

  write(topic: string, partition: number, message: KafkaMessage, checkpointOffset: number, error: unknown, into: KeyedDeadLetter[]): undefined {
    if (!(error instanceof MalformedMessageError) && (isDependencyFailure(error) || error instanceof FencedError || error instanceof PartitionLost)) throw error;
    const failure = eventFailure(error);
    if (Number(message.offset) <= checkpointOffset) return undefined;
    const limits = this.#limits;
    const letter = deadLetterRecord({ topic, partition, offset: Number(message.offset), key: message.key, value: message.value }, failure, limits.deadLetter.maxBytes, this.#now());
    const key = message.key !== null && message.key.length <= limits.maxIdLength ? message.key.toString('utf8') : `${topic}-${partition}`;
    into.push({ key, letter });
    this.#metrics.deadLettered(topic, failure.kind);
    if (letter.truncated) this.#metrics.deadLetterTruncated();
    if (failure.kind === 'internal') this.#noteInternalError(topic, partition, message.offset, failure.cause);
    this.#logger.warn({ topic, partition, offset: message.offset, kind: failure.kind }, `dead-lettered: ${letter.message.slice(0, 500)}`);
    return undefined;
  }

  #noteInternalError(topic: string, partition: number, offset: string, error: unknown): void {
    this.#metrics.internalError(error instanceof Error ? error.name : typeof error);
    const kind = internalErrorKind(error);
    if (this.#internalErrorsLogged.has(kind) || this.#internalErrorsLogged.size >= MAX_LOGGED_INTERNAL_KINDS) return;
    this.#internalErrorsLogged.add(kind);
    this.#logger.error({ topic, partition, offset, kind, err: (error as Error)?.stack }, 'internal error on one event (dead-lettered; further errors of this kind are only counted)');
  }
}
