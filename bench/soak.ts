/**
 * Memory over a soak: `events` generated PredictionEvents (13 features: 10 numeric, 3 categorical, plus score and
 * label) fed through one MonitorEngine in-process (count windows of 1,000 over the first 5,000 events as
 * reference), RSS sampled every `sampleEvery` events after a warm-up of the same length. The goal is RSS flat
 * within ±5% from the first sample to the last. A GC is requested before each sample when node runs with
 * --expose-gc (as `npm run bench` does not), so without it the samples include garbage not yet collected.
 *
 * Alone: `node [--expose-gc] bench/soak.ts [--events N]`.
 */
import { fileURLToPath } from 'node:url';
import { configSchema } from '../src/config/configSchema.ts';
import type { PredictionEvent } from '../src/contracts/events.ts';
import { MonitorEngine } from '../src/monitor/monitorEngine.ts';
import { seededRandom } from '../test/support/random.ts';

export interface SoakOptions {
  events?: number;
  sampleEvery?: number;
}

const DEFAULTS = { events: 10_000_000, sampleEvery: 1_000_000 };
const MODEL = 'soak-model';
const NUMERIC = Array.from({ length: 10 }, (_, i) => `n${i}`);
const CATEGORICAL = ['region', 'product', 'channel'];
const LEVELS = [['north', 'south', 'east', 'west'], ['card', 'loan', 'mortgage', 'overdraft', 'bnpl'], ['web', 'app', 'branch']];

export function run(options: SoakOptions = {}) {
  const o = { ...DEFAULTS, ...options };
  const features = Object.fromEntries([...NUMERIC.map((f) => [f, 'numeric']), ...CATEGORICAL.map((f) => [f, 'categorical'])]);
  const config = configSchema.parse({ monitors: [{ model: MODEL, features, window: { type: 'count', size: 1_000 } }] }).monitors[0];
  const engine = new MonitorEngine({ monitors: [config], now: () => 0 });
  const r = seededRandom(77);
  const gc = (globalThis as { gc?: () => void }).gc;
  const samples: { events: number; rssMB: number; heapUsedMB: number }[] = [];
  let windows = 0;
  let alerts = 0;
  const started = performance.now();
  for (let i = 0; i < o.events; i++) {
    const values: Record<string, number | string> = {};
    for (let f = 0; f < NUMERIC.length; f++) values[NUMERIC[f]] = r.normal(f, 1 + f / 10);
    for (let f = 0; f < CATEGORICAL.length; f++) values[CATEGORICAL[f]] = LEVELS[f][r.int(LEVELS[f].length)];
    const score = r.uniform();
    const event: PredictionEvent = {
      event_id: `e${i}`, model_id: MODEL, model_version: 'v1', timestamp: 1_767_225_600_000 + i,
      features: values, prediction: { score, label: score >= 0.5 ? 'yes' : 'no', probabilities: null }, latency_ms: 5, attributes: {},
    };
    const output = engine.ingest('predictions', event, i);
    windows += output.reports.length;
    alerts += output.alerts.length;
    // The first `sampleEvery` events are the warm-up: the sample at its end is the baseline.
    if ((i + 1) % o.sampleEvery === 0) {
      gc?.();
      const m = process.memoryUsage();
      samples.push({ events: i + 1, rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed) });
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const rss = samples.map((s) => s.rssMB);
  const first = rss[0];
  const last = rss.at(-1)!;
  return {
    events: o.events,
    seconds: round(seconds, 1),
    eventsPerSecond: Math.round(o.events / seconds),
    windowReports: windows,
    alerts,
    gcBeforeSamples: gc !== undefined,
    rssMB: { first, last, max: Math.max(...rss), changePct: round((100 * (last - first)) / first, 1) },
    heapUsedMB: { first: samples[0]?.heapUsedMB, last: samples.at(-1)?.heapUsedMB },
    goal: 'RSS from the first sample (after the warm-up) to the last within ±5%',
    samples,
  };
}

const mb = (bytes: number) => round(bytes / 1e6, 1);

function round(v: number, digits: number): number {
  return Number(v.toFixed(digits));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--events');
  process.stdout.write(`${JSON.stringify(run(i >= 0 ? { events: Number(process.argv[i + 1]) } : {}), null, 2)}\n`);
}
