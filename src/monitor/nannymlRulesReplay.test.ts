/**
 * A config stating NannyML's default KS rule (D above mean + 3σ of the reference chunks, alert per chunk),
 * run by the engine over NannyML's own data set (test/fixtures/peers/nannymlRules/generate.py): every
 * window's D and threshold equal NannyML's to 1e-9, and driftwatch alerts on exactly the chunks NannyML does.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseConfig } from '../config/loadConfig.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import { appendOutput, emptyOutput } from './engineOutput.ts';
import { MonitorEngine } from './monitorEngine.ts';

interface Rows { value: number[]; upper_threshold: (number | null)[]; alert: boolean[] }
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/peers/nannymlRules/nannymlRules.json', import.meta.url), 'utf8')) as {
  chunk_size: number; reference: number[]; analysis: number[]; kolmogorov_smirnov: { analysis: Rows };
};

const YAML = `monitors:
  - model: nanny
    features:
      x: { type: numeric, methods: [ks_statistic], calibrate: { k: 3 } }
    monitorPrediction: false
    reference: { source: firstEvents, events: ${fixture.reference.length} }
    window: { type: count, size: ${fixture.chunk_size} }
    persistence: { k: 1, n: 1 }
`;

function event(i: number, x: number): PredictionEvent {
  return {
    event_id: `e${i}`, model_id: 'nanny', model_version: 'v1', timestamp: 1_700_000_000_000 + i * 1000, features: { x },
    prediction: { score: null, label: null, probabilities: null }, latency_ms: null, attributes: {},
  };
}

describe("NannyML's default KS rule stated in the config, through the engine", () => {
  const config = parseConfig(YAML, 'driftwatch.yaml').monitors[0];
  const engine = new MonitorEngine({ monitors: [config], now: () => 0 });
  const out = emptyOutput();
  [...fixture.reference, ...fixture.analysis].forEach((x, i) => appendOutput(out, engine.ingest('predictions', event(i, x), i)));
  const expected = fixture.kolmogorov_smirnov.analysis;

  test('each window: D and the calibrated threshold equal NannyML (1e-9); firing exactly where NannyML alerts', () => {
    const findings = out.reports.map((r) => r.findings.find((f) => f.detector === 'drift.ks_statistic' && f.feature === 'x')!);
    assert.equal(findings.length, expected.value.length);
    findings.forEach((f, c) => {
      assert.ok(Math.abs(f.value - expected.value[c]) <= 1e-9, `window ${c}: D ${f.value} vs ${expected.value[c]}`);
      if (f.severity !== 'critical') assert.ok(Math.abs(f.threshold - expected.upper_threshold[c]!) <= 1e-9, `window ${c}: threshold ${f.threshold} vs ${expected.upper_threshold[c]}`);
      assert.equal(f.severity === 'warning' || f.severity === 'critical', expected.alert[c], `window ${c}`);
    });
    assert.ok(!out.reports.some((r) => r.findings.some((f) => f.detector === 'drift.psi' && (f.severity === 'warning' || f.severity === 'critical'))), 'PSI is reported only');
  });

  test('the KS alert is open on exactly the alerted chunks (firing when one starts, resolved when it ends)', () => {
    const alerts = out.alerts.filter((a) => a.detector === 'drift.ks_statistic');
    let open = false;
    const openPerWindow = out.reports.map((r) => {
      for (const a of alerts) if (a.window.start === r.window.start) open = a.status === 'firing';
      return open;
    });
    assert.deepEqual(openPerWindow, expected.alert);
    assert.ok(alerts.length > 0);
  });
});
