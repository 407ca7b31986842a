import type { InputLimits } from '../../config/limitsSchema.ts';
import type { LabelEvent, PredictionEvent } from '../../contracts/events.ts';
import type { FieldMapping, LabelFieldMapping } from '../../config/mappingSchema.ts';
import { mapToPredictionEvent } from '../eventMapping.ts';
import { checkLabelEventLimits, checkPredictionEventLimits } from '../inputLimits.ts';
import { toLabelEvent } from '../labelEventValidation.ts';
import { mapToLabelEvent } from '../labelMapping.ts';
import { MalformedMessageError } from '../malformedMessageError.ts';
import { toPredictionEvent } from '../predictionEventValidation.ts';
import type { FileFormat } from './fileRecord.ts';
import { readRecords, type FileRecordError } from './readRecords.ts';

/** A record of an events file that is not a usable event: reported with its location, never fatal. */
export interface RejectedRecord {
  location: string;
  kind: string;
  message: string;
}

export interface EventsFileOptions {
  format?: FileFormat;
  /** Field mappings by model id: a file for one mapped model is read with its mapping. */
  mapping?: { mapping: FieldMapping; modelId: string };
  onRejected: (rejected: RejectedRecord) => void;
  /** Input bounds (the config's `limits:`); records over one are rejected with kind `limit`. */
  limits?: InputLimits;
}

/** The PredictionEvents (or FeatureEvents) of a JSONL, CSV or Parquet file, in file order, each with the record it was read from. */
export async function* readPredictionEvents(path: string, options: EventsFileOptions): AsyncGenerator<{ event: PredictionEvent; location: string; record: unknown }> {
  for await (const { record, location } of readRecords(path, recordOptions(options))) {
    try {
      const event = options.mapping ? mapToPredictionEvent(record, options.mapping.mapping, { modelId: options.mapping.modelId }) : toPredictionEvent(record);
      if (options.limits) checkPredictionEventLimits(event, options.limits);
      yield { event, location, record };
    } catch (error) {
      if (!(error instanceof MalformedMessageError)) throw error;
      options.onRejected({ location, kind: error.kind, message: error.message });
    }
  }
}

export interface LabelsFileOptions extends Omit<EventsFileOptions, 'mapping'> {
  /** A file of one model's labels in the producer's own shape is read with that model's label mapping. */
  mapping?: { mapping: LabelFieldMapping; modelId: string };
}

/** The LabelEvents of a JSONL, CSV or Parquet file, in file order. */
export async function* readLabelEvents(path: string, options: LabelsFileOptions): AsyncGenerator<{ label: LabelEvent; location: string }> {
  for await (const { record, location } of readRecords(path, recordOptions(options))) {
    try {
      const label = options.mapping ? mapToLabelEvent(record, options.mapping.mapping, { modelId: options.mapping.modelId }) : toLabelEvent(record);
      if (options.limits) checkLabelEventLimits(label, options.limits);
      yield { label, location };
    } catch (error) {
      if (!(error instanceof MalformedMessageError)) throw error;
      options.onRejected({ location, kind: error.kind, message: error.message });
    }
  }
}

function recordOptions(options: Pick<EventsFileOptions, 'format' | 'onRejected'>) {
  return {
    ...(options.format ? { format: options.format } : {}),
    onMalformed: (error: FileRecordError) => options.onRejected({ location: error.location, kind: 'decode', message: error.message.slice(error.location.length + 2) }),
  };
}
