import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { predictionStream } from '../../test/support/predictionStream.ts';
import { seededRandom } from '../../test/support/random.ts';
import { configSchema } from '../config/configSchema.ts';
import type { ReportFinding } from '../contracts/reports.ts';
import { NumericReference, type NumericReferenceOptions } from '../detectors/reference/numericReference.ts';
import { ksTwoSampleProbability } from '../detectors/stats/ksTwoSampleProbability.ts';
import { ksStatistic, psiOfWindow } from '../detectors/window/numericStatistics.ts';
import { NumericWindowState } from '../detectors/window/numericWindowState.ts';
import { MonitorEngine } from './monitorEngine.ts';

const MODEL = 'drift-params';
const REFERENCE = 1000;
const WINDOW = 200;
const stream = [
  ...predictionStream(seededRandom(3), { modelId: MODEL, count: REFERENCE }),
  ...predictionStream(seededRandom(4), { modelId: MODEL, count: 2 * WINDOW, from: REFERENCE, incomeShift: 0.4 }),
];
const values = (feature: string, from: number, to: number) => stream.slice(from, to).map((e) => e.features[feature] as number);

/** A feature's findings of the two windows after the reference, under `drift` settings and `features` (default: income alone). */
function featureFindings(drift: Record<string, unknown>, detector: string, feature = 'income', features: Record<string, unknown> = { income: 'numeric' }): ReportFinding[] {
  const monitor = configSchema.parse({ monitors: [{ model: MODEL, features, monitorPrediction: false, reference: { source: 'firstEvents', events: REFERENCE }, window: { type: 'count', size: WINDOW }, drift: { minCount: 100, ...drift } }] }).monitors[0];
  const engine = new MonitorEngine({ monitors: [monitor], now: () => 0 });
  const findings = stream.flatMap((e, i) => engine.ingest('predictions', e, i).reports.flatMap((r) => r.findings));
  const found = findings.filter((f) => f.feature === feature && f.detector === detector);
  assert.equal(found.length, 2);
  return found;
}

const incomeFindings = (drift: Record<string, unknown>, detector: string) => featureFindings(drift, detector);

/** A feature's reference and each window's state, built here from the raw values with these reference options. */
function independent(options: NumericReferenceOptions | number, feature = 'income'): { reference: NumericReference; windows: NumericWindowState[] } {
  const reference = NumericReference.fromValues(values(feature, 0, REFERENCE), typeof options === 'number' ? { bins: options } : options);
  const windows = [0, 1].map((k) => {
    const w = new NumericWindowState(reference);
    for (const x of values(feature, REFERENCE + k * WINDOW, REFERENCE + (k + 1) * WINDOW)) w.update(x);
    return w;
  });
  return { reference, windows };
}

describe('drift parameters from the config reach the detectors', () => {
  it('psiBins cuts the reference into that many PSI bins', () => {
    for (const [drift, bins] of [[{}, 10], [{ psiBins: 4 }, 4]] as const) {
      const { reference, windows } = independent(bins);
      assert.deepEqual(incomeFindings(drift, 'drift.psi').map((f) => f.value), windows.map((w) => psiOfWindow(reference, w)), `${bins} bins`);
    }
    assert.notDeepEqual(incomeFindings({ psiBins: 4 }, 'drift.psi').map((f) => f.value), incomeFindings({}, 'drift.psi').map((f) => f.value));
  });

  it("ksMethod chooses scipy's p-value method for KS", () => {
    const { reference, windows } = independent(10);
    const expected = (method: 'asymp' | 'exact') => windows.map((w) => ksTwoSampleProbability(ksStatistic(reference, w), REFERENCE, WINDOW, method).pValue);
    assert.deepEqual(incomeFindings({}, 'drift.ks').map((f) => f.p_value), expected('asymp'));
    assert.deepEqual(incomeFindings({ ksMethod: 'exact' }, 'drift.ks').map((f) => f.p_value), expected('exact'));
    assert.notDeepEqual(expected('exact'), expected('asymp'));
  });

  it('significanceLevel sets the gate, and null turns it off', () => {
    const open = incomeFindings({ significanceLevel: null }, 'drift.psi');
    assert.ok(open.every((f) => f.severity === 'warning' || f.severity === 'critical'), `the shift breaches PSI: ${open.map((f) => f.value)}`);
    assert.ok(incomeFindings({ significanceLevel: 1e-300 }, 'drift.psi').every((f) => f.severity === 'none'), 'a level no p-value reaches silences every crossing');
  });

  it("a feature's own bins cut its reference, and the other features keep drift.psiBins", () => {
    const features = { income: { type: 'numeric', bins: 4 }, age: 'numeric' };
    const psi = (feature: string, bins: number) => {
      const { reference, windows } = independent(bins, feature);
      assert.equal(reference.psiCounts.length, bins, `${feature}: ${bins} bins`);
      return windows.map((w) => psiOfWindow(reference, w));
    };
    assert.deepEqual(featureFindings({ psiBins: 7 }, 'drift.psi', 'income', features).map((f) => f.value), psi('income', 4));
    assert.deepEqual(featureFindings({ psiBins: 7 }, 'drift.psi', 'age', features).map((f) => f.value), psi('age', 7));
    assert.deepEqual(featureFindings({}, 'drift.psi', 'age', features).map((f) => f.value), psi('age', 10));
    assert.notDeepEqual(psi('income', 4), psi('income', 7));
    const js = featureFindings({}, 'drift.jensen_shannon_numeric', 'income', { income: { type: 'numeric', bins: 4, methods: ['jensen_shannon_numeric'] } });
    assert.equal(js[0].details?.bins, 4, 'numeric JS counts over the same bins');
  });

  it('maxCutPoints compresses the reference; exactKs: false takes KS D from its cuts, true keeps D exact', () => {
    const exact = independent({ maxCutPoints: 1e6 });
    assert.equal(exact.reference.compressed, false);
    const exactD = exact.windows.map((w) => ksStatistic(exact.reference, w));
    const cuts = independent({ maxCutPoints: 100, exactKs: false });
    assert.equal(cuts.reference.compressed, true);
    const cutD = cuts.windows.map((w) => ksStatistic(cuts.reference, w));
    assert.notDeepEqual(cutD, exactD);
    const d = (drift: Record<string, unknown>) => featureFindings(drift, 'drift.ks').map((f) => f.details?.statistic);
    assert.deepEqual(d({ maxCutPoints: 100, exactKs: false }), cutD);
    for (const [got, want] of d({ maxCutPoints: 100 }).map((v, i) => [v as number, exactD[i]])) assert.ok(Math.abs(got - want) < 1e-12, `${got} vs exact ${want}`);
    assert.deepEqual(featureFindings({ maxCutPoints: 100, exactKs: false }, 'drift.psi').map((f) => f.value), exact.windows.map((w) => psiOfWindow(exact.reference, w)), 'compression leaves PSI as it is');
  });
});
