import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { close, loadFixture, sample } from '../../../test/fixtures/stats/fixtures.ts';
import type { SampleSpec } from '../../../test/fixtures/stats/fixtures.ts';
import { InvalidArgumentError, InvalidSampleError } from './errors.ts';
import { psi } from './psi.ts';

interface Case {
  name: string;
  reference: SampleSpec;
  current: SampleSpec;
  bins: number;
  edges: number[];
  value: number;
}

const fixture = loadFixture<Case>('psi.json');

describe(`psi matches the numpy ${fixture.versions.numpy} reference of the pinned convention`, () => {
  for (const c of fixture.cases) {
    it(`${c.name} (${c.bins} bins)`, () => {
      const r = psi(sample(c.reference), sample(c.current), { bins: c.bins });
      assert.deepEqual(r.edges, c.edges);
      assert.ok(close(r.value, c.value, 1e-12), `${r.value} vs ${c.value}`);
    });
  }

  it('covers references whose quantile edges collapse', () => {
    assert.ok(fixture.cases.some((c) => c.bins === 10 && c.edges.length < 5));
  });

  it('defaults to 10 bins', () => {
    const a = sample({ lcg: { seed: 1, n: 400, shift: 0, scale: 1, grid: null } });
    const b = sample({ lcg: { seed: 2, n: 300, shift: 0.1, scale: 1, grid: null } });
    assert.deepEqual(psi(a, b), psi(a, b, { bins: 10 }));
    assert.equal(psi(a, b).edges.length, 9);
  });

  it('puts a value equal to an edge in the bin below (right-closed)', () => {
    // reference 1…11: deciles at 2, 3, …, 10; current all exactly on edges
    const r = psi([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [2, 2]);
    assert.deepEqual(r.edges, [2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const refShares = [2, 1, 1, 1, 1, 1, 1, 1, 1, 1].map((c) => c / 11);
    const curShares = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0].map((c) => c || 1e-4);
    const expected = refShares.reduce((s, rs, i) => s + (curShares[i] - rs) * Math.log(curShares[i] / rs), 0);
    assert.ok(Math.abs(r.value - expected) < 1e-12);
  });

  it('rejects NaN, infinities, empty samples and bad bins', () => {
    assert.throws(() => psi([1, NaN], [1]), (e: unknown) => e instanceof InvalidSampleError && /reference\[1\] is NaN/.test(e.message));
    assert.throws(() => psi([1, 2], [-Infinity]), (e: unknown) => e instanceof InvalidSampleError && /current\[0\] is -Infinity/.test(e.message));
    assert.throws(() => psi([], [1]), /reference is empty/);
    assert.throws(() => psi([1], []), /current is empty/);
    assert.throws(() => psi([1], [1], { bins: 0 }), InvalidArgumentError);
  });
});
