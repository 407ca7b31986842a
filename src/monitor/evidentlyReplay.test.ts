/**
 * Evidently's column drift rules stated in a config and run by the engine over the Evidently fixture
 * (test/fixtures/peers/evidently/generate.py): KS p < 0.05 (scipy's `auto` p-value, no Benjamini–Hochberg:
 * fdr 1), normed Wasserstein ≥ 0.1, categorical PSI ≥ 0.1 and categorical JS ≥ Evidently's 0.1 (0.1/√ln 2 in
 * driftwatch's base-2 units), gate off. Each window's statistic equals Evidently's to 1e-9, its threshold too,
 * and each alert is open on exactly the windows Evidently flags.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseConfig } from '../config/loadConfig.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import { appendOutput, emptyOutput } from './engineOutput.ts';
import { MonitorEngine } from './monitorEngine.ts';

interface Drift { threshold: number; score: number[]; drifted: boolean[] }
type Columns = { x: number[]; y: number[]; c: string[] };
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/peers/evidently/evidently.json', import.meta.url), 'utf8')) as {
  window_size: number; reference: Columns; windows: Columns[];
  drift: { x: Record<string, Drift>; y: Record<string, Drift>; c: Record<string, Drift> };
};

const SQRT_LN2 = Math.sqrt(Math.LN2);
const JS_WARNING = 0.1 / SQRT_LN2;

const YAML = `monitors:
  - model: evidently
    features:
      x: { type: numeric, methods: [ks, wasserstein_norm], thresholds: { ks: { warning: 0.05 } } }
      y: { type: numeric, methods: [ks, wasserstein_norm], thresholds: { ks: { warning: 0.05 } } }
      c: { type: categorical, methods: [jensen_shannon, psi_categorical], thresholds: { jensen_shannon: { warning: ${JS_WARNING}, critical: ${2 * JS_WARNING} } } }
    monitorPrediction: false
    reference: { source: firstEvents, events: ${fixture.reference.x.length} }
    window: { type: count, size: ${fixture.window_size} }
    drift: { significanceLevel: null, ksMethod: auto, fdr: 1 }
    persistence: { k: 1, n: 1 }
`;

/** driftwatch detector per Evidently stattest, and how Evidently's score reads from the finding's value. */
const RULES = [
  { column: 'x', method: 'ks', detector: 'drift.ks', evidently: (v: number) => v },
  { column: 'x', method: 'wasserstein', detector: 'drift.wasserstein_norm', evidently: (v: number) => v },
  { column: 'y', method: 'ks', detector: 'drift.ks', evidently: (v: number) => v },
  { column: 'y', method: 'wasserstein', detector: 'drift.wasserstein_norm', evidently: (v: number) => v },
  { column: 'c', method: 'psi', detector: 'drift.psi_categorical', evidently: (v: number) => v },
  { column: 'c', method: 'jensenshannon', detector: 'drift.jensen_shannon', evidently: (v: number) => v * SQRT_LN2 },
] as const;

function rows(columns: Columns): { x: number; y: number; c: string }[] {
  return columns.x.map((x, i) => ({ x, y: columns.y[i], c: columns.c[i] }));
}

function event(i: number, features: { x: number; y: number; c: string }): PredictionEvent {
  return {
    event_id: `e${i}`, model_id: 'evidently', model_version: 'v1', timestamp: 1_700_000_000_000 + i * 1000, features,
    prediction: { score: null, label: null, probabilities: null }, latency_ms: null, attributes: {},
  };
}

describe("Evidently's column drift rules stated in the config, through the engine", () => {
  const config = parseConfig(YAML, 'driftwatch.yaml').monitors[0];
  const engine = new MonitorEngine({ monitors: [config], now: () => 0 });
  const out = emptyOutput();
  [...rows(fixture.reference), ...fixture.windows.flatMap(rows)].forEach((features, i) => appendOutput(out, engine.ingest('predictions', event(i, features), i)));

  for (const rule of RULES) {
    const expected = fixture.drift[rule.column][rule.method];
    const warning = rule.method === 'jensenshannon' ? expected.threshold / SQRT_LN2 : expected.threshold;

    test(`${rule.column} ${rule.method} (${rule.detector}): statistic and threshold per window as Evidently's (1e-9), firing where Evidently drifts`, () => {
      assert.equal(out.reports.length, fixture.windows.length);
      const findings = out.reports.map((r) => r.findings.find((f) => f.detector === rule.detector && f.feature === rule.column)!);
      findings.forEach((f, i) => {
        assert.ok(Math.abs(rule.evidently(f.value) - expected.score[i]) <= 1e-9, `window ${i}: ${rule.evidently(f.value)} vs Evidently's ${expected.score[i]}`);
        if (f.severity !== 'critical') assert.ok(Math.abs(f.threshold - warning) <= 1e-9, `window ${i}: threshold ${f.threshold} vs ${warning}`);
      });
      assert.deepEqual(findings.map((f) => f.severity === 'warning' || f.severity === 'critical'), expected.drifted);
    });

    test(`${rule.column} ${rule.method}: the alert is open on exactly the windows Evidently flags`, () => {
      const alerts = out.alerts.filter((a) => a.detector === rule.detector && a.feature === rule.column);
      let open = false;
      const openPerWindow = out.reports.map((r) => {
        for (const a of alerts) if (a.window.start === r.window.start) open = a.status === 'firing';
        return open;
      });
      assert.deepEqual(openPerWindow, expected.drifted);
      assert.ok(expected.drifted.some(Boolean) && !expected.drifted.every(Boolean), 'the fixture has drifted and quiet windows');
    });
  }
});
