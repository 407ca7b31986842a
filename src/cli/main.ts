#!/usr/bin/env node
import { Command, Option } from 'commander';
import { ConfigError } from '../config/configError.ts';
import { ConsumerStoppedError } from '../consumers/consumerStoppedError.ts';
import { NotCoPartitionedError } from '../consumers/coPartitioning.ts';
import { quietKnownWarnings } from './quietKnownWarnings.ts';
import { registerSchemasCommand } from './commands/registerSchemas.ts';
import { replayCommand, type ReplayOptions } from './commands/replay.ts';
import { serveCommand } from './commands/serve.ts';
import { validateConfigCommand } from './commands/validateConfig.ts';

quietKnownWarnings();

const program = new Command('driftwatch')
  .description('Streaming monitor for machine-learning models in production.')
  .showHelpAfterError();

program
  .command('serve')
  .description('consume predictions, features and labels from Kafka, monitor each model, publish reports and alerts')
  .requiredOption('-c, --config <file>', 'YAML config file')
  .action((options: { config: string }) => serveCommand(options.config));

program
  .command('replay')
  .description('run the same monitors over files (no Kafka, no Redis) and write reports and alerts as JSON lines')
  .requiredOption('-c, --config <file>', 'YAML config file')
  .requiredOption('-e, --events <file>', 'events file: JSONL, CSV or Parquet, in time order')
  .option('-l, --labels <file>', 'labels file: JSONL, CSV or Parquet, in time order')
  .addOption(new Option('-s, --stream <stream>', 'which stream the events are').choices(['predictions', 'features']).default('predictions'))
  .option('-o, --out <file>', 'write JSON lines here instead of stdout')
  .action((options: ReplayOptions) => replayCommand(options));

program
  .command('validate-config')
  .description('check a config file and report every problem with its line and key')
  .argument('<file>', 'YAML config file')
  .action((file: string) => validateConfigCommand(file));

program
  .command('schemas')
  .description('manage the Avro contracts in the schema registry')
  .command('register')
  .description('register every contract under <topic>-value for the topics of the config')
  .requiredOption('-c, --config <file>', 'YAML config file')
  .action((options: { config: string }) => registerSchemasCommand(options.config));

try {
  await program.parseAsync();
} catch (error) {
  const known = error instanceof ConfigError || error instanceof ConsumerStoppedError || error instanceof NotCoPartitionedError;
  process.stderr.write(`driftwatch: ${known ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
