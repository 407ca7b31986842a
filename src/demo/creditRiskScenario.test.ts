import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../config/loadConfig.ts';
import { accuracyOn, creditRiskScenario, DEMO_SCHEDULE, DEMO_START } from './creditRiskScenario.ts';
import { demoConfigYaml } from './demoConfig.ts';

const DAY = 86_400_000;
const scenario = creditRiskScenario(42);
const onDays = (from: number, to: number) => scenario.events.filter((e) => e.timestamp >= DEMO_START + from * DAY && e.timestamp < DEMO_START + to * DAY);
const share = <T>(items: readonly T[], test: (item: T) => boolean) => items.filter(test).length / items.length;

describe('creditRiskScenario', () => {
  it('is a function of its seed', () => {
    const again = creditRiskScenario(42);
    assert.deepEqual(again.events.slice(0, 50), scenario.events.slice(0, 50));
    assert.deepEqual(again.labels.at(-1), scenario.labels.at(-1));
    assert.equal(again.events.length, scenario.events.length);
    assert.notDeepEqual(creditRiskScenario(43).events[0].features, scenario.events[0].features);
  });

  it('gives about 2,000 applications a day for 56 days in time order, each with one outcome 30 to 33 days later, labels in time order', () => {
    assert.ok(Math.abs(scenario.events.length - 112_000) < 1500, `${scenario.events.length} events`);
    assert.ok(scenario.events.every((e, i) => i === 0 || e.timestamp >= scenario.events[i - 1].timestamp));
    assert.ok(scenario.labels.every((l, i) => i === 0 || l.timestamp >= scenario.labels[i - 1].timestamp));
    const byId = new Map(scenario.events.map((e) => [e.event_id, e]));
    assert.equal(scenario.labels.length, scenario.events.length);
    for (const label of scenario.labels.slice(0, 2000)) {
      const delay = label.timestamp - byId.get(label.event_id)!.timestamp;
      assert.ok(delay >= 30 * DAY && delay < 33 * DAY);
    }
  });

  it('empties the bureau features for about 80 % of the outage days only', () => {
    const { from, to, share: planned } = DEMO_SCHEDULE.bureauOutage;
    const missing = (e: (typeof scenario.events)[number]) => e.features.credit_score === null && e.features.num_open_accounts === null && e.features.delinquencies_2y === null;
    assert.ok(Math.abs(share(onDays(from, to), missing) - planned) < 0.02);
    assert.equal(share(onDays(0, from), missing), 0);
    assert.equal(share(onDays(to, 56), missing), 0);
  });

  it('shifts income and age when the partner channel opens, and renames employment_years on its day', () => {
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const income = (from: number, to: number) => median(onDays(from, to).map((e) => e.features.income as number));
    assert.ok(income(25, 35) < 0.85 * income(0, 25), 'income falls once half the applicants are the partner channel\'s');
    const age = (from: number, to: number) => median(onDays(from, to).map((e) => e.features.age as number));
    assert.ok(age(25, 35) <= age(0, 25) - 3, 'applicants are younger');
    const { from, removed, added } = DEMO_SCHEDULE.featureRename;
    assert.ok(onDays(0, from).every((e) => removed in e.features && !(added in e.features)));
    assert.ok(onDays(from, 56).every((e) => added in e.features && !(removed in e.features)));
  });

  it('makes predictions as accurate as planned: 0.85, sliding to 0.82', () => {
    const byId = new Map(scenario.labels.map((l) => [l.event_id, l]));
    const accuracy = (from: number, to: number) => share(onDays(from, to), (e) => byId.get(e.event_id)!.label === e.prediction.label);
    assert.ok(Math.abs(accuracy(0, 24) - 0.85) < 0.006, `${accuracy(0, 24)}`);
    assert.ok(Math.abs(accuracy(44, 56) - 0.82) < 0.008, `${accuracy(44, 56)}`);
    assert.equal(accuracyOn(34), 0.835);
  });

  it('comes with a config the schema accepts', () => {
    const config = parseConfig(demoConfigYaml(), 'driftwatch.yaml');
    assert.equal(config.monitors[0].reference.source, 'file');
    assert.equal(config.monitors[0].performance?.joinTtl, 45 * DAY, 'outcomes arrive within the join TTL');
  });
});
