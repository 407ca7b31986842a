import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { roundHalfEven } from './roundHalfEven.ts';

describe('roundHalfEven', () => {
  it('rounds ties to even like np.round', () => {
    assert.deepEqual([0.5, 1.5, 2.5, 3.5, 4.4, 4.6, 5739.13, 1e9 + 0.5].map(roundHalfEven), [0, 2, 2, 4, 4, 5, 5739, 1e9]);
  });
});
