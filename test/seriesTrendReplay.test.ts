import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import type { AlertRecord, PredictionEvent } from '../src/contracts/events.ts';
import { runCli } from './support/cliProcess.ts';
import { readJsonl, writeJsonl } from './support/eventFiles.ts';
import { predictionStream } from './support/predictionStream.ts';
import { seededRandom } from './support/random.ts';

/**
 * `driftwatch replay` (a real process) of a model with no labels at all: trend.series puts the slope,
 * Page–Hinkley and CUSUM on a drift statistic's per-window series, and income drifting a little more each
 * window gets a trend alert on its PSI series, with the same alert ids on every run.
 */

const MODEL = 'no-labels';
const WINDOW = 500;
const rng = seededRandom(77);
const events: PredictionEvent[] = predictionStream(rng, { modelId: MODEL, count: 1000 });
for (let w = 0; w < 12; w++) {
  // Flat for 4 windows, then 0.05σ more each window: PSI creeps up, well before it crosses 0.1.
  events.push(...predictionStream(rng, { modelId: MODEL, count: WINDOW, from: events.length, incomeShift: Math.max(0, w - 3) * 0.05 }));
}

const monitor = {
  model: MODEL,
  features: { income: 'numeric', age: 'numeric' },
  reference: { source: 'firstEvents', events: 1000 },
  window: { type: 'count', size: WINDOW },
  // PSI is not on an accuracy scale: the slope allowance and the Page–Hinkley threshold are set in PSI units.
  trend: { slope: { lookback: 4, maxChange: 0.02 }, series: [{ name: 'drift:income:psi', pageHinkley: { threshold: 0.1, delta: 0.002 } }] },
  persistence: { k: 1, n: 1 },
};

test('replay without labels: a trend alert on the drift:income:psi series, deterministic', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-series-'));
  const configFile = join(dir, 'driftwatch.yaml');
  const eventsFile = join(dir, 'events.jsonl');
  writeFileSync(configFile, stringify({ monitors: [monitor] }));
  writeJsonl(eventsFile, events);
  const alertsOf = async (name: string, config = configFile) => {
    const out = join(dir, name);
    const result = await runCli(['replay', '--config', config, '--events', eventsFile, '--out', out]);
    assert.equal(result.code, 0, `replay exited with ${result.code}; stderr:\n${result.stderr}`);
    return readJsonl<{ type: string }>(out).filter((l) => l.type === 'alert') as unknown as AlertRecord[];
  };
  const alerts = await alertsOf('first.jsonl');
  const trend = alerts.filter((a) => a.detector.startsWith('trend.') && a.status === 'firing');
  assert.ok(trend.length > 0, `a trend alert among ${alerts.map((a) => `${a.detector}/${a.metric}`).join(', ')}`);
  for (const a of trend) {
    assert.equal(a.feature, 'income');
    assert.match(a.metric, /^psi_(slope_change|page_hinkley|cusum)$/);
    assert.match(a.summary, /^psi /);
  }
  const slope = trend.find((a) => a.detector === 'trend.slope');
  assert.ok(slope, 'the slope sees PSI rise');
  assert.ok(slope.value > 0.02 && slope.threshold === 0.02, `fitted rise ${slope.value} over the 0.02 allowed`);
  assert.ok(!alerts.some((a) => a.detector === 'drift.psi' && a.window.end <= slope.window.end), 'the trend alert comes before PSI itself alerts');
  const again = await alertsOf('second.jsonl');
  assert.deepEqual(again.map((a) => a.alert_id), alerts.map((a) => a.alert_id), 'the same alert ids on every run');
  const unwatched = join(dir, 'unwatched.yaml');
  writeFileSync(unwatched, stringify({ monitors: [{ ...monitor, trend: { series: [] } }] }));
  assert.deepEqual((await alertsOf('unwatched.jsonl', unwatched)).filter((a) => a.detector.startsWith('trend.')), [], 'no trend alert without trend.series');
});
