import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { Adwin } from './adwin.ts';
import { Kswin } from './kswin.ts';
import { PAGE_HINKLEY_RIVER_DEFAULTS, PageHinkley } from './pageHinkley.ts';

// River 0.26.1's ADWIN, KSWIN (seed 42) and PageHinkley with their defaults, per step (test/fixtures/peers/river/generate.py).
interface Case {
  name: string;
  values: number[];
  adwin: { drift: boolean; width: number; estimation: number }[];
  kswin: { drift: boolean; pValue: number }[];
  pageHinkley: boolean[];
}
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/peers/river/river_drift.json', import.meta.url), 'utf8')) as { versions: { river: string }; cases: Case[] };

it('the fixture is River 0.26.1 and has alarms to match', () => {
  assert.equal(fixture.versions.river, '0.26.1');
  assert.ok(fixture.cases.some((c) => c.adwin.some((s) => s.drift)), 'ADWIN alarms somewhere');
  assert.ok(fixture.cases.some((c) => c.adwin.every((s) => !s.drift)), 'and stays quiet on one series');
  assert.ok(fixture.cases.some((c) => c.kswin.some((s) => s.drift)), 'KSWIN alarms somewhere');
});

for (const { name, values, adwin, kswin, pageHinkley } of fixture.cases) {
  it(`Kswin with River's defaults and seed 42 alarms at River's steps with its p-values: ${name}`, () => {
    const detector = new Kswin({ seed: 42 });
    values.forEach((x, i) => {
      detector.update(x);
      assert.equal(detector.driftDetected, kswin[i].drift, `drift at step ${i}`);
      assert.equal(detector.alarm, kswin[i].drift, `alarm (direction 'both') at step ${i}`);
      assert.ok(Math.abs(detector.pValue - kswin[i].pValue) <= 1e-9 * Math.max(1, kswin[i].pValue), `p-value at step ${i}: ${detector.pValue} vs ${kswin[i].pValue}`);
    });
  });

  it(`Adwin with River's defaults alarms at River's steps with its width and estimation: ${name}`, () => {
    const detector = new Adwin();
    values.forEach((x, i) => {
      detector.update(x);
      assert.equal(detector.driftDetected, adwin[i].drift, `drift at step ${i}`);
      assert.equal(detector.alarm, adwin[i].drift, `alarm (direction 'both') at step ${i}`);
      assert.equal(detector.width, adwin[i].width, `width at step ${i}`);
      assert.ok(Math.abs(detector.estimation - adwin[i].estimation) <= 1e-9, `estimation at step ${i}: ${detector.estimation} vs ${adwin[i].estimation}`);
    });
  });

  it(`PageHinkley with River's defaults alarms at River's steps: ${name}`, () => {
    const detector = new PageHinkley(PAGE_HINKLEY_RIVER_DEFAULTS);
    const alarms = values.map((x) => {
      detector.update(x);
      return detector.alarm;
    });
    assert.deepEqual(alarms, pageHinkley);
  });
}

it("Adwin's direction keeps River's window but alarms only on the chosen movement", () => {
  const step = fixture.cases.find((c) => c.name === 'step')!;
  const rise = new Adwin({ direction: 'rise' });
  const decline = new Adwin({ direction: 'decline' });
  step.values.forEach((x, i) => {
    rise.update(x);
    decline.update(x);
    assert.equal(rise.alarm, step.adwin[i].drift, `the step up alarms 'rise' at step ${i}`);
    assert.equal(decline.alarm, false);
    assert.equal(decline.width, step.adwin[i].width);
  });
});

it("Kswin's direction keeps River's draws but alarms only on the chosen movement", () => {
  const step = fixture.cases.find((c) => c.name === 'step')!;
  const rise = new Kswin({ direction: 'rise' });
  const decline = new Kswin({ direction: 'decline' });
  step.values.forEach((x, i) => {
    rise.update(x);
    decline.update(x);
    assert.equal(rise.alarm, step.kswin[i].drift, `the step up alarms 'rise' at step ${i}`);
    assert.equal(decline.alarm, false);
    assert.equal(decline.driftDetected, step.kswin[i].drift);
  });
  const [finding] = rise.evaluate({ start: 0, end: 1, count: 1 });
  assert.equal(finding.metric, 'metric_kswin_p_value');
});
