/**
 * The engine's share of serve and replay: the same events through BatchPipeline.events (an object per event)
 * and BatchPipeline.eventBatch (columns), in batches as serve's, interleaved A B A B; ns per event and the ratio.
 * Building the columns (EventBatchBuilder.add from decoded events) is timed on its own: decoders that write
 * columns directly skip it.
 */
import { predictionStream } from '../test/support/predictionStream.ts';
import { seededRandom } from '../test/support/random.ts';
import { configSchema } from '../src/config/configSchema.ts';
import type { EventBatch } from '../src/contracts/eventBatch.ts';
import { EventBatchBuilder } from '../src/contracts/eventBatchBuilder.ts';
import type { PredictionEvent } from '../src/contracts/events.ts';
import { BatchPipeline, type DecodedEvent } from '../src/monitor/batchPipeline.ts';
import { MemoryJoinRecords } from '../src/monitor/memoryJoinRecords.ts';
import { MonitorEngine } from '../src/monitor/monitorEngine.ts';

const EVENTS = 300_000;
const BATCH = 3_000;
const ROUNDS = 3;

function batches(events: PredictionEvent[]): { decoded: DecodedEvent[]; columns: EventBatch }[] {
  const out = [];
  for (let from = 0; from < events.length; from += BATCH) {
    const decoded = events.slice(from, from + BATCH).map((event, i) => ({ event, position: from + i }));
    const builder = new EventBatchBuilder(decoded.length);
    for (const d of decoded) builder.add(d.event, d.position);
    out.push({ decoded, columns: builder.finish() });
  }
  return out;
}

function engine(): BatchPipeline {
  const config = configSchema.parse({ monitors: [{ model: 'm', window: { type: 'count', size: 1000 }, reference: { source: 'firstEvents', events: 5000 } }] });
  return new BatchPipeline(new MonitorEngine({ monitors: config.monitors, now: () => 0 }));
}

export function run() {
  const events = predictionStream(seededRandom(5), { modelId: 'm', count: EVENTS });
  const input = batches(events);
  const joins = new MemoryJoinRecords();
  const ns = { events: [] as number[], eventBatch: [] as number[], build: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    let pipeline = engine();
    let started = performance.now();
    for (const b of input) pipeline.events('predictions', b.decoded, joins);
    ns.events.push(((performance.now() - started) * 1e6) / EVENTS);
    pipeline = engine();
    started = performance.now();
    for (const b of input) pipeline.eventBatch('predictions', b.columns, joins);
    ns.eventBatch.push(((performance.now() - started) * 1e6) / EVENTS);
    started = performance.now();
    for (const b of input) {
      const builder = new EventBatchBuilder(b.decoded.length);
      for (const d of b.decoded) builder.add(d.event, d.position);
      builder.finish();
    }
    ns.build.push(((performance.now() - started) * 1e6) / EVENTS);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const m = { events: median(ns.events), eventBatch: median(ns.eventBatch), build: median(ns.build) };
  return {
    settings: { events: EVENTS, batch: BATCH, rounds: ROUNDS, features: 'income, age, debt_ratio (numeric), region (categorical), prediction score and label; quality on; window 1,000 (count), reference 5,000 first events' },
    nsPerEvent: { byEvent: Math.round(m.events), byColumns: Math.round(m.eventBatch), buildingColumns: Math.round(m.build) },
    speedup: Math.round((m.events / m.eventBatch) * 100) / 100,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${JSON.stringify(run(), null, 2)}\n`);
