import type { JoinRecords } from '../../monitor/batchPipeline.ts';
import type { ExtraWrite } from '../../state/partitionCheckpointStore.ts';
import type { LabelJoinStore } from '../../state/labelJoinStore.ts';
import type { RetryPolicy } from './retryPolicy.ts';

/**
 * The pipeline's join port for one batch of one partition, on serve's Redis LabelJoinStore: lookups are
 * retried while Redis is down and `afterLookup` checks the partition is still ours; writes and deletes
 * become part of the partition's checkpoint save.
 */
export function serveJoinRecords(store: LabelJoinStore, partition: number, retry: RetryPolicy, afterLookup: () => void): JoinRecords<ExtraWrite, string> {
  return {
    async find(modelId, eventIds) {
      const records = await retry.retry('redis', 'joining labels', () => store.find(modelId, eventIds, partition));
      afterLookup();
      return records;
    },
    writeFor: (modelId, eventId, record, ttlMs) => ({ ...store.writeFor(modelId, eventId, record, partition), ttlMs }),
    deleteKeysFor: (modelId, eventIds) => store.deleteKeysFor(modelId, eventIds, partition),
  };
}
