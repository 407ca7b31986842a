/**
 * State size of one numeric window (bytes) against references of growing cardinality: in memory
 * (NumericWindowState.memoryBytes) and saved (toBytes), with the rank entries that keep KS exact when
 * the reference is compressed (more distinct values than maxCutPoints, default 1,000). Also the
 * reference profile's size, held once per model version. And what the rank lookup costs an update:
 * ns per NumericWindowState.update with ranks (exact KS) and without (`exactKs: false`), interleaved,
 * median of 5 rounds of 200,000 updates.
 */
import { NumericReference } from '../src/detectors/reference/numericReference.ts';
import { NumericWindowState } from '../src/detectors/window/numericWindowState.ts';
import { seededRandom } from '../test/support/random.ts';

export function run(): object {
  const rows: object[] = [];
  for (const distinct of [500, 10_000, 200_000]) {
    const r = seededRandom(distinct);
    // A continuous reference of `distinct` values (all distinct), windows drawn from the same distribution.
    const reference = NumericReference.fromValues(Array.from({ length: distinct }, () => r.normal()));
    const referenceBytes = reference.toBytes().byteLength;
    for (const events of [100, 1000, 10_000]) {
      const w = new NumericWindowState(reference);
      for (let i = 0; i < events; i++) w.update(r.normal(0.1, 1));
      rows.push({
        referenceDistinct: reference.distinctCount, compressed: reference.compressed, cuts: reference.cuts.length,
        referenceBytes, referenceMemoryBytes: reference.ranks ? reference.ranks.memoryBytes : 0,
        windowEvents: events, rankEntries: w.rankCounts?.size ?? 0, windowMemoryBytes: w.memoryBytes, windowSavedBytes: w.toBytes().byteLength,
      });
    }
  }
  return { unit: 'bytes', rows, updateCost: updateCost() };
}

function updateCost(): object[] {
  const out: object[] = [];
  for (const distinct of [10_000, 200_000]) {
    const r = seededRandom(distinct + 1);
    const values = Array.from({ length: distinct }, () => r.normal());
    const exact = NumericReference.fromValues(values);
    const cuts = NumericReference.fromValues(values, { exactKs: false });
    const xs = Float64Array.from({ length: 200_000 }, () => r.normal(0.1, 1));
    const time = (reference: NumericReference): number => {
      const w = new NumericWindowState(reference);
      const started = performance.now();
      for (const x of xs) w.update(x);
      return ((performance.now() - started) * 1e6) / xs.length;
    };
    const withRanks: number[] = [];
    const without: number[] = [];
    for (let round = 0; round < 5; round++) {
      withRanks.push(time(exact));
      without.push(time(cuts));
    }
    const median = (a: number[]) => a.sort((x, y) => x - y)[2];
    out.push({ referenceDistinct: distinct, nsPerUpdateExactKs: median(withRanks), nsPerUpdateCutsOnly: median(without), ratio: median(withRanks) / median(without) });
  }
  return out;
}
