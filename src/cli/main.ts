#!/usr/bin/env node
import { Argument, Command, Option } from 'commander';
import { quietKnownWarnings } from './quietKnownWarnings.ts';
import { alertsTestCommand } from './commands/alertsTest.ts';
import { notifyCommand } from './commands/notify.ts';
import { DEMO_DEFAULTS, demoCommand, parseSeed, type DemoOptions } from './commands/demo.ts';
import { registerSchemasCommand } from './commands/registerSchemas.ts';
import { replayCommand, type ReplayOptions } from './commands/replay.ts';
import { serveCommand } from './commands/serve.ts';
import { validateConfigCommand } from './commands/validateConfig.ts';
import { addExamples, leafCommands } from './commandExamples.ts';
import { publishCommand, type PublishOptions } from './commands/publish.ts';
import { tailCommand, type TailOptions } from './commands/tail.ts';
import { topicsCreateCommand } from './commands/topicsCreate.ts';
import { EXIT_FAILURE, exitOnKnownError } from './exitCodes.ts';
import { checkFileOptions } from './fileOptions.ts';
import { positiveInteger, positiveNumber } from './optionParsers.ts';
import { packageVersion } from './packageVersion.ts';
import { tailTopics, type TailTopic } from './tail/outputLines.ts';

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
  .option('-r, --report <file>', 'also write a self-contained HTML report (charts, ranked features, alert timeline) here')
  .action((options: ReplayOptions) => replayCommand(options));

program
  .command('demo')
  .description('generate a credit-risk model\'s predictions and labels with known problems, replay them and write an HTML report (no servers)')
  .option('-o, --out <dir>', 'directory for the report, the generated events and labels and the config', DEMO_DEFAULTS.out)
  .option('--seed <n>', 'seed of the generated data (the same seed gives the same files and report)', parseSeed, DEMO_DEFAULTS.seed)
  .action((options: DemoOptions) => demoCommand(options));

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

program
  .command('notify')
  .description('deliver alerts from the alerts topic to the Slack, PagerDuty and webhook receivers of the config\'s notify section')
  .requiredOption('-c, --config <file>', 'YAML config file')
  .action((options: { config: string }) => notifyCommand(options.config));

program
  .command('alerts')
  .description('work with alert receivers')
  .command('test')
  .description('send a clearly marked test alert through one receiver of the notify section')
  .requiredOption('-c, --config <file>', 'YAML config file')
  .requiredOption('-r, --receiver <name>', 'receiver name')
  .action((options: { config: string; receiver: string }) => alertsTestCommand(options.config, options.receiver));

program
  .command('publish')
  .description('publish events (and labels) from files to Kafka as producers should: Avro through the registry, keyed by model_id')
  .requiredOption('-c, --config <file>', 'YAML config file (kafka, registry and topics sections)')
  .option('-e, --events <file>', 'events file: JSONL, CSV or Parquet, in time order')
  .option('-l, --labels <file>', 'labels file: JSONL, CSV or Parquet, in time order (interleaved with the events by timestamp)')
  .option('-r, --rate <n>', 'messages per second, events and labels together (default: as fast as Kafka takes them)', positiveNumber)
  .addOption(new Option('-s, --stream <stream>', 'which topic the events go to').choices(['predictions', 'features']).default('predictions'))
  .action((options: PublishOptions) => publishCommand(options));

program
  .command('tail')
  .description('print the decoded messages of an output topic, one JSON object per line')
  .requiredOption('-c, --config <file>', 'YAML config file (kafka, registry and topics sections)')
  .addArgument(new Argument('<topic>', 'which output topic').choices(Object.keys(tailTopics)))
  .option('--from-beginning', 'start at the oldest message instead of new ones')
  .option('-n, --max <n>', 'exit after printing this many messages', positiveInteger)
  .option('-m, --model <model>', 'only messages about this model_id')
  .option('-p, --pretty', 'one human-readable line per message instead of JSON')
  .action((topic: TailTopic, options: TailOptions) => tailCommand(topic, options));

program
  .command('topics')
  .description('manage the Kafka topics of the config')
  .command('create')
  .description('create every topic of the config that does not exist yet (topics.create: partitions, replication, configs) and wait for their leaders')
  .requiredOption('-c, --config <file>', 'YAML config file')
  .action((options: { config: string }) => topicsCreateCommand(options.config));

program.version(packageVersion(), '-V, --version', 'print the version');
addExamples(program);
for (const command of [program, ...program.commands, ...leafCommands(program).map((leaf) => leaf.command)]) command.exitOverride();
program.hook('preAction', (_program, action) => checkFileOptions(action));

try {
  await program.parseAsync();
} catch (error) {
  exitOnKnownError(error);
  process.stderr.write(`driftwatch: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(EXIT_FAILURE);
}
