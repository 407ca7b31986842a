/**
 * The broker refused a record as too large for the topic (MESSAGE_TOO_LARGE). Nothing can be skipped, so the
 * caller pauses and retries like any Kafka outage; this says what to change for the send to succeed.
 */
export class RecordTooLargeError extends Error {
  /** `ourLimits`: the config keys that bound these records, when there are any. */
  constructor(topic: string, cause: unknown, ourLimits?: string) {
    super(`the broker refuses records this large on ${topic} (${(cause as Error).message}): raise the topic's max.message.bytes${ourLimits ? `, or lower ${ourLimits}` : ''}`, { cause });
    this.name = 'RecordTooLargeError';
  }
}

/** Whether a kafkajs error is the broker's MESSAGE_TOO_LARGE, directly or as the last error of its retries. */
export function isMessageTooLarge(error: unknown): boolean {
  for (let e = error as { type?: unknown; originalError?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.type === 'MESSAGE_TOO_LARGE') return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}
