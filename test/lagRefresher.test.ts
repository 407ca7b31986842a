import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LagRefresher } from '../src/consumers/lagRefresher.ts';
import { createLogger } from '../src/observability/logger.ts';
import { DriftwatchMetrics } from '../src/observability/metrics.ts';
import { ServiceObserver } from '../src/observability/serviceObserver.ts';
import { connectLiveStack, createTopics, testKafka, uniqueNames, type LiveStackClients } from './support/liveStack.ts';
import { metricSample } from './support/serveRun.ts';

let clients: LiveStackClients | undefined;

before(async () => {
  clients = await connectLiveStack();
});

after(async () => {
  await clients?.close();
});

test('the lag refresh reads the live high watermarks: a partition whose consumer stalled shows its lag growing', async () => {
  const { admin, producer } = clients!;
  const topic = uniqueNames('lag').predictions;
  await createTopics(admin, [topic], 2);
  await producer.send({ topic, messages: Array.from({ length: 4 }, (_, i) => ({ partition: 0, value: `m${i}` })) });

  const metrics = new DriftwatchMetrics();
  const observer = new ServiceObserver({ metrics, models: ['m'], maxDriftSeries: 10 });
  // A batch applied offsets 0…3 of partition 0; then the consumer stalls while 6 more arrive.
  observer.batchDone(topic, 0, '4', '3', { reports: [], alerts: [] });
  assert.equal(metricSample(await metrics.exposition(), 'driftwatch_consumer_lag', { topic, partition: '0' }), 0);
  await producer.send({ topic, messages: Array.from({ length: 6 }, (_, i) => ({ partition: 0, value: `n${i}` })) });
  await producer.send({ topic, messages: [{ partition: 1, value: 'never consumed here' }] });

  const refresher = new LagRefresher(testKafka().admin(), observer, createLogger('lag-test'), 60_000);
  try {
    await refresher.tick();
  } finally {
    await refresher.stop();
  }
  const text = await metrics.exposition();
  assert.equal(metricSample(text, 'driftwatch_consumer_lag', { topic, partition: '0' }), 6);
  assert.equal(metricSample(text, 'driftwatch_consumer_lag', { topic, partition: '1' }), undefined, 'partitions this instance never consumed are not its to report');
});

test('a refresh against a Kafka nobody listens on fails quietly and leaves the last values', async () => {
  const metrics = new DriftwatchMetrics();
  const observer = new ServiceObserver({ metrics, models: ['m'], maxDriftSeries: 10 });
  observer.batchDone('t', 0, '10', '4', { reports: [], alerts: [] });
  const { Kafka, logLevel } = await import('kafkajs');
  const nowhere = new Kafka({ clientId: 'lag-test', brokers: ['127.0.0.1:1'], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 500 });
  const refresher = new LagRefresher(nowhere.admin(), observer, createLogger('lag-test'), 60_000);
  await refresher.tick();
  await refresher.stop();
  assert.equal(metricSample(await metrics.exposition(), 'driftwatch_consumer_lag', { topic: 't', partition: '0' }), 5);
});
