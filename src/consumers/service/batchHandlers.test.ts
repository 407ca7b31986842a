import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { Redis } from 'ioredis';
import type { KafkaMessage } from 'kafkajs';
import { pino } from 'pino';
import { predictionStream } from '../../../test/support/predictionStream.ts';
import { seededRandom } from '../../../test/support/random.ts';
import { configSchema } from '../../config/configSchema.ts';
import { BatchPipeline } from '../../monitor/batchPipeline.ts';
import { MonitorEngine } from '../../monitor/monitorEngine.ts';
import { DriftwatchMetrics } from '../../observability/metrics.ts';
import { createRegistryClient } from '../../registry/registryClient.ts';
import { LabelJoinStore } from '../../state/labelJoinStore.ts';
import { MessageDecoder } from '../messageDecoder.ts';
import { RegistryDecoder } from '../registryDecoder.ts';
import { DeadLetterWriter } from './deadLetterWriter.ts';
import { LabelBatchHandler } from './labelBatchHandler.ts';
import type { PartitionState } from './partitionRestorer.ts';
import { PredictionBatchHandler } from './predictionBatchHandler.ts';
import { RetryPolicy } from './retryPolicy.ts';

/** JSON payloads (no registry look-up), join records in the shared stack's standalone Redis under a prefix of their own. */
const redis = new Redis({ port: Number(process.env.DRIFTWATCH_REDIS_PORT ?? 16379), host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
after(() => redis.disconnect());

const parsed = configSchema.parse({ monitors: [{ model: 'm', window: { type: 'count', size: 50 }, reference: { source: 'firstEvents', events: 50 }, performance: { task: 'classification', windowSize: 10 } }] });
const events = predictionStream(seededRandom(9), { modelId: 'm', count: 6 });
const message = (offset: number, value: string, key = 'm'): KafkaMessage => ({ offset: String(offset), key: Buffer.from(key), value: Buffer.from(value), timestamp: '0', attributes: 0, headers: {} }) as KafkaMessage;
const noGenerationChange = () => undefined;

test('prediction and label batches: dead letters in offset order, join records written past the checkpoint, joined labels\' records to delete', async () => {
  await redis.connect();
  const logger = pino({ level: 'silent' });
  const metrics = new DriftwatchMetrics();
  const engine = new MonitorEngine({ monitors: parsed.monitors, now: () => 0 });
  const retry = new RetryPolicy({ metrics, logger, isStopping: () => false, onWaitingEnd: () => undefined });
  const joins = new LabelJoinStore(redis, { ttlMs: 60_000, prefix: `test:handlers:${randomUUID()}:join:` });
  const deps = {
    pipeline: new BatchPipeline(engine),
    decoder: new MessageDecoder(new RegistryDecoder(createRegistryClient({ url: 'http://127.0.0.1:1' }), { maxAvroItems: 1000 }), new Map(), parsed.limits),
    joins, deadLetters: new DeadLetterWriter({ limits: parsed.limits, metrics, logger, liveMonitors: () => engine.liveMonitors }), retry, metrics,
  };
  const state: PartitionState = { epoch: 1, checkpointOffset: 10, entries: new Set(), resumeAt: undefined };

  const predictions = await new PredictionBatchHandler(deps).handle('predictions', {
    topic: 'p', partition: 0, messages: [
      message(10, JSON.stringify(events[0])), // at the checkpoint: applied again for catching up, no join record
      message(11, JSON.stringify(events[1])),
      message(12, '{"not json'),
      message(13, JSON.stringify({ ...events[2], model_id: 'unwatched' }), 'unwatched'),
      message(14, JSON.stringify({ ...events[3], timestamp: 'soon' })),
      message(15, JSON.stringify(events[4])),
    ],
  }, state, noGenerationChange);
  assert.deepEqual(predictions.deadLetters.map((d) => [d.letter.offset, d.letter.error_kind]), [[12, 'decode'], [14, 'validation']]);
  assert.equal(predictions.joinWrites.length, 2, 'events 11 and 15');
  for (const w of predictions.joinWrites) await redis.set(w.key, w.value, 'PX', w.ttlMs); // as the checkpoint save does

  const labels = await new LabelBatchHandler(deps).handle({
    topic: 'l', partition: 0, messages: [
      message(9, JSON.stringify({ event_id: events[1].event_id, model_id: 'm', timestamp: events[1].timestamp + 1, label: 'default' })), // in the checkpoint: skipped
      message(11, JSON.stringify({ event_id: events[1].event_id, model_id: 'm', timestamp: events[1].timestamp + 1, label: 'default' })),
      message(12, JSON.stringify({ event_id: events[0].event_id, model_id: 'm', timestamp: events[0].timestamp + 1, label: 'repay' })),
      message(13, '[]'),
      message(14, JSON.stringify({ event_id: events[4].event_id, model_id: 'm', timestamp: events[4].timestamp + 1, label: 'repay' })),
    ],
  }, state, noGenerationChange);
  assert.deepEqual(labels.deadLetters.map((d) => d.letter.offset), [13]);
  assert.deepEqual(labels.joinDeletes.sort(), [joins.keyFor('m', events[1].event_id), joins.keyFor('m', events[4].event_id)].sort());
  const text = await metrics.registry.metrics();
  assert.match(text, /driftwatch_labels_total\{[^}]*outcome="joined"[^}]*\} 2/);
  assert.match(text, /driftwatch_labels_total\{[^}]*outcome="orphan"[^}]*\} 1/);
});
