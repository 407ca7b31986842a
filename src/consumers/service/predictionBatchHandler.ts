import type { Batch, KafkaMessage } from 'kafkajs';
import { EventBatchBuilder } from '../../contracts/eventBatchBuilder.ts';
import type { BatchPipeline, RowWriter } from '../../monitor/batchPipeline.ts';
import type { EventStream } from '../../monitor/monitorEngine.ts';
import type { DriftwatchMetrics } from '../../observability/metrics.ts';
import type { LabelJoinStore } from '../../state/labelJoinStore.ts';
import type { MessageDecoder } from '../messageDecoder.ts';
import { decodeMessage } from './batchDecoding.ts';
import type { HandledBatch } from './batchResult.ts';
import type { DeadLetterWriter, KeyedDeadLetter } from './deadLetterWriter.ts';
import type { PartitionState } from './partitionRestorer.ts';
import type { RetryPolicy } from './retryPolicy.ts';
import { serveJoinRecords } from './serveJoinRecords.ts';

export interface BatchHandlerDeps {
  pipeline: BatchPipeline;
  decoder: MessageDecoder;
  joins: LabelJoinStore;
  deadLetters: DeadLetterWriter;
  retry: RetryPolicy;
  metrics: DriftwatchMetrics;
}

/**
 * A batch of the predictions or features topic: decodes its messages (each that cannot be decoded is
 * dead-lettered), runs the decoded events through the pipeline and dead-letters those it refused. The
 * predictions' join records become writes of the checkpoint save.
 */
export class PredictionBatchHandler {
  readonly #deps: BatchHandlerDeps;

  constructor(deps: BatchHandlerDeps) {
    this.#deps = deps;
  }

  async handle(stream: EventStream, batch: Pick<Batch, 'topic' | 'partition' | 'messages'>, state: PartitionState, checkGeneration: () => void): Promise<HandledBatch> {
    const { pipeline, decoder, joins, deadLetters: writer, retry, metrics } = this.#deps;
    const { topic, partition } = batch;
    const deadLetters: KeyedDeadLetter[] = [];
    const builder = new EventBatchBuilder(batch.messages.length);
    const writers: RowWriter[] = [];
    const messages: KafkaMessage[] = [];
    for (const message of batch.messages) {
      const deadLetter = (error: unknown) => writer.write(topic, partition, message, state.checkpointOffset, error, deadLetters);
      const position = Number(message.offset);
      let one = decodeMessage(message, retry, deadLetter, () => decoder.eventIntoNow(builder, message.key, message.value, position), async () => {
        const decoded = await decoder.event(message.key, message.value);
        builder.add(decoded.event, position);
        return decoded;
      });
      if (one instanceof Promise) {
        one = await one;
        checkGeneration();
      }
      if (!one) continue;
      writers.push(one.writer);
      messages.push(message);
    }
    const events = builder.finish();
    const result = pipeline.eventBatch(stream, events, serveJoinRecords(joins, partition, retry, checkGeneration), state.checkpointOffset, writers);
    for (const _ of result.unmonitored) metrics.eventUnmonitored(topic);
    for (const { input, error } of result.rejected) writer.rejected(topic, partition, messages[input], state.checkpointOffset, error, deadLetters);
    for (const row of result.applied) metrics.eventProcessed(topic, events.modelIds[row]);
    // One dead letter at most per message: in offset order, as the messages came.
    deadLetters.sort((a, b) => a.letter.offset - b.letter.offset);
    return { output: result.output, deadLetters, joinWrites: result.joinWrites, joinDeletes: [] };
  }
}
