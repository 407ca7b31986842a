import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PartitionProgress } from './partitionProgress.ts';

test('the commit offset is the lowest offset some receiver still owes', () => {
  const p = new PartitionProgress();
  assert.equal(p.commitOffset(), undefined);
  p.add(10, 2);
  p.add(11, 0);
  p.add(12, 1);
  assert.equal(p.commitOffset(), 10);
  p.finish(12);
  assert.equal(p.commitOffset(), 10, 'a later offset done does not move the commit');
  p.finish(10);
  assert.equal(p.commitOffset(), 10, 'one of two receivers still owes 10');
  p.finish(10);
  assert.equal(p.commitOffset(), 13);
  p.add(11, 1);
  assert.equal(p.commitOffset(), 13, 'an offset seen again (a refetch) is ignored');
  p.add(14, 0);
  assert.equal(p.commitOffset(), 15);
});

test('long runs stay compact and correct', () => {
  const p = new PartitionProgress();
  for (let o = 0; o < 5000; o++) p.add(o, 1);
  for (let o = 0; o < 4999; o++) p.finish(o);
  assert.equal(p.commitOffset(), 4999);
  p.finish(4999);
  assert.equal(p.commitOffset(), 5000);
});
