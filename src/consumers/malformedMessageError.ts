import type { DeadLetterKind } from '../contracts/events.ts';

/** A message that can never be processed as it is: it goes to the dead-letter topic with this reason. */
export class MalformedMessageError extends Error {
  readonly kind: DeadLetterKind;
  constructor(kind: DeadLetterKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MalformedMessageError';
    this.kind = kind;
  }
}
