import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../test/support/random.ts';
import { NumericReference } from '../reference/numericReference.ts';
import { ksTest, psi, wasserstein } from '../stats/index.ts';
import { ReferenceMismatchError } from './errors.ts';
import { ksStatistic, ksWindowTest, psiOfWindow, wassersteinOfWindow } from './numericStatistics.ts';
import { NumericWindowState } from './numericWindowState.ts';

function sample(seed: number, n: number, draw: (r: ReturnType<typeof seededRandom>) => number): number[] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => draw(r));
}

function windowOf(reference: NumericReference, values: Iterable<number | null | undefined>): NumericWindowState {
  const w = new NumericWindowState(reference);
  for (const v of values) w.update(v);
  return w;
}

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

const scenarios: Array<{ name: string; reference: number[]; current: number[] }> = [
  { name: 'continuous, small shift', reference: sample(1, 3000, (r) => r.normal()), current: sample(2, 700, (r) => r.normal(0.2, 1.1)) },
  { name: 'continuous, same distribution', reference: sample(3, 5000, (r) => r.normal(10, 3)), current: sample(4, 1000, (r) => r.normal(10, 3)) },
  {
    name: 'ties: integers, window values on and off the reference values and outside its range',
    reference: sample(5, 4000, (r) => Math.floor(r.uniform() * 10) * 2),
    current: sample(6, 900, (r) => Math.floor(r.uniform() * 26) - 3),
  },
  {
    name: 'heavy ties: few values, window equal to reference values only',
    reference: sample(7, 2000, (r) => r.pick([0, 1, 2.5, 7], [5, 3, 1, 1])),
    current: sample(8, 400, (r) => r.pick([0, 1, 2.5, 7], [2, 3, 3, 2])),
  },
  { name: 'large offsets (epoch ms)', reference: sample(9, 2000, (r) => 1.7e12 + Math.floor(r.normal(0, 1e6))), current: sample(10, 500, (r) => 1.7e12 + Math.floor(r.normal(3e5, 1e6))) },
];

describe('NumericWindowState against batch statistics on the raw values', () => {
  for (const s of scenarios) {
    it(`KS D and p-value exactly as ksTest: ${s.name}`, () => {
      const ref = NumericReference.fromValues(s.reference, { maxCutPoints: 1e6 });
      const w = windowOf(ref, s.current);
      const batch = ksTest(s.reference, s.current);
      close(ksStatistic(ref, w), batch.statistic);
      close(ksWindowTest(ref, w).pValue, batch.pValue, 1e-9);
    });

    it(`PSI exactly as psi(): ${s.name}`, () => {
      const ref = NumericReference.fromValues(s.reference, { maxCutPoints: 1e6 });
      const w = windowOf(ref, s.current);
      close(psiOfWindow(ref, w), psi(s.reference, s.current, { bins: 10 }).value);
    });

    it(`Wasserstein-1 within its stated bound of wasserstein(): ${s.name}`, () => {
      const ref = NumericReference.fromValues(s.reference, { maxCutPoints: 1e6 });
      const w = windowOf(ref, s.current);
      const { value, errorBound } = wassersteinOfWindow(ref, w);
      const exact = wasserstein(s.reference, s.current);
      assert.ok(Math.abs(value - exact) <= errorBound + 1e-9 * Math.max(1, exact), `${value} ± ${errorBound} vs ${exact}`);
    });
  }

  it('Wasserstein-1 is exact when F_window − F_reference keeps its sign (window stochastically larger)', () => {
    const reference = sample(11, 3000, (r) => r.normal());
    const current = reference.map((v) => v + 0.5 + Math.abs(v) * 0.01);
    const ref = NumericReference.fromValues(reference, { maxCutPoints: 1e6 });
    const { value, errorBound } = wassersteinOfWindow(ref, windowOf(ref, current));
    assert.equal(errorBound, 0);
    close(value, wasserstein(reference, current), 1e-9);
  });

  it('Wasserstein-1 error bound is small for a continuous reference', () => {
    const s = scenarios[0];
    const ref = NumericReference.fromValues(s.reference, { maxCutPoints: 1e6 });
    const { value, errorBound } = wassersteinOfWindow(ref, windowOf(ref, s.current));
    assert.ok(errorBound < 0.02 * value, `bound ${errorBound} for W ${value}`);
  });

  it('discrete data: Wasserstein-1 exact (window values sit on cuts)', () => {
    const s = scenarios[3];
    const ref = NumericReference.fromValues(s.reference);
    const { value, errorBound } = wassersteinOfWindow(ref, windowOf(ref, s.current));
    assert.equal(errorBound, 0);
    close(value, wasserstein(s.reference, s.current), 1e-9);
  });

  it('compressed reference: KS within 1/(maxCutPoints − 2) of the full reference, PSI unchanged, W1 within bound', () => {
    const reference = sample(12, 20_000, (r) => r.normal());
    const current = sample(13, 1000, (r) => r.normal(0.1, 1));
    const ref = NumericReference.fromValues(reference, { maxCutPoints: 200 });
    assert.equal(ref.compressed, true);
    const w = windowOf(ref, current);
    assert.ok(Math.abs(ksStatistic(ref, w) - ksTest(reference, current).statistic) <= 1 / 198);
    close(psiOfWindow(ref, w), psi(reference, current, { bins: 10 }).value);
    const { value, errorBound } = wassersteinOfWindow(ref, w);
    assert.ok(Math.abs(value - wasserstein(reference, current)) <= errorBound + 1e-9);
  });

  it('with the default maxCutPoints a 10,000-value continuous reference is compressed and KS stays within 0.001', () => {
    const reference = sample(14, 10_000, (r) => r.normal());
    const current = sample(15, 1000, (r) => r.normal(0.05, 1));
    const ref = NumericReference.fromValues(reference);
    const w = windowOf(ref, current);
    assert.ok(Math.abs(ksStatistic(ref, w) - ksTest(reference, current).statistic) <= 1 / 998);
  });
});

