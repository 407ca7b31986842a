/**
 * What the label-free options cost the engine: the same events through BatchPipeline.eventBatch (columns, as
 * serve and replay feed it) for a monitor as it is by default, with multivariate (PCA reconstruction) drift,
 * with performance.estimate: cbpe (and business value), and with segments (region: 4 values and other;
 * channel: 2 listed and other), each on the same reference file, interleaved A B C D per round; ns per event
 * (median of rounds) and each one's ratio to the default.
 */
import { predictionStream } from '../test/support/predictionStream.ts';
import { seededRandom } from '../test/support/random.ts';
import { configSchema } from '../src/config/configSchema.ts';
import type { EventBatch } from '../src/contracts/eventBatch.ts';
import { EventBatchBuilder } from '../src/contracts/eventBatchBuilder.ts';
import type { PredictionEvent } from '../src/contracts/events.ts';
import { BatchPipeline } from '../src/monitor/batchPipeline.ts';
import { MemoryJoinRecords } from '../src/monitor/memoryJoinRecords.ts';
import { MonitorEngine } from '../src/monitor/monitorEngine.ts';

const REFERENCE = 5_000;
const EVENTS = 200_000;
const BATCH = 3_000;
const ROUNDS = 3;

const VARIANTS = {
  default: {},
  multivariate: { multivariate: {} },
  cbpe: { performance: { task: 'classification', positiveLabel: 'default', estimate: 'cbpe', windowSize: 1000, businessValue: { tp: 5, fp: -1, tn: 0, fn: -20 } } },
  segments: { segments: [{ attribute: 'region' }, { attribute: 'channel', values: ['web', 'app'] }] },
} as const;
type Variant = keyof typeof VARIANTS;

function pipeline(variant: Variant, reference: PredictionEvent[], targets: string[]): BatchPipeline {
  const config = configSchema.parse({ monitors: [{ model: 'm', window: { type: 'count', size: 1000 }, reference: { source: 'file', path: 'reference.jsonl' }, ...VARIANTS[variant] }] });
  return new BatchPipeline(new MonitorEngine({ monitors: config.monitors, referenceEvents: new Map([['m', reference]]), referenceTargets: new Map([['m', targets]]), now: () => 0 }));
}

export function run() {
  const rng = seededRandom(17);
  const channels = (events: PredictionEvent[]) => events.map((e) => ({ ...e, attributes: { channel: rng.pick(['web', 'app', 'phone']), region: String(e.features.region) } }));
  const reference = channels(predictionStream(rng, { modelId: 'm', count: REFERENCE }));
  const targets = reference.map((e) => (rng.uniform() < e.prediction.score! ? 'default' : 'repay'));
  const events = channels(predictionStream(rng, { modelId: 'm', count: EVENTS, from: REFERENCE }));
  const input: EventBatch[] = [];
  for (let from = 0; from < events.length; from += BATCH) {
    const builder = new EventBatchBuilder(BATCH);
    events.slice(from, from + BATCH).forEach((event, i) => builder.add(event, from + i));
    input.push(builder.finish());
  }
  const ns = Object.fromEntries(Object.keys(VARIANTS).map((v) => [v, [] as number[]])) as Record<Variant, number[]>;
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of Object.keys(VARIANTS) as Variant[]) {
      const p = pipeline(variant, reference, targets);
      const joins = new MemoryJoinRecords();
      const started = performance.now();
      for (const batch of input) p.eventBatch('predictions', batch, joins);
      ns[variant].push(((performance.now() - started) * 1e6) / EVENTS);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const perEvent = Object.fromEntries(Object.entries(ns).map(([v, xs]) => [v, Math.round(median(xs))])) as Record<Variant, number>;
  return {
    settings: { reference: REFERENCE, events: EVENTS, batch: BATCH, rounds: ROUNDS, monitor: 'income, age, debt_ratio (numeric), region (categorical), prediction score and label; quality on; window 1,000 (count); reference file' },
    nsPerEvent: perEvent,
    ratioToDefault: Object.fromEntries(Object.entries(perEvent).map(([v, n]) => [v, Math.round((n / perEvent.default) * 100) / 100])),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${JSON.stringify(run(), null, 2)}\n`);
