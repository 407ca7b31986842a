/**
 * State size of one numeric window (bytes) against references of growing cardinality: in memory
 * (NumericWindowState.memoryBytes) and saved (toBytes), with the rank entries that keep KS exact when
 * the reference is compressed (more distinct values than maxCutPoints, default 1,000). Also the
 * reference profile's size, held once per model version.
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
  return { unit: 'bytes', rows };
}
