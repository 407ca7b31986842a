import { CommanderError } from 'commander';
import { ConfigError } from '../config/configError.ts';
import { NotCoPartitionedError } from '../consumers/coPartitioning.ts';
import { ConsumerStoppedError } from '../consumers/consumerStoppedError.ts';
import { DeliveryStoppedError } from '../notify/deliveryStoppedError.ts';
import { FileRecordError } from '../consumers/fileEvents/fileRecordError.ts';
import { MissingTopicsError, TopicCreationRefusedError, TopicsNotAuthorizedError, TopicsNotReadyError } from '../sinks/topics/topicSetupErrors.ts';
import { RegistryUnavailableError } from '../registry/registryErrors.ts';
import { InvalidRecordError } from '../sinks/invalidRecordError.ts';
import { UsageError } from './usageError.ts';

/** driftwatch's exit codes (README, "Exit codes"). */
export const EXIT_OK = 0;
/** Something failed while running: a dependency down past its deadline, a consumer that stopped, a refused write. */
export const EXIT_FAILURE = 1;
/** The command line or the config is wrong: nothing was started. */
export const EXIT_USAGE = 2;

const usageErrors = [ConfigError, UsageError, TopicCreationRefusedError, MissingTopicsError] as const;
const runtimeErrors = [ConsumerStoppedError, DeliveryStoppedError, NotCoPartitionedError, TopicsNotReadyError, TopicsNotAuthorizedError, RegistryUnavailableError, FileRecordError, InvalidRecordError] as const;

/**
 * Ends the process for an error driftwatch knows: its message (no stack trace) and its exit code. Commander has
 * already printed its own usage errors. Returns for anything else, which the caller reports with its stack.
 */
export function exitOnKnownError(error: unknown): void {
  if (error instanceof CommanderError) process.exit(error.exitCode === EXIT_OK ? EXIT_OK : EXIT_USAGE);
  const code = exitCodeOf(error);
  if (code === undefined) return;
  const { name, message } = error as Error;
  process.stderr.write(`driftwatch: ${name.startsWith('KafkaJS') ? `Kafka: ${message}` : message}\n`);
  process.exit(code);
}

/** The exit code of a known error; undefined for an unexpected one (a bug: reported with its stack). */
export function exitCodeOf(error: unknown): number | undefined {
  if (usageErrors.some((kind) => error instanceof kind)) return EXIT_USAGE;
  if (runtimeErrors.some((kind) => error instanceof kind)) return EXIT_FAILURE;
  // kafkajs's errors say what failed (connection refused, SASL authentication, request timed out) in their message.
  if (error instanceof Error && error.name.startsWith('KafkaJS')) return EXIT_FAILURE;
  return undefined;
}
