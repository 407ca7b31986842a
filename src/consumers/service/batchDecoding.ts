import type { KafkaMessage } from 'kafkajs';
import { spanNames, withSpan } from '../../observability/tracing.ts';
import type { RetryPolicy } from './retryPolicy.ts';

/**
 * Decodes one message: at once when nothing needs fetching (the usual case), else through the registry
 * with retries. A message that can never decode goes to `deadLetter` and yields undefined.
 */
export function decodeMessage<T>(
  message: KafkaMessage, retry: RetryPolicy, deadLetter: (error: unknown) => undefined, decodeNow: () => T | undefined, decode: () => Promise<T>,
): T | undefined | Promise<T | undefined> {
  try {
    const decoded = decodeNow();
    if (decoded !== undefined) return decoded;
  } catch (error) {
    return deadLetter(error);
  }
  return withSpan(spanNames.decode, { 'messaging.kafka.offset': Number(message.offset) }, () => retry.retry('registry', 'decoding', decode)).catch(deadLetter);
}
