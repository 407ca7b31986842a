import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { predictionStream } from '../../test/support/predictionStream.ts';
import { seededRandom } from '../../test/support/random.ts';
import { configSchema } from '../config/configSchema.ts';
import type { ReportFinding } from '../contracts/reports.ts';
import { NumericReference } from '../detectors/reference/numericReference.ts';
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
const incomes = (from: number, to: number) => stream.slice(from, to).map((e) => e.features.income as number);

/** The income findings of the two windows after the reference, under `drift` settings. */
function incomeFindings(drift: Record<string, unknown>, detector: string): ReportFinding[] {
  const monitor = configSchema.parse({ monitors: [{ model: MODEL, features: { income: 'numeric' }, monitorPrediction: false, reference: { source: 'firstEvents', events: REFERENCE }, window: { type: 'count', size: WINDOW }, drift: { minCount: 100, ...drift } }] }).monitors[0];
  const engine = new MonitorEngine({ monitors: [monitor], now: () => 0 });
  const findings = stream.flatMap((e, i) => engine.ingest('predictions', e, i).reports.flatMap((r) => r.findings));
  const found = findings.filter((f) => f.feature === 'income' && f.detector === detector);
  assert.equal(found.length, 2);
  return found;
}

/** The reference and each window's state, built here from the raw values, with `bins` PSI bins. */
function independent(bins: number): { reference: NumericReference; windows: NumericWindowState[] } {
  const reference = NumericReference.fromValues(incomes(0, REFERENCE), { bins });
  const windows = [0, 1].map((k) => {
    const w = new NumericWindowState(reference);
    for (const x of incomes(REFERENCE + k * WINDOW, REFERENCE + (k + 1) * WINDOW)) w.update(x);
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
});
