import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { assertStackUp, stack } from './support/liveStack.ts';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const packageJson = JSON.parse(read('package.json'));

test('one Node major everywhere: use-node.sh, engines, @types/node, the Dockerfile and this process', () => {
  const version = /^DRIFTWATCH_NODE_VERSION=(\d+)\.\d+\.\d+$/m.exec(read('scripts/use-node.sh'));
  assert.ok(version, 'scripts/use-node.sh pins DRIFTWATCH_NODE_VERSION');
  const major = version[1];
  assert.equal(packageJson.engines.node, `>=${major}`);
  assert.match(packageJson.devDependencies['@types/node'], new RegExp(`^\\^${major}\\.`));
  const bases = [...read('Dockerfile').matchAll(/^FROM (\S+)/gm)].map((match) => match[1]);
  assert.ok(bases.length > 0);
  for (const base of bases) assert.match(base, new RegExp(`^node:${major}-`));
  assert.equal(process.versions.node.split('.')[0], major);
});

test('every installed package with an install script has been reviewed in allowScripts (npm ci prints no install-scripts warning)', () => {
  const out = execFileSync('npm', ['install-scripts', 'ls'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(out.trim(), 'No packages with unreviewed install scripts.');
  assert.equal(packageJson.allowScripts.protobufjs, false);
});

test('a kafkajs client talking to the live broker raises no TimeoutNegativeWarning (kafkajs#1751 patched in patches/)', async () => {
  await assertStackUp();
  // A fresh process, so that a warning Node prints only once per process is not hidden by an earlier one.
  const script = `
    import { Kafka, logLevel } from 'kafkajs';
    const admin = new Kafka({ clientId: 'toolchain-test', brokers: ${JSON.stringify(stack.brokers)}, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.listTopics();
    await admin.fetchTopicMetadata({ topics: [] });
    await admin.disconnect();
    console.log('listed');
  `;
  const run = spawnSync(process.execPath, ['--trace-warnings', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'listed');
  assert.doesNotMatch(run.stderr, /TimeoutNegativeWarning/);
  assert.doesNotMatch(run.stderr, /Warning/, run.stderr);
});
