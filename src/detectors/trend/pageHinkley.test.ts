import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { TrendDirection } from '../common/series.ts';
import { PAGE_HINKLEY_RIVER_DEFAULTS, PageHinkley, type PageHinkleyOptions } from './pageHinkley.ts';

interface Case {
  name: string;
  params: { min_instances?: number; delta?: number; threshold?: number; alpha?: number; mode?: 'up' | 'down' | 'both' };
  stream: number[];
  steps: { drift: boolean; sumIncrease: number; sumDecrease: number; mean: number }[];
}
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/detectors/page_hinkley.json', import.meta.url), 'utf8')) as {
  versions: Record<string, string>;
  cases: Case[];
};
const MODES: Record<string, TrendDirection> = { up: 'rise', down: 'decline', both: 'both' };

function optionsFor(params: Case['params']): PageHinkleyOptions {
  return {
    ...PAGE_HINKLEY_RIVER_DEFAULTS,
    ...(params.min_instances === undefined ? {} : { minInstances: params.min_instances }),
    ...(params.delta === undefined ? {} : { delta: params.delta }),
    ...(params.threshold === undefined ? {} : { threshold: params.threshold }),
    ...(params.alpha === undefined ? {} : { alpha: params.alpha }),
    ...(params.mode === undefined ? {} : { direction: MODES[params.mode] }),
  };
}

describe('PageHinkley', () => {
  for (const c of fixture.cases) {
    it(`matches river ${fixture.versions.river} step by step on "${c.name}"`, () => {
      let ph = new PageHinkley(optionsFor(c.params));
      c.stream.forEach((x, i) => {
        if (i % 97 === 0) ph = PageHinkley.fromBytes(ph.toBytes());
        ph.update(x);
        const step = c.steps[i];
        assert.equal(ph.alarm, step.drift, `drift flag at ${i}`);
        assert.ok(Math.abs(ph.runningMean - step.mean) <= 1e-12, `mean at ${i}`);
        // testIncrease/testDecrease are built from these sums, so matching them pins the statistic.
        const snapshot = ph as unknown as { sumIncrease: number; sumDecrease: number };
        assert.ok(Math.abs(snapshot.sumIncrease - step.sumIncrease) <= 1e-9 * Math.max(1, Math.abs(step.sumIncrease)), `sumIncrease at ${i}`);
        assert.ok(Math.abs(snapshot.sumDecrease - step.sumDecrease) <= 1e-9 * Math.max(1, Math.abs(step.sumDecrease)), `sumDecrease at ${i}`);
      });
    });
  }

  it('defaults to the per-window preset and reports a sustained decline', () => {
    const ph = new PageHinkley({ series: 'accuracy' });
    assert.equal(ph.threshold, 0.05);
    for (let i = 0; i < 20; i++) ph.update(0.85);
    for (let i = 0; i < 20 && !ph.alarm; i++) ph.update(0.8);
    assert.ok(ph.alarm);
    const [f] = ph.evaluate({ start: 0, end: 1, count: 2000 });
    assert.equal(f.severity, 'warning');
    assert.equal(f.metric, 'accuracy_page_hinkley');
    assert.match(f.summary, /accuracy shows a sustained decline/);
    ph.update(0.8);
    assert.equal(ph.count, 1, 'starts afresh after a signal, as River does');
  });
});
