import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffMs, retryWithBackoff } from './retryWithBackoff.ts';

test('waits double from initialMs, jittered within [½, 1] of the step, never beyond maxMs', () => {
  assert.equal(backoffMs(1, 0, 200, 30_000), 100);
  assert.equal(backoffMs(1, 0.999999, 200, 30_000), 200);
  assert.equal(backoffMs(3, 0.5, 200, 30_000), 600);
  assert.equal(backoffMs(40, 0.999999, 200, 30_000), 30_000);
  assert.equal(backoffMs(40, 0, 200, 30_000), 15_000);
});

test('retries retryable failures until success, stops at a final one', async () => {
  const waits: number[] = [];
  let calls = 0;
  const value = await retryWithBackoff(async () => {
    if (++calls < 3) throw new Error('down');
    return 'ok';
  }, { initialMs: 1, maxMs: 2, isRetryable: () => true, onRetry: (_e, _n, w) => void waits.push(w), random: () => 0.5 });
  assert.equal(value, 'ok');
  assert.equal(calls, 3);
  assert.deepEqual(waits, [1, 2]);
  await assert.rejects(retryWithBackoff(async () => { throw new Error('final'); }, { isRetryable: () => false }), /final/);
});
