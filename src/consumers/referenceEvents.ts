import { dirname, resolve } from 'node:path';
import { requireReferenceFile } from './referenceFile.ts';
import type { MonitorConfig } from '../config/configSchema.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import { readPredictionEvents, type RejectedRecord } from './fileEvents/readEvents.ts';

/**
 * Reads the reference events of every monitor whose reference is a file (paths relative to the config
 * file). Only the monitor's own model's events are kept. Rejected records are reported, not fatal.
 */
export async function loadReferenceEvents(
  monitors: readonly MonitorConfig[],
  configFile: string,
  onRejected: (rejected: RejectedRecord) => void,
): Promise<Map<string, PredictionEvent[]>> {
  const out = new Map<string, PredictionEvent[]>();
  for (const [index, monitor] of monitors.entries()) {
    if (monitor.reference.source !== 'file') continue;
    const path = resolve(dirname(configFile), monitor.reference.path);
    await requireReferenceFile(configFile, index, path);
    const events: PredictionEvent[] = [];
    const mapping = monitor.mapping ? { mapping: monitor.mapping, modelId: monitor.model } : undefined;
    for await (const { event } of readPredictionEvents(path, { format: monitor.reference.format, mapping, onRejected })) {
      if (event.model_id === monitor.model) events.push(event);
    }
    out.set(monitor.model, events);
  }
  return out;
}
