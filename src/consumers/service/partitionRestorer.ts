import type { MonitorEngine } from '../../monitor/monitorEngine.ts';
import type { Logger } from '../../observability/logger.ts';
import type { PartitionCheckpointStore } from '../../state/partitionCheckpointStore.ts';
import { StateCorruptedError } from '../eventFailure.ts';
import type { RetryPolicy } from './retryPolicy.ts';

/** What the service keeps of one assigned partition. */
export interface PartitionState {
  epoch: number;
  /** Last offset whose effects are in the saved checkpoint (−1 when none was saved). */
  checkpointOffset: number;
  entries: Set<string>;
  /**
   * Where a partition restored from Redis must be read again from (after its checkpoint, or where an unfinished
   * reference began), until a batch starting there is processed. Only restored state needs it: a monitor that
   * collects its reference in this process holds the raw events in memory already.
   */
  resumeAt: number | undefined;
  /** Entries of this partition retired while another partition's batch ran: deleted with this one's next save. */
  retired?: Set<string>;
}

/** Where a partition must be read from: after its checkpoint, or where an unfinished reference began (the earliest). */
export function resumeOffset(checkpointOffset: number, entries: Iterable<string>, resumeFrom: (entry: string) => number | undefined): number | undefined {
  let resume = checkpointOffset >= 0 ? checkpointOffset + 1 : undefined;
  for (const key of entries) {
    const from = resumeFrom(key);
    if (from !== undefined) resume = Math.min(resume ?? from, from);
  }
  return resume;
}

/**
 * Takes a partition on: claims its next epoch (fencing the previous owner's saves), loads its checkpoint,
 * restores the engine entries in it (bytes the engine cannot read stop the service: StateCorruptedError),
 * logs what restoring warned about, and says where to resume reading.
 */
export class PartitionRestorer {
  readonly #checkpoints: PartitionCheckpointStore;
  readonly #engine: MonitorEngine;
  readonly #logger: Logger;
  readonly #retry: RetryPolicy;

  constructor(deps: { checkpoints: PartitionCheckpointStore; engine: MonitorEngine; logger: Logger; retry: RetryPolicy }) {
    this.#checkpoints = deps.checkpoints;
    this.#engine = deps.engine;
    this.#logger = deps.logger;
    this.#retry = deps.retry;
  }

  async restore(topic: string, partition: number): Promise<PartitionState> {
    const { epoch, saved } = await this.#retry.retry('redis', `restoring ${topic}:${partition}`, async () => {
      const epoch = await this.#checkpoints.claim(topic, partition);
      return { epoch, saved: await this.#checkpoints.load(topic, partition) };
    });
    const state: PartitionState = { epoch, checkpointOffset: saved ? Number(saved.offset) : -1, entries: new Set(), resumeAt: undefined };
    if (saved) {
      try {
        this.#engine.restoreAll(saved.entries);
      } catch (error) {
        throw new StateCorruptedError(error as Error); // bytes the engine did not write: never build on them
      }
      for (const { message, ...warning } of this.#engine.takeRestoreWarnings()) this.#logger.warn({ topic, partition, ...warning }, `restored state: ${message}`);
      for (const key of saved.entries.keys()) state.entries.add(key);
    }
    state.resumeAt = resumeOffset(state.checkpointOffset, state.entries, (key) => this.#engine.resumeFrom(key));
    this.#logger.info({ topic, partition, epoch, offset: saved?.offset ?? null, entries: state.entries.size }, 'partition restored');
    return state;
  }
}
