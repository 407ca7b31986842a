/**
 * Does a second thread pay on these 2 cores (issue: use both cores)? serve's CPU work per batch is decoding the
 * contract's Avro payloads into columns (readContractEvent) and the engine (BatchPipeline.eventBatch). Here the
 * same pre-encoded payloads go through both in one thread, and through decode on the main thread with the
 * engine in a worker_threads worker (the columns posted as structured clones, two batches in flight), interleaved
 * one thread, two threads, decode alone, … ; events per second (median of rounds) and the ratio. The split can
 * gain at most what decoding costs of the whole. No Kafka, registry or Redis: in serve they share the same 2
 * cores, which this leaves out.
 */
import avro from 'avsc';
import { Worker } from 'node:worker_threads';
import { predictionStream } from '../test/support/predictionStream.ts';
import { seededRandom } from '../test/support/random.ts';
import { defaultInputLimits } from '../src/config/limitsSchema.ts';
import { configSchema } from '../src/config/configSchema.ts';
import { avroContract } from '../src/contracts/avroContracts.ts';
import type { EventBatch } from '../src/contracts/eventBatch.ts';
import { EventBatchBuilder } from '../src/contracts/eventBatchBuilder.ts';
import { withWrappedFeatures } from '../src/contracts/featureValueUnion.ts';
import { readContractEvent } from '../src/consumers/contractEventReader.ts';
import { BatchPipeline } from '../src/monitor/batchPipeline.ts';
import { MemoryJoinRecords } from '../src/monitor/memoryJoinRecords.ts';
import { MonitorEngine } from '../src/monitor/monitorEngine.ts';

const EVENTS = 300_000;
const BATCH = 3_000;
const ROUNDS = 3;
const CONFIG = { monitors: [{ model: 'm', window: { type: 'count', size: 1000 }, reference: { source: 'firstEvents', events: 5000 } }] };

function decode(payloads: Buffer[], from: number): EventBatch {
  const builder = new EventBatchBuilder(payloads.length);
  payloads.forEach((payload, i) => {
    if (!readContractEvent(payload, builder, from + i, defaultInputLimits)) throw new Error(`bench payload ${from + i} did not read`);
  });
  return builder.finish();
}

function oneThread(batches: Buffer[][]): number {
  const config = configSchema.parse(CONFIG);
  const pipeline = new BatchPipeline(new MonitorEngine({ monitors: config.monitors, now: () => 0 }));
  const joins = new MemoryJoinRecords();
  const started = performance.now();
  batches.forEach((payloads, k) => pipeline.eventBatch('predictions', decode(payloads, k * BATCH), joins));
  return EVENTS / ((performance.now() - started) / 1000);
}

async function twoThreads(worker: Worker, batches: Buffer[][]): Promise<number> {
  await new Promise<void>((resolve) => {
    worker.once('message', () => resolve());
    worker.postMessage('reset');
  });
  const started = performance.now();
  let sent = 0;
  let done = 0;
  await new Promise<void>((resolve) => {
    const send = () => {
      while (sent < batches.length && sent - done < 2) {
        worker.postMessage(decode(batches[sent], sent * BATCH));
        sent++;
      }
    };
    const onMessage = () => {
      done++;
      if (done === batches.length) {
        worker.off('message', onMessage);
        resolve();
      } else send();
    };
    worker.on('message', onMessage);
    send();
  });
  return EVENTS / ((performance.now() - started) / 1000);
}

export async function run() {
  const type = avro.Type.forSchema(avroContract('PredictionEvent') as avro.Schema, { wrapUnions: 'auto' });
  const payloads = predictionStream(seededRandom(9), { modelId: 'm', count: EVENTS }).map((e) => type.toBuffer(withWrappedFeatures(e)));
  const batches: Buffer[][] = [];
  for (let from = 0; from < EVENTS; from += BATCH) batches.push(payloads.slice(from, from + BATCH));
  const worker = new Worker(new URL('./support/engineWorker.ts', import.meta.url), { workerData: { config: CONFIG } });
  const rates = { oneThread: [] as number[], twoThreads: [] as number[], decodeOnly: [] as number[] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      rates.oneThread.push(oneThread(batches));
      rates.twoThreads.push(await twoThreads(worker, batches));
      const started = performance.now();
      batches.forEach((payloads, k) => decode(payloads, k * BATCH));
      rates.decodeOnly.push(EVENTS / ((performance.now() - started) / 1000));
    }
  } finally {
    await worker.terminate();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const one = median(rates.oneThread);
  const two = median(rates.twoThreads);
  return {
    settings: { events: EVENTS, batch: BATCH, rounds: ROUNDS, monitor: 'income, age, debt_ratio (numeric), region (categorical), prediction score and label; quality on; window 1,000 (count); reference 5,000 first events' },
    eventsPerSecond: { oneThread: Math.round(one), decodeMainEngineWorker: Math.round(two), decodeAlone: Math.round(median(rates.decodeOnly)) },
    rounds: { oneThread: rates.oneThread.map(Math.round), decodeMainEngineWorker: rates.twoThreads.map(Math.round) },
    twoOverOne: Math.round((two / one) * 100) / 100,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${JSON.stringify(await run(), null, 2)}\n`);
