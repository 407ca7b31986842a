import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { close, loadFixture, sample } from '../../../test/fixtures/stats/fixtures.ts';
import type { SampleSpec } from '../../../test/fixtures/stats/fixtures.ts';
import { InvalidSampleError } from './errors.ts';
import { wasserstein } from './wasserstein.ts';

const fixture = loadFixture<{ name: string; reference: SampleSpec; current: SampleSpec; distance: number }>('wasserstein.json');

describe(`wasserstein matches scipy ${fixture.versions.scipy} wasserstein_distance`, () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const a = sample(c.reference);
      const b = sample(c.current);
      const got = wasserstein(a, b);
      assert.ok(close(got, c.distance, 1e-12), `${got} vs scipy ${c.distance}`);
      assert.ok(close(wasserstein(b, a), c.distance, 1e-12), 'symmetric');
    });
  }

  it('rejects empty samples, NaN and infinities', () => {
    assert.throws(() => wasserstein([], [1]), /reference is empty/);
    assert.throws(() => wasserstein([1], [2, NaN]), (e: unknown) => e instanceof InvalidSampleError && /current\[1\] is NaN/.test(e.message));
    assert.throws(() => wasserstein([Infinity], [2]), InvalidSampleError);
  });
});
