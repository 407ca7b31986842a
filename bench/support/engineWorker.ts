/**
 * The engine half of bench/workerSplit.ts: a BatchPipeline in a worker thread, fed EventBatch columns the main
 * thread decoded (structured clones), answering each batch with how many reports and alerts it produced.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { configSchema } from '../../src/config/configSchema.ts';
import type { EventBatch } from '../../src/contracts/eventBatch.ts';
import { BatchPipeline } from '../../src/monitor/batchPipeline.ts';
import { MemoryJoinRecords } from '../../src/monitor/memoryJoinRecords.ts';
import { MonitorEngine } from '../../src/monitor/monitorEngine.ts';

const config = configSchema.parse(workerData.config);
let pipeline = new BatchPipeline(new MonitorEngine({ monitors: config.monitors, now: () => 0 }));
const joins = new MemoryJoinRecords();
parentPort!.on('message', (message: EventBatch | 'reset') => {
  if (message === 'reset') {
    pipeline = new BatchPipeline(new MonitorEngine({ monitors: config.monitors, now: () => 0 }));
    parentPort!.postMessage('ready');
    return;
  }
  const { output } = pipeline.eventBatch('predictions', message, joins);
  parentPort!.postMessage({ reports: output.reports.length, alerts: output.alerts.length });
});
