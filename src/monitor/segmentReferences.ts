import { OTHER_SEGMENT, type MonitorConfig } from '../config/configSchema.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import type { ReferenceProfile } from './referenceProfile.ts';
import type { SegmentAdmission } from './segmentAdmission.ts';
import { segmentText } from './segmentOutput.ts';

/**
 * With a reference file, each slice's reference is the file's events of that slice, profiled as the whole
 * population's (`profile`). A listed value the file has no event of is a config error; `other` without
 * events is left out (its events are then not monitored as a slice).
 */
export function segmentReferences(
  config: MonitorConfig,
  events: readonly PredictionEvent[],
  admission: SegmentAdmission,
  profile: (slice: readonly PredictionEvent[], what: string) => ReferenceProfile,
): Map<string, ReferenceProfile> {
  const bySlice = new Map<string, PredictionEvent[]>(admission.slices().map((s) => [segmentText(s), []]));
  for (const event of events) for (const segment of admission.route(event.attributes)) bySlice.get(segmentText(segment))!.push(event);
  const references = new Map<string, ReferenceProfile>();
  for (const segment of admission.slices()) {
    const text = segmentText(segment);
    const slice = bySlice.get(text)!;
    if (slice.length === 0) {
      if (segment.value === OTHER_SEGMENT) continue;
      throw new Error(`model ${config.model}: segment ${text} has no event in the reference file ${config.reference.source === 'file' ? config.reference.path : ''}: remove it from segments.values or add its events to the reference`);
    }
    references.set(text, profile(slice, ` segment ${text}`));
  }
  return references;
}
