import { RegistryUnavailableError } from '../registry/registryErrors.ts';
import { RecordTooLargeError } from '../sinks/recordTooLargeError.ts';
import { FencedError, StateStoreUnavailableError } from '../state/stateStoreErrors.ts';
import { MalformedMessageError } from './malformedMessageError.ts';

/**
 * Whether an error means "a dependency is down, try again later" rather than "this input is bad" or
 * "driftwatch has a bug": our own unavailable errors, kafkajs errors, HTTP 5xx / 408 / 429 from the
 * registry, and network failures, including a registry request that timed out (mappersmith reports it as
 * status 400 with "Timeout (N ms)").
 */
export function isDependencyFailure(error: unknown): boolean {
  if (error instanceof RegistryUnavailableError || error instanceof StateStoreUnavailableError || error instanceof RecordTooLargeError) return true;
  if (error instanceof MalformedMessageError || error instanceof FencedError || !(error instanceof Error)) return false;
  if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|socket hang up|Timeout \(\d+ms\)/i.test(error.message)) return true;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') return status >= 500 || status === 408 || status === 429 || status === 0;
  return error.name.startsWith('KafkaJS');
}
