import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resumeOffset } from './partitionRestorer.ts';

test('resume after the checkpoint, or earlier where an unfinished reference began; nothing saved: from the start', () => {
  assert.equal(resumeOffset(-1, [], () => undefined), undefined);
  assert.equal(resumeOffset(41, ['a', 'b'], () => undefined), 42);
  assert.equal(resumeOffset(41, ['a', 'b'], (k) => (k === 'b' ? 7 : undefined)), 7);
  assert.equal(resumeOffset(-1, ['a'], () => 3), 3);
  assert.equal(resumeOffset(5, ['a'], () => 9), 6, 'a later reference start does not skip ahead');
});
