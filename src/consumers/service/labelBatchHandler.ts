import type { Batch, KafkaMessage } from 'kafkajs';
import type { DecodedLabel } from '../../monitor/batchPipeline.ts';
import { decodeMessage } from './batchDecoding.ts';
import type { HandledBatch } from './batchResult.ts';
import type { KeyedDeadLetter } from './deadLetterWriter.ts';
import type { PartitionState } from './partitionRestorer.ts';
import type { BatchHandlerDeps } from './predictionBatchHandler.ts';
import { serveJoinRecords } from './serveJoinRecords.ts';

/**
 * A batch of the labels topic: decodes the labels not yet in the checkpoint, joins them to their
 * predictions in Redis and applies them through the pipeline. The join records are read, not removed: the
 * joined ones are deleted by the checkpoint save, atomically with the state the labels went into.
 */
export class LabelBatchHandler {
  readonly #deps: BatchHandlerDeps;

  constructor(deps: BatchHandlerDeps) {
    this.#deps = deps;
  }

  async handle(batch: Pick<Batch, 'topic' | 'partition' | 'messages'>, state: PartitionState, checkGeneration: () => void): Promise<HandledBatch> {
    const { pipeline, decoder, joins, deadLetters: writer, retry, metrics } = this.#deps;
    const { topic, partition } = batch;
    const deadLetters: KeyedDeadLetter[] = [];
    const labels: DecodedLabel[] = [];
    const messageAt = new Map<number, KafkaMessage>();
    for (const message of batch.messages) {
      if (Number(message.offset) <= state.checkpointOffset) continue;
      const deadLetter = (error: unknown) => writer.write(topic, partition, message, state.checkpointOffset, error, deadLetters);
      let label = decodeMessage(message, retry, deadLetter, () => decoder.labelNow(message.key, message.value), () => decoder.label(message.key, message.value));
      if (label instanceof Promise) {
        label = await label;
        checkGeneration();
      }
      if (!label) continue;
      messageAt.set(Number(message.offset), message);
      labels.push({ label, position: Number(message.offset) });
    }
    const result = await pipeline.labels(labels, serveJoinRecords(joins, partition, retry, checkGeneration));
    checkGeneration();
    for (const _ of result.unmonitored) metrics.eventUnmonitored(topic);
    for (const { input, error } of result.rejected) writer.rejected(topic, partition, messageAt.get(input.position)!, state.checkpointOffset, error, deadLetters);
    for (const { label, outcome } of result.outcomes) {
      const model = label.label.model_id;
      if (outcome === 'joined') metrics.labelJoined(model);
      else if (outcome === 'orphan') metrics.labelOrphaned(model);
      else if (outcome === 'late') metrics.labelLate(model);
      else if (outcome === 'unsampled') metrics.labelUnsampled(model);
    }
    return { output: result.output, deadLetters, joinWrites: [], joinDeletes: result.joinDeletes };
  }
}
