import assert from 'node:assert/strict';
import { it } from 'node:test';
import { rocAuc } from './rocAuc.ts';

it('counts ties between a positive and a negative as one half', () => {
  assert.equal(rocAuc([0.5, 0.5], [1, 0]), 0.5);
  assert.equal(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
  assert.ok(Number.isNaN(rocAuc([0.1, 0.2], [1, 1])));
});
