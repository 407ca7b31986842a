import { CorruptMonitorStateError } from '../monitor/stateBundle.ts';
import { EventRejectedError } from '../monitor/eventRejectedError.ts';
import { StateDecodeError } from '../detectors/common/stateCodec.ts';
import { ReferenceMismatchError } from '../detectors/window/errors.ts';
import { QualityReferenceMismatchError } from '../detectors/quality/qualityWindow.ts';
import { InvalidPairError } from '../detectors/performance/labels.ts';
import { JoinRecordFormatError } from '../state/joinRecord.ts';
import { MalformedMessageError } from './malformedMessageError.ts';

/**
 * What an error raised while applying one event to the engine means for that event:
 * - the engine refused it before applying anything (over a bound): a dead letter of kind `limit`;
 * - a label whose joined prediction cannot be judged (no label and no score, a non-finite score): `validation`;
 * - the saved or in-memory state is not what the engine wrote (corrupt bytes, a state read against another
 *   reference): processing must stop before a checkpoint saves anything built on it (StateCorruptedError);
 * - anything else is a bug met on this event: a dead letter of kind `internal`, and the partition moves on.
 */
export function eventFailure(error: unknown): MalformedMessageError {
  if (error instanceof MalformedMessageError) return error;
  if (isStateCorruption(error)) throw new StateCorruptedError(error as Error);
  if (error instanceof EventRejectedError) return new MalformedMessageError('limit', error.message, { cause: error });
  if (error instanceof InvalidPairError) return new MalformedMessageError('validation', `the label cannot be judged against its prediction: ${error.message}`, { cause: error });
  const e = error instanceof Error ? error : new Error(String(error));
  return new MalformedMessageError('internal', `driftwatch failed on this event (${e.name}: ${e.message.slice(0, 500)}); it was skipped, please report it with this dead letter`, { cause: e });
}

/** Errors that say state (in Redis or in memory) is not what driftwatch wrote. */
export function isStateCorruption(error: unknown): boolean {
  return error instanceof CorruptMonitorStateError || error instanceof StateDecodeError || error instanceof ReferenceMismatchError
    || error instanceof QualityReferenceMismatchError || error instanceof JoinRecordFormatError;
}

/** Monitor state is corrupt: `serve` stops with this error and the last checkpoint is left as it was. */
export class StateCorruptedError extends Error {
  constructor(cause: Error) {
    super(`monitor state is corrupt (${cause.name}: ${cause.message}); driftwatch stopped without saving a checkpoint, so the last good one is intact. Inspect or delete the partition's state in Redis, then restart`, { cause });
    this.name = 'StateCorruptedError';
  }
}

/** A short, stable name for a kind of internal error: its class and where it was thrown (the first stack frame). */
export function internalErrorKind(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const frame = error.stack?.split('\n').find((line) => line.trimStart().startsWith('at '))?.trim().replace(/^at /, '') ?? 'unknown';
  return `${error.name} at ${frame.replace(/^.*\((.*)\)$/, '$1').replace(/^file:\/\/.*\/src\//, 'src/')}`;
}
