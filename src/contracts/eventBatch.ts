import type { FeatureValue, PredictionEvent } from './events.ts';

/**
 * A batch of decoded prediction (or feature) events as columns: what decoders and file readers produce and
 * the engine consumes, so the hot path holds one typed array per field instead of one object per event.
 *
 * Row i is the i-th event in input order. A field's column keeps, per row, what kind of value the event held
 * (a tag) and the value itself: numbers in a Float64Array, strings and booleans as codes into a dictionary,
 * anything else (a bigint, an object: only ever seen by the quality checks as a type mismatch) in a sparse map.
 */
export const ValueTag = {
  /** The event has no such field (a missing key, not a null). */
  absent: 0,
  null: 1,
  number: 2,
  string: 3,
  boolean: 4,
  other: 5,
} as const;
export type ValueTag = (typeof ValueTag)[keyof typeof ValueTag];

export interface FieldColumn {
  readonly name: string;
  readonly tags: Uint8Array;
  /** The value where the tag is `number` (NaN and ±Infinity included); 0 elsewhere. */
  readonly numbers: Float64Array;
  /** Index into `dictionary` where the tag is `string` or `boolean` ('true' / 'false'); meaningless elsewhere. */
  readonly codes: Int32Array;
  readonly dictionary: readonly string[];
  /** Values of rows tagged `other`, by row. */
  readonly others: ReadonlyMap<number, unknown>;
}

export interface EventBatch {
  readonly length: number;
  /** Where each event is in its input (the Kafka offset, or the record number in replay). */
  readonly positions: Float64Array;
  /** Event time, ms since the epoch. */
  readonly timestamps: Float64Array;
  readonly eventIds: readonly string[];
  readonly modelIds: readonly string[];
  readonly modelVersions: readonly string[];
  /** One column per feature name seen in the batch (rows without it are `absent`). */
  readonly features: ReadonlyMap<string, FieldColumn>;
  readonly score: FieldColumn;
  readonly label: FieldColumn;
  readonly latency: FieldColumn;
  readonly probabilities: readonly (Readonly<Record<string, number>> | null)[];
  readonly attributes: readonly Readonly<Record<string, string>>[];
}

/** The value of one row of a column, as the event-object API would see it (undefined when absent). */
export function valueAt(column: FieldColumn, row: number): FeatureValue | undefined | unknown {
  switch (column.tags[row]) {
    case ValueTag.absent: return undefined;
    case ValueTag.null: return null;
    case ValueTag.number: return column.numbers[row];
    case ValueTag.string: return column.dictionary[column.codes[row]];
    case ValueTag.boolean: return column.dictionary[column.codes[row]] === 'true';
    default: return column.others.get(row);
  }
}

/** Row `row` of a batch as an event object: for the rare paths that need one (a reference being collected, a test). */
export function eventAt(batch: EventBatch, row: number): PredictionEvent {
  const features: Record<string, FeatureValue> = {};
  for (const [name, column] of batch.features) {
    const value = valueAt(column, row);
    if (value !== undefined) features[name] = value as FeatureValue;
  }
  const score = valueAt(batch.score, row);
  const label = valueAt(batch.label, row);
  const latency = valueAt(batch.latency, row);
  return {
    event_id: batch.eventIds[row],
    model_id: batch.modelIds[row],
    model_version: batch.modelVersions[row],
    timestamp: batch.timestamps[row],
    features,
    prediction: {
      score: typeof score === 'number' ? score : null,
      label: label === undefined || label === null ? null : String(label),
      probabilities: batch.probabilities[row] ? { ...batch.probabilities[row] } : null,
    },
    latency_ms: typeof latency === 'number' ? latency : null,
    attributes: { ...batch.attributes[row] },
  };
}
