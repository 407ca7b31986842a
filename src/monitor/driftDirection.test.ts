/** `direction` on a numeric feature: only a move that way alerts; the other way is reported as info. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { predictionStream } from '../../test/support/predictionStream.ts';
import { seededRandom } from '../../test/support/random.ts';
import { configSchema } from '../config/configSchema.ts';
import type { Finding } from '../detectors/finding.ts';
import { holdIfOtherWay } from './driftDirection.ts';
import { appendOutput, emptyOutput, type EngineOutput } from './engineOutput.ts';
import { MonitorEngine } from './monitorEngine.ts';

const MODEL = 'direction';
const REFERENCE = 2000;
const WINDOW = 500;

/** Reference events, then two windows with income shifted by `shift` of its log-σ. */
function stream(shift: number) {
  return [
    ...predictionStream(seededRandom(11), { modelId: MODEL, count: REFERENCE }),
    ...predictionStream(seededRandom(12), { modelId: MODEL, count: 2 * WINDOW, from: REFERENCE, incomeShift: shift }),
  ];
}

function run(direction: string | undefined, shift: number): EngineOutput {
  const income = direction === undefined ? { type: 'numeric' } : { type: 'numeric', direction };
  const monitor = configSchema.parse({ monitors: [{
    model: MODEL, features: { income, age: 'numeric' }, monitorPrediction: false, persistence: { k: 1, n: 1 },
    reference: { source: 'firstEvents', events: REFERENCE }, window: { type: 'count', size: WINDOW },
  }] }).monitors[0];
  const engine = new MonitorEngine({ monitors: [monitor], now: () => 0 });
  const out = emptyOutput();
  stream(shift).forEach((e, i) => appendOutput(out, engine.ingest('predictions', e, i)));
  assert.equal(out.reports.length, 2);
  return out;
}

const psi = (out: EngineOutput) => out.reports.map((r) => r.findings.find((f) => f.feature === 'income' && f.detector === 'drift.psi')!);
const psiAlerts = (out: EngineOutput) => out.alerts.filter((a) => a.feature === 'income' && a.detector === 'drift.psi' && a.status === 'firing');
const fires = (severity: string) => severity === 'warning' || severity === 'critical';
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('direction: a numeric feature alerts only when its window mean moved that way', () => {
  for (const [shift, moved, other] of [[0.8, 'increase', 'decrease'], [-0.8, 'decrease', 'increase']] as const) {
    it(`income shifted by ${shift}σ: fires with direction ${moved} and both, is info with ${other}`, () => {
      const both = psi(run(undefined, shift));
      assert.ok(both.every((f) => fires(f.severity)), `the shift breaches PSI either way: ${both.map((f) => `${f.value} ${f.severity}`)}`);
      const same = run(moved, shift);
      assert.deepEqual(psi(same).map((f) => [f.value, f.severity]), both.map((f) => [f.value, f.severity]), 'the way it moved: as without a direction');
      assert.equal(psiAlerts(same).length, 1);

      const opposite = run(other, shift);
      const held = psi(opposite);
      assert.deepEqual(held.map((f) => f.value), both.map((f) => f.value), 'the statistic is the same');
      assert.deepEqual(held.map((f) => f.severity), ['info', 'info']);
      assert.deepEqual(psiAlerts(opposite), [], 'no alert the other way');
      assert.ok(opposite.reports.every((r) => fires(r.findings.find((f) => f.feature === 'age' && f.detector === 'drift.psi')!.severity) === false), 'age has no direction and did not move');

      const events = stream(shift);
      const incomes = (from: number, to: number) => events.slice(from, to).map((e) => e.features.income as number);
      held.forEach((f, k) => {
        assert.ok(Math.abs(f.details!.reference_mean - mean(incomes(0, REFERENCE))) < 1e-9 * mean(incomes(0, REFERENCE)));
        const windowMean = mean(incomes(REFERENCE + k * WINDOW, REFERENCE + (k + 1) * WINDOW));
        assert.ok(Math.abs(f.details!.window_mean - windowMean) < 1e-9 * windowMean, `${f.details!.window_mean} vs ${windowMean}`);
      });
    });
  }

  it('a window whose mean equals the reference mean moved neither way: a crossing is held for increase and decrease alike', () => {
    const finding: Finding = { detector: 'drift.psi', feature: 'x', metric: 'psi', value: 0.3, threshold: 0.25, severity: 'critical', window: { start: 0, end: 1, count: 500 }, summary: 'PSI 0.3.' };
    for (const direction of ['increase', 'decrease'] as const) {
      const held = holdIfOtherWay(finding, direction, 2, 2);
      assert.equal(held.severity, 'info');
      assert.match(held.summary, /window mean 2\.000 equals the reference mean 2\.000/);
    }
    assert.equal(holdIfOtherWay(finding, 'decrease', 2.5, 2).summary, 'PSI 0.3. Reported only: it moved the other way (window mean 2.500 is above the reference mean 2.000), and this feature alerts on a decrease only.');
    assert.equal(holdIfOtherWay(finding, 'increase', 1.5, 2).summary, 'PSI 0.3. Reported only: it moved the other way (window mean 1.500 is below the reference mean 2.000), and this feature alerts on an increase only.');
    assert.deepEqual(holdIfOtherWay(finding, 'increase', 2.5, 2), { ...finding, details: { direction: 'increase', window_mean: 2.5, reference_mean: 2 } }, 'the way asked for: unchanged but for the means');
    assert.equal(holdIfOtherWay({ ...finding, severity: 'none' }, 'increase', 1, 2).severity, 'none', 'only firing findings change');
  });
});
