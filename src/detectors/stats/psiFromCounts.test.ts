import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { close, loadFixture } from '../../../test/fixtures/stats/fixtures.ts';
import { InvalidSampleError } from './errors.ts';
import { psiFromCounts } from './psiFromCounts.ts';

const fixture = loadFixture<{ name: string; referenceCounts: number[]; currentCounts: number[]; value: number }>('psi_counts.json');

describe('psiFromCounts matches the numpy reference (zero share → 1e-4, natural log)', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const got = psiFromCounts(c.referenceCounts, Float64Array.from(c.currentCounts));
      assert.ok(close(got, c.value, 1e-12), `${got} vs ${c.value}`);
    });
  }

  it('replaces a zero share by 1e-4 without renormalising', () => {
    const expected = (0.5 - 1e-4) * Math.log(0.5 / 1e-4) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + 0;
    assert.ok(Math.abs(psiFromCounts([0, 5, 5], [5, 0, 5]) - expected) < 1e-12);
  });

  it('rejects mismatched bins, negatives, NaN, empty and all-zero counts', () => {
    for (const call of [
      () => psiFromCounts([1, 2], [1, 2, 3]),
      () => psiFromCounts([1, -1], [1, 2]),
      () => psiFromCounts([1, 2], [NaN, 2]),
      () => psiFromCounts([], []),
      () => psiFromCounts([0, 0], [1, 1]),
    ]) {
      assert.throws(call, InvalidSampleError);
    }
  });
});
