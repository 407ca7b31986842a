import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { Adwin } from './adwin.ts';
import { PAGE_HINKLEY_RIVER_DEFAULTS, PageHinkley } from './pageHinkley.ts';

// River 0.26.1's ADWIN and PageHinkley with their defaults, per step (test/fixtures/peers/river/generate.py).
interface Case {
  name: string;
  values: number[];
  adwin: { drift: boolean; width: number; estimation: number }[];
  pageHinkley: boolean[];
}
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/peers/river/river_drift.json', import.meta.url), 'utf8')) as { versions: { river: string }; cases: Case[] };

it('the fixture is River 0.26.1 and has alarms to match', () => {
  assert.equal(fixture.versions.river, '0.26.1');
  assert.ok(fixture.cases.some((c) => c.adwin.some((s) => s.drift)), 'ADWIN alarms somewhere');
  assert.ok(fixture.cases.some((c) => c.adwin.every((s) => !s.drift)), 'and stays quiet on one series');
});

for (const { name, values, adwin, pageHinkley } of fixture.cases) {
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
