import assert from 'node:assert/strict';
import { test } from 'node:test';
import { durationMs } from './duration.ts';

test('durations in ms or with a unit', () => {
  assert.equal(durationMs(250), 250);
  assert.equal(durationMs('500ms'), 500);
  assert.equal(durationMs('30s'), 30_000);
  assert.equal(durationMs('10m'), 600_000);
  assert.equal(durationMs('1.5h'), 5_400_000);
  assert.equal(durationMs('7d'), 604_800_000);
  assert.equal(durationMs('7 weeks'), undefined);
  assert.equal(durationMs(-1), undefined);
});
