/** The README's detector parameter table and series table are the config's defaults and the engine's series. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PAGE_HINKLEY_PRESETS } from '../config/detectorParamsSchema.ts';
import { parseConfig } from '../config/loadConfig.ts';
import { driftTests } from '../detectors/drift/registry.ts';
import type { Finding } from '../detectors/finding.ts';
import { WindowAggregates } from './windowAggregates.ts';
import { WINDOW_SERIES, windowSeriesValues } from './windowSeries.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const start = readme.indexOf('\n### Detector parameters and the series they watch\n');
const section = readme.slice(start, readme.indexOf('\n### ', start + 10));

const rows = new Map([...section.matchAll(/^\| `((?:trend|anomaly)\.[A-Za-z.]+)` \| (.+?) \| .+ \|$/gm)].map(([, key, value]) => [key, value]));
const monitor = parseConfig('monitors:\n  - model: m\n    window: { type: count, size: 100 }\n', 'c.yaml').monitors[0];
/** trend.adwin and trend.kswin are off by default: their rows state the parameters `true` gives. */
const withAdwin = parseConfig('monitors:\n  - model: m\n    window: { type: count, size: 100 }\n    trend: { adwin: true, kswin: true }\n', 'c.yaml').monitors[0];

/** Every numeric parameter of the parsed defaults, by its dotted key. */
function numericLeaves(prefix: string, value: object): [string, number][] {
  return Object.entries(value).flatMap(([k, v]): [string, number][] =>
    typeof v === 'number' ? [[`${prefix}.${k}`, v]] : v && typeof v === 'object' && !Array.isArray(v) ? numericLeaves(`${prefix}.${k}`, v) : []);
}

describe("the README's detector parameters and series", () => {
  it('one row per parameter of trend and anomaly, stating its default', () => {
    assert.equal(monitor.trend.adwin, false);
    assert.equal(monitor.trend.kswin, false);
    const leaves = [...numericLeaves('trend', withAdwin.trend), ...numericLeaves('anomaly', monitor.anomaly)];
    assert.deepEqual([...rows.keys()].filter((k) => !k.endsWith('.direction')).sort(), leaves.map(([k]) => k).sort());
    for (const [key, value] of leaves) assert.equal(Number(/^[0-9.]+/.exec(rows.get(key)!)?.[0]), value, key);
  });

  it("the river column is River's PageHinkley defaults", () => {
    for (const key of ['minInstances', 'delta', 'threshold', 'alpha'] as const) {
      assert.equal(Number(/\(`river`: ([0-9.]+)\)/.exec(rows.get(`trend.pageHinkley.${key}`)!)?.[1]), PAGE_HINKLEY_PRESETS.river[key], key);
    }
    assert.match(rows.get('trend.pageHinkley.direction')!, new RegExp(`\\(\`river\`: ${PAGE_HINKLEY_PRESETS.river.direction}\\)`));
  });

  it('the series table names exactly the series a window gives, and the drift tests\' metrics', () => {
    const named = [...section.matchAll(/^\| `([a-z_:<>]+)` \| /gm)].map(([, name]) => name);
    assert.deepEqual(named, [...WINDOW_SERIES, 'drift:<feature>:<metric>']);
    const aggregates = new WindowAggregates();
    aggregates.update({ event_id: 'e', model_id: 'm', model_version: 'v', timestamp: 0, features: {}, prediction: { score: 0.7, label: null, probabilities: null }, latency_ms: 3, attributes: {} }, '1', 0.5);
    const drift = { feature: 'income', metric: 'psi', value: 0.2, details: { window_count: 500 } } as unknown as Finding;
    assert.deepEqual(Object.keys(windowSeriesValues(aggregates.values(), 0.9, [drift], 200, 1.2)).sort(), [...WINDOW_SERIES, 'drift:income:psi'].sort());
    const metrics = /`drift:<feature>:<metric>` \| [^|]*?: (.+?) \(e\.g\./.exec(section)?.[1] ?? '';
    assert.deepEqual(metrics.split(', ').map((m) => m.replaceAll('`', '')).sort(), driftTests.list().map((t) => t.metric).sort());
  });
});
