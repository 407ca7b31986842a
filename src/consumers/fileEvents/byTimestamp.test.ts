import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byTimestamp } from './byTimestamp.ts';

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

test('interleaves two time-ordered sources by time, the first on ties; either may be absent', async () => {
  const merged = [];
  for await (const m of byTimestamp(from([1, 3, 5]), (t) => t, from([2, 3, 9]), (t) => t)) merged.push(`${m.from}${m.value}`);
  assert.deepEqual(merged, ['a1', 'b2', 'a3', 'b3', 'a5', 'b9']);
  const onlyB = [];
  for await (const m of byTimestamp<number, number>(undefined, (t) => t, from([4, 2]), (t) => t)) onlyB.push(m.value);
  assert.deepEqual(onlyB, [4, 2], 'one source is passed through in its order');
});
