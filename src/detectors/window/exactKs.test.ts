import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFixture, relClose, sample, type SampleSpec } from '../../../test/fixtures/stats/fixtures.ts';
import { NumericReference } from '../reference/numericReference.ts';
import { StateDecodeError } from '../common/stateCodec.ts';
import { ksStatistic, ksWindowTest } from './numericStatistics.ts';
import { NumericWindowState } from './numericWindowState.ts';

interface Case {
  name: string;
  reference: SampleSpec;
  current: SampleSpec;
  referenceDistinct: number;
  method: 'auto' | 'exact' | 'asymp';
  statistic: number;
  pValue: number;
}

const fixture = loadFixture<Case>('ks_2samp_large_reference.json');
const references = new Map<string, { values: Float64Array; reference: NumericReference }>();
function referenceOf(spec: SampleSpec) {
  const key = JSON.stringify(spec);
  let r = references.get(key);
  if (!r) {
    const values = sample(spec);
    r = { values, reference: NumericReference.fromValues(values) };
    references.set(key, r);
  }
  return r;
}

/** Header: 'DW', kind length (one byte here), kind, version. */
const formatVersion = (bytes: Uint8Array, kind: string) => bytes[3 + kind.length];

function windowOf(reference: NumericReference, values: ArrayLike<number>, from = 0, to = values.length): NumericWindowState {
  const w = new NumericWindowState(reference);
  for (let i = from; i < to; i++) w.update(values[i]);
  return w;
}

describe(`KS against a compressed reference (default maxCutPoints) equals scipy ${fixture.versions.scipy} ks_2samp on the raw samples`, () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const { reference } = referenceOf(c.reference);
      assert.equal(reference.distinctCount, c.referenceDistinct);
      assert.equal(reference.compressed, true);
      assert.ok(reference.cuts.length <= 1000 + reference.psiEdges.length);
      const current = sample(c.current);
      const w = windowOf(reference, current);
      const { statistic, pValue } = ksWindowTest(reference, w, c.method);
      assert.ok(Math.abs(statistic - c.statistic) <= 1e-12, `D ${statistic} vs scipy ${c.statistic}`);
      assert.ok(Math.abs(pValue - c.pValue) <= 1e-9 && relClose(pValue, c.pValue, 1e-6), `p ${pValue} vs scipy ${c.pValue}`);
    });
  }

  it('the fixture holds a reference with more than 100,000 distinct values and ties', () => {
    const big = fixture.cases.find((c) => c.referenceDistinct > 100_000 && c.name.includes('ties'))!;
    const { values, reference } = referenceOf(big.reference);
    assert.ok(reference.distinctCount > 100_000 && reference.distinctCount < values.length);
  });

  it('the same D from panes merged, and after reference and window go through bytes', () => {
    const c = fixture.cases[0];
    const { reference } = referenceOf(c.reference);
    const current = sample(c.current);
    const merged = windowOf(reference, current, 0, 300).merge(windowOf(reference, current, 300, 700)).merge(windowOf(reference, current, 700));
    assert.equal(ksStatistic(reference, merged), ksStatistic(reference, windowOf(reference, current)));
    const restoredReference = NumericReference.fromBytes(reference.toBytes());
    assert.equal(restoredReference.fingerprint, reference.fingerprint);
    const restored = NumericWindowState.fromBytes(merged.toBytes(), restoredReference);
    assert.ok(Math.abs(ksStatistic(restoredReference, restored) - c.statistic) <= 1e-12);
    assert.deepEqual(restored.toBytes(), merged.toBytes());
  });

  it('window rank counts hold at most min(window values, 2·distinct + 1) entries, and clear empties them', () => {
    const c = fixture.cases[0];
    const { reference } = referenceOf(c.reference);
    const w = windowOf(reference, sample(c.current));
    assert.ok(w.rankCounts!.size <= Math.min(w.count, 2 * reference.distinctCount + 1));
    const repeated = windowOf(reference, new Float64Array(5000).fill(0.5));
    assert.equal(repeated.rankCounts!.size, 1);
    repeated.clear();
    assert.equal(repeated.rankCounts!.size, 0);
  });

  it('an uncompressed reference keeps no ranks and writes the earlier formats (saved states keep their bytes)', () => {
    const reference = NumericReference.fromValues([1, 2, 2, 3, 5, 8]);
    assert.equal(reference.ranks, null);
    assert.equal(formatVersion(reference.toBytes(), 'reference.numeric'), 1);
    const w = windowOf(reference, [2, 4]);
    assert.equal(w.rankCounts, null);
    assert.equal(formatVersion(w.toBytes(), 'window.numeric'), 1);
  });

  it('window bytes with rank counts are refused against a reference without ranks, with a typed error', () => {
    const c = fixture.cases[0];
    const { reference } = referenceOf(c.reference);
    const bytes = windowOf(reference, sample(c.current)).toBytes();
    const plain = NumericReference.fromValues([1, 2, 3]);
    assert.throws(() => NumericWindowState.fromBytes(bytes, plain));
    assert.throws(() => NumericReference.fromBytes(reference.toBytes().subarray(0, 200)), StateDecodeError);
  });
});

describe('exactKs: false', () => {
  it('keeps no ranks: KS from the cuts, within 1/(maxCutPoints − 2) of scipy', () => {
    const c = fixture.cases[0];
    const values = sample(c.reference);
    const reference = NumericReference.fromValues(values, { exactKs: false });
    assert.equal(reference.ranks, null);
    const w = windowOf(reference, sample(c.current));
    assert.equal(w.rankCounts, null);
    assert.ok(Math.abs(ksStatistic(reference, w) - c.statistic) <= 1 / 998);
  });

  it('the D error it costs, measured on every fixture case (references of 8k to 200k values, up to 131,012 distinct)', () => {
    const errors = (maxCutPoints: number) => fixture.cases.map((c) => {
      const reference = NumericReference.fromValues(sample(c.reference), { exactKs: false, maxCutPoints });
      return Math.abs(ksStatistic(reference, windowOf(reference, sample(c.current))) - c.statistic);
    });
    const at1000 = errors(1000);
    const at100 = errors(100);
    assert.ok(at1000.every((e) => e <= 1 / 998) && at100.every((e) => e <= 1 / 98), 'within 1 / (maxCutPoints − 2)');
    // The figures the README states: the largest error at the default maxCutPoints (the 200k-value reference with ties) and at 100.
    assert.ok(Math.abs(Math.max(...at1000) - 0.00082) < 5e-6, `largest at 1000: ${Math.max(...at1000)}`);
    assert.ok(Math.abs(Math.max(...at100) - 0.0091) < 5e-5, `largest at 100: ${Math.max(...at100)}`);
  });
});

