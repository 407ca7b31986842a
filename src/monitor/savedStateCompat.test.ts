import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { predictionStream } from '../../test/support/predictionStream.ts';
import { seededRandom } from '../../test/support/random.ts';
import { configSchema } from '../config/configSchema.ts';
import { MonitorEngine } from './monitorEngine.ts';

// Saved by the engine at commit a3e24b5, before series detectors were restored by the kind their bytes
// name (see test/fixtures/generate_saved_state.ts).
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/state/engine-a3e24b5.json', import.meta.url), 'utf8')) as {
  monitor: Record<string, unknown>;
  entries: Record<string, string>;
};
const saved = new Map(Object.entries(fixture.entries).map(([key, base64]) => [key, Buffer.from(base64, 'base64')]));

function engineWith(monitor: Record<string, unknown>): MonitorEngine {
  return new MonitorEngine({ monitors: [configSchema.parse({ monitors: [monitor] }).monitors[0]], now: () => 0 });
}

test('state saved by the previous build restores with no warning, saves back to the same bytes and goes on as an uninterrupted run', () => {
  const engine = engineWith(fixture.monitor);
  engine.restoreAll(saved);
  assert.deepEqual(engine.takeRestoreWarnings(), []);
  assert.equal(saved.size, 3);
  for (const [key, bytes] of saved) assert.deepEqual(engine.snapshot(key), bytes, key);
  // And it goes on exactly as the run that saved it would have: the same reports as an uninterrupted engine.
  const uninterrupted = engineWith(fixture.monitor);
  predictionStream(seededRandom(5), { modelId: 'credit-risk', count: 600 }).forEach((e, i) => {
    uninterrupted.ingest('predictions', e, 2 * i);
    uninterrupted.ingestLabel({ event_id: e.event_id, model_id: 'credit-risk', timestamp: e.timestamp + 1, label: e.prediction.label! }, { modelVersion: 'v1', timestamp: e.timestamp, score: e.prediction.score, label: e.prediction.label }, 2 * i + 1);
  });
  const next = predictionStream(seededRandom(6), { modelId: 'credit-risk', count: 200, from: 600 });
  const reports = (e: MonitorEngine) => next.flatMap((event, i) => e.ingest('predictions', event, 1200 + i).reports);
  const expected = reports(uninterrupted);
  const restored = reports(engine);
  assert.equal(expected.length, 8);
  // Panes saved before windows kept their event times leave them unknown (null) in the windows they are part of;
  // everything else is what the uninterrupted run reports, and windows of panes opened after the restore carry them.
  const withoutTimes = (r: (typeof expected)[number]) => ({ ...r, first_event_time: null, last_event_time: null });
  assert.deepEqual(restored.map(withoutTimes), expected.map(withoutTimes));
  assert.equal(restored[0].first_event_time, null, 'the window open across the restore: times unknown');
  assert.deepEqual(restored.slice(1), expected.slice(1), 'windows of panes opened after it: identical, times included');
  assert.ok(expected.every((r) => typeof r.first_event_time === 'number'));
});

test('state saved by the previous build under another anomaly.method restores, with a warning per chart', () => {
  const engine = engineWith({ ...fixture.monitor, anomaly: { method: 'robust_z' } });
  engine.restoreAll(saved);
  const warnings = engine.takeRestoreWarnings();
  assert.ok(warnings.length > 0);
  assert.ok(warnings.every((w) => w.saved === 'anomaly.ewma' && w.configured === 'anomaly.robust_z'));
});
