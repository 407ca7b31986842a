import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFixture, sample } from '../../../test/fixtures/stats/fixtures.ts';
import type { SampleSpec } from '../../../test/fixtures/stats/fixtures.ts';
import { InvalidArgumentError, InvalidSampleError } from './errors.ts';
import { quantileEdges } from './quantileEdges.ts';

const fixture = loadFixture<{ name: string; reference: SampleSpec; bins: number; edges: number[] }>('psi.json');

describe(`quantileEdges matches numpy ${fixture.versions.numpy} unique(quantile(reference, k/bins))`, () => {
  for (const c of fixture.cases) {
    it(`${c.name} (${c.bins} bins)`, () => {
      const sorted = sample(c.reference).sort();
      const edges = quantileEdges(sorted, c.bins);
      assert.equal(edges.length, c.edges.length);
      // bin membership depends on exact edge values, so they must agree bit for bit
      assert.deepEqual(edges, c.edges);
    });
  }

  it('collapses tied quantiles (values from numpy)', () => {
    assert.deepEqual(quantileEdges([1, 1, 1, 1, 1, 1, 1, 1, 2, 3], 10), [1, 1.2000000000000002, 2.0999999999999996]);
    assert.deepEqual(quantileEdges([...Array(20).fill(1), 2, 3], 10), [1]);
  });

  it('rejects unsorted input, bad bins, NaN and empty input', () => {
    assert.throws(() => quantileEdges([2, 1], 4), (e: unknown) => e instanceof InvalidSampleError && /sortedReference\[1\]/.test(e.message));
    assert.throws(() => quantileEdges([1, 2], 0), InvalidArgumentError);
    assert.throws(() => quantileEdges([1, 2], 2.5), InvalidArgumentError);
    assert.throws(() => quantileEdges([1, NaN], 2), InvalidSampleError);
    assert.throws(() => quantileEdges([], 2), InvalidSampleError);
  });
});
