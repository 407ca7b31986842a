import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stateKeys } from './stateKeys.ts';

/** The hash tag Redis Cluster hashes: the part between the first '{' and the next '}', if not empty. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

test('without hash tags the keys are the ones driftwatch always wrote', () => {
  const keys = stateKeys('driftwatch:group:');
  assert.deepEqual(keys.partition('ml.predictions', 2), {
    epoch: 'driftwatch:group:partition:ml.predictions:2:epoch',
    checkpoint: 'driftwatch:group:partition:ml.predictions:2:checkpoint',
    entries: 'driftwatch:group:partition:ml.predictions:2:entries',
  });
  assert.equal(keys.join('credit risk', 'e:1', undefined), 'driftwatch:group:join:credit%20risk:e%3A1');
  assert.equal(keys.join('m', 'e', 5), 'driftwatch:group:join:m:e', 'the partition does not enter the key');
  assert.equal(stateKeys('p:', { joinPrefix: 'other:' }).join('m', 'e', undefined), 'other:m:e');
});

test('with hash tags every key a save of partition N touches hashes to the same tag, whatever the topic', () => {
  const keys = stateKeys('driftwatch:group:', { hashTags: true });
  const predictions = keys.partition('ml.predictions', 3);
  const labels = keys.partition('ml.labels', 3);
  const tags = new Set([...Object.values(predictions), ...Object.values(labels), keys.join('m', 'e-1', 3), keys.join('n', 'e-2', 3)].map(hashTag));
  assert.deepEqual([...tags], ['driftwatch:group:3']);
  assert.equal(predictions.epoch, '{driftwatch:group:3}:partition:ml.predictions:3:epoch');
  assert.equal(keys.join('m', 'e-1', 3), '{driftwatch:group:3}:join:m:e-1');
  assert.notEqual(hashTag(keys.partition('ml.predictions', 4).epoch), hashTag(predictions.epoch), 'partitions spread over slots');
});

test('braces in the prefix cannot end the hash tag early', () => {
  const keys = stateKeys('dw:{team}:', { hashTags: true });
  assert.equal(hashTag(keys.partition('t', 1).entries), 'dw:%7Bteam%7D:1');
  assert.equal(hashTag(keys.join('m', 'e', 1)), 'dw:%7Bteam%7D:1');
});

test('with hash tags a join key needs its partition; partitions are non-negative integers', () => {
  const keys = stateKeys('p:', { hashTags: true });
  assert.throws(() => keys.join('m', 'e', undefined), /needs the Kafka partition/);
  assert.throws(() => keys.partition('t', -1), /non-negative integer/);
  assert.throws(() => keys.join('m', 'e', 1.5), /non-negative integer/);
});
