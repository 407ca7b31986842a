import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupsForNextMessage, RateLimit } from './rateLimit.ts';

test('at most perMinute messages in any 60 s; the wait is until the oldest leaves the minute', () => {
  const limit = new RateLimit(2);
  assert.equal(limit.available(0), 2);
  limit.sent(0);
  limit.sent(10_000);
  assert.equal(limit.available(20_000), 0);
  assert.equal(limit.waitMs(20_000), 40_000);
  assert.equal(limit.available(60_000), 1, 'the first send left the window');
  assert.equal(limit.waitMs(60_000), 0);
});

test('0 means no limit', () => {
  const limit = new RateLimit(0);
  for (let i = 0; i < 1000; i++) limit.sent(i);
  assert.equal(limit.available(1000), Number.POSITIVE_INFINITY);
  assert.equal(limit.waitMs(1000), 0);
});

test('groups beyond what the receiver may still send go out together when it digests, else one at a time', () => {
  assert.deepEqual(groupsForNextMessage(['a', 'b', 'c'], 5, true), ['a'], 'within the limit: one message per group');
  assert.deepEqual(groupsForNextMessage(['a', 'b', 'c'], 2, true), ['a', 'b', 'c'], 'over the limit: one digest');
  assert.deepEqual(groupsForNextMessage(['a', 'b', 'c'], 0, false), ['a'], 'no digests: the oldest waits its turn');
  assert.deepEqual(groupsForNextMessage([], 0, true), []);
});
