import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { predictionStream } from '../../test/support/predictionStream.ts';
import { seededRandom } from '../../test/support/random.ts';
import { configSchema } from '../config/configSchema.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import { appendOutput, emptyOutput } from './engineOutput.ts';
import { MonitorEngine } from './monitorEngine.ts';

// River 0.26.1's ADWIN with its defaults on a per-window latency series (test/fixtures/peers/river/generate.py).
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/peers/river/river_drift.json', import.meta.url), 'utf8')) as {
  cases: { name: string; values: number[]; adwin: { drift: boolean }[] }[];
};

const MODEL = 'adwin-model';
const WINDOW = 20;
const REFERENCE = 200;

test("trend.adwin on the latency_mean series alerts on the windows River's ADWIN flags for the same per-window values", () => {
  const { values, adwin } = fixture.cases.find((c) => c.name === 'step')!;
  const flagged = adwin.flatMap((s, i) => (s.drift ? [i] : []));
  assert.ok(flagged.length > 0);
  const config = configSchema.parse({
    monitors: [{
      model: MODEL,
      reference: { source: 'firstEvents', events: REFERENCE },
      window: { type: 'count', size: WINDOW },
      trend: { pageHinkley: false, cusum: false, adwin: true, series: [{ name: 'latency_mean', direction: 'both' }] },
      anomaly: { enabled: false },
      persistence: { k: 1, n: 1 },
    }],
  }).monitors[0];
  const rng = seededRandom(5);
  const stream: PredictionEvent[] = predictionStream(rng, { modelId: MODEL, count: REFERENCE });
  values.forEach((latency, w) => {
    // Every event of window w has latency `latency`, so the window's latency_mean is River's value w.
    for (const event of predictionStream(rng, { modelId: MODEL, count: WINDOW, from: REFERENCE + w * WINDOW })) stream.push({ ...event, latency_ms: latency });
  });
  const engine = new MonitorEngine({ monitors: [config], now: () => 0 });
  const out = emptyOutput();
  stream.forEach((event, i) => appendOutput(out, engine.ingest('predictions', event, i)));
  const firing = out.alerts.filter((a) => a.detector === 'trend.adwin' && a.status === 'firing');
  assert.deepEqual(out.reports[0].window, { start: 0, end: WINDOW, count: WINDOW }, "count windows number the events after the reference");
  const windowIndex = (end: number) => end / WINDOW - 1;
  assert.deepEqual(firing.map((a) => windowIndex(a.window.end)), flagged, `alerts on windows ${firing.map((a) => a.window.end).join(', ')}`);
  for (const a of firing) assert.equal(a.metric, 'latency_mean_adwin_shift');
});
