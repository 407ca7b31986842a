import type { LabelFieldMapping } from '../config/mappingSchema.ts';
import type { LabelEvent } from '../contracts/events.ts';
import { mappingTo } from './eventMapping.ts';
import { MappedFieldError, describe, plain, requiredText, timestampMs } from './mappedFields.ts';

/**
 * Builds a LabelEvent from a label record in the producer's own shape. Ids may be of any primitive type (kept
 * as text); the label must be a finite number or a non-empty string (a boolean is kept as its text). Throws
 * MalformedMessageError('validation') naming the path when a part is missing or of a type the event cannot hold.
 */
export function mapToLabelEvent(record: unknown, mapping: LabelFieldMapping, defaults: { modelId: string }): LabelEvent {
  return mappingTo('LabelEvent', record, (at) => ({
    event_id: requiredText(at(mapping.eventId), 'event id', mapping.eventId),
    model_id: mapping.modelId === undefined ? defaults.modelId : requiredText(at(mapping.modelId), 'model id', mapping.modelId),
    timestamp: timestampMs(at(mapping.timestamp), mapping.timestamp, mapping.timestampUnit ?? 'ms'),
    label: labelValue(at(mapping.label), mapping.label),
  }));
}

function labelValue(raw: unknown, at: string): number | string {
  const value = plain(raw);
  if (value === null || value === '') throw new MappedFieldError(`no label at '${at}'`);
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  throw new MappedFieldError(`label at '${at}' must be a finite number or a non-empty string, got ${describe(value)}`);
}
