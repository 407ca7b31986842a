import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expected, loadFixture, relClose, sample } from '../../../test/fixtures/stats/fixtures.ts';
import type { SampleSpec } from '../../../test/fixtures/stats/fixtures.ts';
import { InvalidArgumentError, InvalidSampleError } from './errors.ts';
import { ksTest } from './ksTest.ts';
import { ksTwoSamplePValue } from './ksTwoSamplePValue.ts';

interface Case {
  name: string;
  reference: SampleSpec;
  current: SampleSpec;
  method?: 'exact' | 'asymp';
  statistic: number;
  pValue: number | null;
}

const fixture = loadFixture<Case>('ks_2samp.json');

describe(`ksTest matches scipy ${fixture.versions.scipy} ks_2samp`, () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const reference = sample(c.reference);
      const current = sample(c.current);
      const r = ksTest(reference, current, c.method ? { method: c.method } : {});
      assert.ok(Math.abs(r.statistic - c.statistic) <= 1e-12, `statistic ${r.statistic} vs scipy ${c.statistic}`);
      const want = expected(c.pValue);
      assert.ok(relClose(r.pValue, want, 1e-6), `p-value ${r.pValue} vs scipy ${want}`);
      // the streaming path computes D itself and asks ksTwoSamplePValue: same answer
      const p = ksTwoSamplePValue(r.statistic, reference.length, current.length, c.method ?? 'auto');
      assert.ok(relClose(p, want, 1e-6), `ksTwoSamplePValue ${p} vs scipy ${want}`);
    });
  }
});

describe('ksTest inputs', () => {
  it('accepts plain arrays and typed arrays alike, and does not mutate them', () => {
    const a = [3, 1, 2, 5, 4];
    const b = new Float32Array([2.5, 0.5, 6]);
    const r1 = ksTest(a, b);
    const r2 = ksTest(Float64Array.from(a), Array.from(b));
    assert.deepEqual(r1, r2);
    assert.deepEqual(a, [3, 1, 2, 5, 4]);
  });

  it('is symmetric in its arguments', () => {
    const a = sample({ lcg: { seed: 5, n: 300, shift: 0, scale: 1, grid: null } });
    const b = sample({ lcg: { seed: 6, n: 170, shift: 0.2, scale: 1, grid: null } });
    assert.deepEqual(ksTest(a, b), ksTest(b, a));
  });

  it('handles 100k values per side quickly (asymptotic p-value)', () => {
    const a = sample({ lcg: { seed: 7, n: 100_000, shift: 0, scale: 1, grid: null } });
    const b = sample({ lcg: { seed: 8, n: 100_000, shift: 0.01, scale: 1, grid: null } });
    const t = performance.now();
    const r = ksTest(a, b);
    const elapsed = performance.now() - t;
    assert.ok(r.statistic > 0 && r.statistic < 0.05);
    assert.ok(r.pValue >= 0 && r.pValue <= 1);
    assert.ok(elapsed < 2000, `took ${elapsed} ms`);
  });

  it('computes the exact p-value for n1 = n2 = 10000 well under a second', () => {
    const a = sample({ lcg: { seed: 9, n: 10_000, shift: 0, scale: 1, grid: null } });
    const b = sample({ lcg: { seed: 10, n: 10_000, shift: 0.05, scale: 1, grid: null } });
    const t = performance.now();
    ksTest(a, b, { method: 'exact' });
    assert.ok(performance.now() - t < 500);
  });

  const bad: [string, () => unknown, RegExp][] = [
    ['empty reference', () => ksTest([], [1]), /reference is empty/],
    ['empty current', () => ksTest([1], new Float64Array(0)), /current is empty/],
    ['NaN', () => ksTest([1, 2, NaN], [1]), /reference\[2\] is NaN/],
    ['Infinity', () => ksTest([1], [0, Infinity]), /current\[1\] is Infinity/],
    ['-Infinity', () => ksTest([-Infinity], [0]), /reference\[0\] is -Infinity/],
  ];
  for (const [name, call, message] of bad) {
    it(`rejects ${name} with InvalidSampleError`, () => {
      assert.throws(call, (e: unknown) => e instanceof InvalidSampleError && message.test(e.message));
    });
  }

  it('rejects a bad method with InvalidArgumentError', () => {
    assert.throws(() => ksTest([1], [2], { method: 'fast' as never }), InvalidArgumentError);
  });

  it('reports the argument, index and value on the error', () => {
    try {
      ksTest([0, 1], [2, NaN]);
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(e instanceof InvalidSampleError);
      assert.equal(e.name, 'InvalidSampleError');
      assert.equal(e.argument, 'current');
      assert.equal(e.index, 1);
      assert.ok(Number.isNaN(e.value));
    }
  });
});
