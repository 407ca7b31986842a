import type { EngineOutput } from '../../monitor/engineOutput.ts';
import type { ExtraWrite } from '../../state/partitionCheckpointStore.ts';
import type { KeyedDeadLetter } from './deadLetterWriter.ts';

/** What a batch handler gives the service: to publish, then to save with the partition's checkpoint. */
export interface HandledBatch {
  output: EngineOutput;
  deadLetters: KeyedDeadLetter[];
  joinWrites: ExtraWrite[];
  joinDeletes: string[];
}
