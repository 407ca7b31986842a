import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConsumerLag, lagAfter } from './consumerLag.ts';
import { DriftwatchMetrics } from './metrics.ts';

function lagSamples(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('driftwatch_consumer_lag{'));
}

test('lag is the messages after the last applied offset: high watermark − last − 1, never negative', () => {
  assert.equal(lagAfter('100', '99'), 0);
  assert.equal(lagAfter('100', '49'), 50);
  assert.equal(lagAfter('0', '-1'), 0);
  assert.equal(lagAfter('9007199254740993', '9007199254740000'), 992, 'offsets past 2^53 are subtracted exactly');
  assert.equal(lagAfter('10', '12'), 0, 'a high watermark read before the batch grew is not a negative lag');
});

test('each batch sets its partition; a rebalance removes the partitions it took away', async () => {
  const metrics = new DriftwatchMetrics();
  const lag = new ConsumerLag(metrics);
  lag.afterBatch('ml.predictions', 0, '5000', '999');
  lag.afterBatch('ml.predictions', 2, '300', '299');
  lag.afterBatch('ml.labels', 1, '80', '39');
  assert.deepEqual(lagSamples(await metrics.exposition()), [
    'driftwatch_consumer_lag{topic="ml.predictions",partition="0"} 4000',
    'driftwatch_consumer_lag{topic="ml.predictions",partition="2"} 0',
    'driftwatch_consumer_lag{topic="ml.labels",partition="1"} 40',
  ]);
  lag.afterBatch('ml.predictions', 0, '5000', '4999');
  lag.assigned({ 'ml.predictions': [0, 1], 'ml.labels': [] });
  assert.deepEqual(lagSamples(await metrics.exposition()), ['driftwatch_consumer_lag{topic="ml.predictions",partition="0"} 0']);
});

test('a refresh recomputes the lag of the partitions seen from current high watermarks, and only theirs', async () => {
  const metrics = new DriftwatchMetrics();
  const lag = new ConsumerLag(metrics);
  lag.afterBatch('ml.predictions', 0, '1000', '999');
  lag.afterBatch('ml.labels', 3, '10', '9');
  const asked: string[] = [];
  await lag.refresh(async (topic) => {
    asked.push(topic);
    return topic === 'ml.predictions'
      ? [{ partition: 0, offset: '1500' }, { partition: 1, offset: '70' }]
      : [{ partition: 3, offset: '10' }];
  });
  assert.deepEqual(asked, ['ml.predictions', 'ml.labels']);
  assert.deepEqual(lagSamples(await metrics.exposition()), [
    'driftwatch_consumer_lag{topic="ml.predictions",partition="0"} 500',
    'driftwatch_consumer_lag{topic="ml.labels",partition="3"} 0',
  ]);
});
