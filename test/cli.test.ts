import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { stringify } from 'yaml';
import { runCli } from './support/cliProcess.ts';
import { writeJsonl } from './support/eventFiles.ts';

/** The command line as a user meets it: version, help with examples, errors that name their option, exit codes. */
describe('driftwatch command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-cli-'));
  const configFile = join(dir, 'driftwatch.yaml');
  writeFileSync(configFile, stringify({ monitors: [{ model: 'm', window: { type: 'count', size: 10 } }] }));
  const eventsFile = join(dir, 'events.jsonl');
  writeJsonl(eventsFile, []);
  const noStackTrace = (stderr: string) => assert.doesNotMatch(stderr, /\n\s+at /, `no stack trace in: ${stderr}`);

  test('--version prints the version of package.json and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const result = await runCli([flag]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout.trim(), version);
    }
  });

  test('--help shows an example for every command and the exit codes', async () => {
    const root = await runCli(['--help']);
    assert.equal(root.code, 0, root.stderr);
    assert.match(root.stdout, /Exit codes: 0 ok, 1 runtime failure, 2 usage or config error/);
    const commands = ['serve', 'replay', 'publish', 'tail', 'validate-config', 'schemas register', 'topics create'];
    for (const command of commands) {
      assert.match(root.stdout, new RegExp(`\\$ driftwatch ${command} `), `the program's help lists an example of ${command}`);
      const help = await runCli([...command.split(' '), '--help']);
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout, new RegExp(`\\nExample:\\n  \\$ driftwatch ${command} \\S`), `${command} --help ends with an example`);
    }
  });

  test('usage errors exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['replay', '--config', configFile, '--events', eventsFile, '--bogus'], /unknown option '--bogus'/],
      [['replay', '--events', eventsFile], /required option '-c, --config <file>' not specified/],
      [['tail', '--config', configFile, 'everything'], /'everything' is invalid for argument 'topic'/],
      [['tail', '--config', configFile, 'alerts', '--max', '0'], /expected a whole number ≥ 1, got '0'/],
      [['publish', '--config', configFile, '--rate', 'fast'], /expected a number > 0, got 'fast'/],
      [['publish', '--config', configFile], /publish: give --events FILE, --labels FILE or both/],
      [['publish', '--config', configFile, '--events', eventsFile], /invalid config .*kafka: `publish` needs a 'kafka' section/s],
      [['no-such-command'], /unknown command 'no-such-command'/],
      [[], /Usage: driftwatch/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      assert.equal(result.code, 2, `driftwatch ${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message, `driftwatch ${args.join(' ')}`);
      noStackTrace(result.stderr);
    }
  });

  test('a file that cannot be read is named with its option, and exits 2', async () => {
    const missing = join(dir, 'x.jsonl');
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const text = join(dir, 'events.txt');
    writeFileSync(text, '{}\n');
    const cases: [string[], string][] = [
      [['replay', '--config', join(dir, 'nope.yaml'), '--events', eventsFile], `driftwatch: --config: no such file: ${join(dir, 'nope.yaml')}`],
      [['replay', '--config', configFile, '--events', text], `driftwatch: --events: ${text}: cannot tell the format from the extension; name the file .jsonl, .ndjson, .csv or .parquet, or give the format (jsonl, csv or parquet)`],
      [['replay', '--config', configFile, '--events', missing], `driftwatch: --events: no such file: ${missing}`],
      [['replay', '--config', configFile, '--events', eventsFile, '--labels', missing], `driftwatch: --labels: no such file: ${missing}`],
      [['replay', '--config', configFile, '--events', folder], `driftwatch: --events: not a file: ${folder}`],
      [['replay', '--config', configFile, '--events', eventsFile, '--out', join(dir, 'no', 'out.jsonl')], `driftwatch: --out: no such folder: ${join(dir, 'no')} (for ${join(dir, 'no', 'out.jsonl')})`],
      [['publish', '--config', configFile, '--events', missing], `driftwatch: --events: no such file: ${missing}`],
      [['tail', '--config', join(dir, 'nope.yaml'), 'alerts'], `driftwatch: --config: no such file: ${join(dir, 'nope.yaml')}`],
      [['validate-config', join(dir, 'nope.yaml')], `driftwatch: validate-config <file>: no such file: ${join(dir, 'nope.yaml')}`],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      assert.equal(result.code, 2, `driftwatch ${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stderr.trim(), message);
    }
  });

  test('a reference file that cannot be read names its config key and the resolved path, and exits 2', async () => {
    const file = join(dir, 'with-reference.yaml');
    writeFileSync(file, stringify({ monitors: [{ model: 'm', reference: { source: 'file', path: 'reference.jsonl' }, window: { type: 'count', size: 10 } }] }));
    const result = await runCli(['replay', '--config', file, '--events', eventsFile]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, new RegExp(`monitors\\[0\\]\\.reference\\.path: no such file: ${join(dir, 'reference.jsonl').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    noStackTrace(result.stderr);
  });

  test('a runtime failure (Kafka unreachable past topics.create.timeout) exits 1 with the reason and no stack trace', async () => {
    const file = join(dir, 'unreachable.yaml');
    writeFileSync(file, stringify({
      kafka: { brokers: ['127.0.0.1:1'] },
      registry: { url: 'http://127.0.0.1:1/apis/ccompat/v7' },
      topics: { create: { timeout: '2s' } },
      monitors: [{ model: 'm', window: { type: 'count', size: 10 } }],
    }));
    const started = performance.now();
    const result = await runCli(['publish', '--config', file, '--events', eventsFile], { timeoutMs: 60_000 });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /driftwatch: topics ml\.predictions not ready after 2000 ms \(topics\.create\.timeout\) while connecting to Kafka: .*check kafka\.brokers/);
    assert.ok(performance.now() - started < 30_000, 'gives up at its deadline');
    noStackTrace(result.stderr);
  });

  test('success exits 0', async () => {
    const result = await runCli(['validate-config', configFile]);
    assert.equal(result.code, 0, result.stderr);
  });
});
