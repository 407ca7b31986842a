import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ksTwoSamplePValue } from '../stats/index.ts';
import { KS_MEMO_MAX_ENTRIES, KS_MEMO_MAX_SIZES, ksPValueMemo } from './ksPValueMemo.ts';

test('the KS p-value memo answers as the function does and stays within its bounds', () => {
  const memo = ksPValueMemo('auto');
  assert.equal(memo(0.1, 200, 300), ksTwoSamplePValue(0.1, 200, 300, 'auto'));
  assert.equal(memo(0.1, 200, 300), ksTwoSamplePValue(0.1, 200, 300, 'auto'), 'a repeated call');
  for (let n = 10; n < 10 + 2 * KS_MEMO_MAX_SIZES; n++) memo(0.5, n, 2 * n);
  assert.equal(memo.sizes, KS_MEMO_MAX_SIZES, 'sample-size tables are evicted least recently used first');
  for (let i = 0; i < 2 * KS_MEMO_MAX_ENTRIES; i++) memo(i / (4 * KS_MEMO_MAX_ENTRIES), 500, 700);
  assert.ok(memo.entries <= KS_MEMO_MAX_ENTRIES, `${memo.entries} p-values memoised`);
  assert.ok(memo.entries > 0);
  assert.equal(memo(0.25, 40, 50), ksTwoSamplePValue(0.25, 40, 50, 'auto'));
});
