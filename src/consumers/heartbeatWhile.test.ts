import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { test, type TestContext } from 'node:test';
import { heartbeatWhile } from './heartbeatWhile.ts';
import { retryWithBackoff } from './retryWithBackoff.ts';

/** Mocked clock and timers: `advance` moves time 10 ms at a time, letting promises settle in between. */
function mockedTime(t: TestContext) {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: 0 });
  return async (ms: number) => {
    for (let passed = 0; passed < ms; passed += 10) {
      t.mock.timers.tick(10);
      await nextTurn();
    }
  };
}

test('heart-beats throughout a retry loop, a hanging attempt and the backoff waits included, and stops when it ends', async (t) => {
  const advance = mockedTime(t);
  const beats: number[] = [];
  let attempts = 0;
  let settled: number | undefined;
  const work = heartbeatWhile(async () => void beats.push(Date.now()), 1000, () => retryWithBackoff(async () => {
    attempts++;
    // The first attempt hangs 15 s before failing, as a call to a silent dependency does until its deadline.
    await new Promise((resolve) => setTimeout(resolve, attempts === 1 ? 15_000 : 100));
    if (attempts < 3) throw new Error('down');
    return 'saved';
  }, { isRetryable: () => true, initialMs: 10_000, random: () => 1 })).then((value) => {
    settled = Date.now();
    return value;
  });
  // 15 s hanging, a wait of 10 s, a 100 ms attempt, a wait of 20 s, a 100 ms attempt: done at 45.2 s.
  await advance(50_000);
  assert.equal(await work, 'saved');
  assert.equal(attempts, 3);
  assert.equal(settled, 45_200);
  assert.deepEqual(beats, Array.from({ length: 45 }, (_, i) => (i + 1) * 1000), 'a beat every second until the work settled, none after');
});

test('a failing heartbeat is reported and the work goes on; the work\'s own error is what rejects', async (t) => {
  const advance = mockedTime(t);
  const errors: unknown[] = [];
  const work = heartbeatWhile(async () => { throw new Error('The group is rebalancing'); }, 1000, async () => {
    await new Promise((resolve) => setTimeout(resolve, 3500));
    throw new Error('final');
  }, (error) => errors.push(error));
  const rejected = assert.rejects(work, /final/);
  await advance(4000);
  await rejected;
  assert.equal(errors.length, 3);
});