describe('NumericWindowState', () => {
  const reference = sample(20, 2000, (r) => Math.round(r.normal(5, 2) * 10) / 10);
  const ref = NumericReference.fromValues(reference);
  const current = sample(21, 1500, (r) => Math.round(r.normal(5.5, 2) * 100) / 100);

  it('counts missing, NaN and ±Infinity apart and never buckets them', () => {
    const w = windowOf(ref, [1, null, undefined, NaN, Infinity, -Infinity, Infinity, 2]);
    assert.equal(w.count, 2);
    assert.equal(w.missing, 2);
    assert.equal(w.nan, 1);
    assert.equal(w.positiveInfinity, 2);
    assert.equal(w.negativeInfinity, 1);
    assert.equal(w.total, 8);
    assert.equal(w.counts.reduce((a, b) => a + b, 0), 2);
  });

  it('keeps min, max, sum, variance and sum of squares', () => {
    const w = windowOf(ref, current);
    const sum = current.reduce((a, b) => a + b, 0);
    const mean = sum / current.length;
    assert.equal(w.min, Math.min(...current));
    assert.equal(w.max, Math.max(...current));
    close(w.sum, sum, 1e-12);
    close(w.variance, current.reduce((a, b) => a + (b - mean) ** 2, 0) / current.length, 1e-10);
    close(w.sumOfSquares, current.reduce((a, b) => a + b * b, 0), 1e-12);
  });

  it('merging two partial windows equals one window over both', () => {
    const whole = windowOf(ref, current);
    const merged = windowOf(ref, current.slice(0, 600)).merge(windowOf(ref, [...current.slice(600), null, NaN]));
    assert.deepEqual(merged.counts, whole.counts);
    assert.equal(merged.count, whole.count);
    assert.equal(merged.missing, 1);
    assert.equal(merged.nan, 1);
    assert.equal(merged.min, whole.min);
    assert.equal(merged.max, whole.max);
    close(merged.mean, whole.mean, 1e-12);
    close(merged.variance, whole.variance, 1e-12);
    for (let i = 0; i < whole.offsets.length; i++) close(merged.offsets[i], whole.offsets[i], 1e-9);
    assert.equal(ksStatistic(ref, merged), ksStatistic(ref, whole));
  });

  it('round-trips through bytes, sparse, and checks the reference', () => {
    const w = windowOf(ref, [...current, null, NaN, Infinity]);
    const bytes = w.toBytes();
    const copy = NumericWindowState.fromBytes(bytes, ref);
    assert.deepEqual(copy.counts, w.counts);
    assert.deepEqual(copy.offsets, w.offsets);
    assert.deepEqual([copy.count, copy.missing, copy.nan, copy.positiveInfinity, copy.min, copy.max, copy.shiftedSum, copy.shiftedSumOfSquares],
      [w.count, w.missing, w.nan, w.positiveInfinity, w.min, w.max, w.shiftedSum, w.shiftedSumOfSquares]);
    assert.ok(bytes.length < w.memoryBytes);
    const other = NumericReference.fromValues([1, 2, 3]);
    assert.throws(() => NumericWindowState.fromBytes(bytes, other), ReferenceMismatchError);
    assert.throws(() => w.merge(new NumericWindowState(other)), ReferenceMismatchError);
    const empty = NumericWindowState.fromBytes(new NumericWindowState(ref).toBytes(), ref);
    assert.equal(empty.count, 0);
    assert.equal(empty.min, Infinity);
  });

  it('small (sparse) and large (dense) partial windows merge and clear alike', () => {
    const big = NumericReference.fromValues(sample(30, 5000, (r) => r.normal()), { maxCutPoints: 1e6 });
    const values = sample(31, 3000, (r) => r.normal(0.3, 1));
    const whole = windowOf(big, values);
    const merged = new NumericWindowState(big);
    for (let start = 0; start < values.length; start += 20) merged.merge(windowOf(big, values.slice(start, start + 20)));
    assert.deepEqual(merged.counts, whole.counts);
    merged.merge(windowOf(big, values));
    merged.merge(windowOf(big, values.slice(0, 5)));
    merged.clear();
    assert.equal(merged.counts.reduce((a, b) => a + b, 0), 0);
    assert.equal(merged.offsets.reduce((a, b) => a + Math.abs(b), 0), 0);
    merged.merge(windowOf(big, values.slice(0, 7)));
    merged.clear();
    assert.deepEqual(merged.counts, new NumericWindowState(big).counts);
    assert.deepEqual(merged.offsets, new NumericWindowState(big).offsets);
    const copy = NumericWindowState.fromBytes(windowOf(big, values.slice(0, 9)).toBytes(), big);
    copy.clear();
    assert.deepEqual(copy.counts, new NumericWindowState(big).counts);
  });

  it('clear() empties the state', () => {
    const w = windowOf(ref, current);
    w.clear();
    assert.equal(w.count, 0);
    assert.equal(w.counts.reduce((a, b) => a + b, 0), 0);
    assert.deepEqual(w.toBytes(), new NumericWindowState(ref).toBytes());
  });
});
