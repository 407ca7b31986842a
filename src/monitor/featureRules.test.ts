/** Several methods on one feature: with `any` each fires on its own; with `all` only windows where every one fires alert. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseConfig } from '../config/loadConfig.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import { appendOutput, emptyOutput, type EngineOutput } from './engineOutput.ts';
import { MonitorEngine } from './monitorEngine.ts';

const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/peers/nannymlRules/nannymlRules.json', import.meta.url), 'utf8')) as { reference: number[]; analysis: number[] };

function run(rule: string): EngineOutput {
  const yaml = `monitors:\n  - model: m\n    features:\n      x: ${rule}\n    monitorPrediction: false\n    reference: { source: firstEvents, events: 5000 }\n    window: { type: count, size: 500 }\n    persistence: { k: 1, n: 1 }\n`;
  const engine = new MonitorEngine({ monitors: [parseConfig(yaml, 'driftwatch.yaml').monitors[0]], now: () => 0 });
  const out = emptyOutput();
  [...fixture.reference, ...fixture.analysis].forEach((x, i) => appendOutput(out, engine.ingest('predictions', {
    event_id: `e${i}`, model_id: 'm', model_version: 'v1', timestamp: i, features: { x },
    prediction: { score: null, label: null, probabilities: null }, latency_ms: null, attributes: {},
  }, i)));
  return out;
}

const fires = (f: { severity: string } | undefined) => f?.severity === 'warning' || f?.severity === 'critical';
const firing = (out: EngineOutput, detector: string) => out.reports.map((r) => fires(r.findings.find((f) => f.detector === detector && f.feature === 'x')));

describe('combining a feature\'s methods', () => {
  const methods = '[ks_statistic, wasserstein_norm]';
  const any = run(`{ type: numeric, methods: ${methods}, thresholds: { ks_statistic: { warning: 0.06, critical: 0.3 }, wasserstein_norm: { warning: 0.2, critical: 0.4 } } }`);
  const all = run(`{ type: numeric, methods: ${methods}, combine: all, thresholds: { ks_statistic: { warning: 0.06, critical: 0.3 }, wasserstein_norm: { warning: 0.2, critical: 0.4 } } }`);

  test('any: each method fires on its own, and the two differ on some window', () => {
    const ks = firing(any, 'drift.ks_statistic');
    const w = firing(any, 'drift.wasserstein_norm');
    assert.ok(ks.some((v, i) => v !== w[i]), `ks ${ks} vs wasserstein ${w}`);
    assert.ok(ks.some((v, i) => v && w[i]), 'and agree on some');
    assert.ok(!firing(any, 'drift.psi').some(Boolean), 'PSI is not among the methods: reported only');
  });

  test('all: a method fires only on windows where both fire in the any run; the others are info', () => {
    const both = firing(any, 'drift.ks_statistic').map((v, i) => v && firing(any, 'drift.wasserstein_norm')[i]);
    assert.deepEqual(firing(all, 'drift.ks_statistic'), both);
    assert.deepEqual(firing(all, 'drift.wasserstein_norm'), both);
    const ksAny = firing(any, 'drift.ks_statistic');
    const held = all.reports.filter((_, i) => ksAny[i] && !both[i]).map((r) => r.findings.find((f) => f.detector === 'drift.ks_statistic')!.severity);
    assert.ok(held.length > 0);
    assert.deepEqual(held, held.map(() => 'info'), 'a firing method held back by `all` is reported as info');
  });
});
