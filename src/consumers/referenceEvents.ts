import { dirname, resolve } from 'node:path';
import { requireReferenceFile } from './referenceFile.ts';
import type { MonitorConfig } from '../config/configSchema.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import { unwrapFeatureValue } from '../contracts/featureValueUnion.ts';
import { readPredictionEvents, type RejectedRecord } from './fileEvents/readEvents.ts';
import { idText } from './idText.ts';
import { valueAt } from './mappedFields.ts';

/** The reference of the monitors whose reference is a file, by model id. */
export interface ReferenceData {
  events: Map<string, PredictionEvent[]>;
  /** For monitors with performance.estimate: each event's true outcome as text (as labels are compared), null where the record had none. */
  targets: Map<string, (string | null)[]>;
}

/**
 * Reads the reference events of every monitor whose reference is a file (paths relative to the config
 * file). Only the monitor's own model's events are kept. Rejected records are reported, not fatal; so is a
 * record without a target when the monitor estimates performance (its event still serves the drift reference).
 */
export async function loadReferenceEvents(
  monitors: readonly MonitorConfig[],
  configFile: string,
  onRejected: (rejected: RejectedRecord) => void,
): Promise<ReferenceData> {
  const out: ReferenceData = { events: new Map(), targets: new Map() };
  for (const [index, monitor] of monitors.entries()) {
    if (monitor.reference.source !== 'file') continue;
    const path = resolve(dirname(configFile), monitor.reference.path);
    await requireReferenceFile(configFile, index, path);
    const events: PredictionEvent[] = [];
    const targets: (string | null)[] = [];
    const mapping = monitor.mapping ? { mapping: monitor.mapping, modelId: monitor.model } : undefined;
    const targetPath = monitor.mapping?.target ?? 'target';
    const estimates = monitor.performance?.estimate !== undefined;
    for await (const { event, location, record } of readPredictionEvents(path, { format: monitor.reference.format, mapping, onRejected })) {
      if (event.model_id !== monitor.model) continue;
      events.push(event);
      if (!estimates) continue;
      const target = idText(unwrapFeatureValue(valueAt(record, targetPath))) ?? null;
      if (target === null) onRejected({ location, kind: 'validation', message: `no ${targetPath}: performance.estimate fits on reference records with their true outcome; this one serves the drift reference only` });
      targets.push(target);
    }
    out.events.set(monitor.model, events);
    if (estimates) out.targets.set(monitor.model, targets);
  }
  return out;
}
