import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retiredEntriesOf, type PartitionEntries } from './retiredEntries.ts';

test('a retired entry is deleted by the partition that saved it; one saved elsewhere waits for that partition’s save', () => {
  const saving: PartitionEntries = { entries: new Set(['a', 'b']) };
  const other: PartitionEntries = { entries: new Set(['c']) };
  assert.deepEqual(retiredEntriesOf(saving, [saving, other], ['a', 'c', 'never-saved']), ['a']);
  assert.deepEqual([...other.retired!], ['c']);
  assert.deepEqual(retiredEntriesOf(other, [saving, other], []), ['c'], 'the other partition deletes it with its next save');
});
