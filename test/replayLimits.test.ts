import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { stringify } from 'yaml';
import { runCli } from './support/cliProcess.ts';
import { predictionStream } from './support/predictionStream.ts';
import { seededRandom } from './support/random.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'driftwatch-replay-limits-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('replay skips poison events as serve dead-letters them, and the windows are those of the clean file', async () => {
  const events = predictionStream(seededRandom(51), { modelId: 'credit-risk', count: 1500 });
  const config = join(dir, 'driftwatch.yaml');
  await writeFile(config, stringify({
    monitors: [{ model: 'credit-risk', features: { income: 'numeric', region: 'categorical' }, reference: { source: 'firstEvents', events: 300 }, window: { type: 'eventTime', size: '2m' } }],
  }));
  const lines = events.map((e) => JSON.stringify(e));
  const poisoned = [...lines.slice(0, 700),
    JSON.stringify({ ...events[700], event_id: 'far', timestamp: Date.now() + 86_400_000 }),
    JSON.stringify({ ...events[700], event_id: 'huge', model_version: 'v'.repeat(70_000) }),
    `{"event_id":"deep","model_id":"credit-risk","model_version":"v1","timestamp":1,"features":{"f":${'['.repeat(400_000)}${']'.repeat(400_000)}}}`,
    ...lines.slice(700)];
  const cleanFile = join(dir, 'clean.jsonl');
  const poisonFile = join(dir, 'poisoned.jsonl');
  await writeFile(cleanFile, lines.join('\n'));
  await writeFile(poisonFile, poisoned.join('\n'));
  const clean = await runCli(['replay', '--config', config, '--events', cleanFile, '--out', join(dir, 'clean.out')]);
  const dirty = await runCli(['replay', '--config', config, '--events', poisonFile, '--out', join(dir, 'poisoned.out')]);
  assert.equal(clean.code, 0, clean.stderr);
  assert.equal(dirty.code, 0, dirty.stderr);
  assert.match(dirty.stderr, /skipped .*poisoned\.jsonl:701: event time .* beyond window\.maxFutureSkew/);
  assert.match(dirty.stderr, /skipped .*poisoned\.jsonl:702: model_version is 70000 characters/);
  assert.match(dirty.stderr, /skipped .*poisoned\.jsonl:703: /);
  assert.match(dirty.stderr, /1500 events, .* 3 records skipped/);
  const reports = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; report_id?: string; created_at?: number })
    .filter((r) => r.type === 'window_report').map(({ created_at: _, ...r }) => r);
  const expected = await reports(join(dir, 'clean.out'));
  assert.ok(expected.length >= 5);
  assert.deepEqual(await reports(join(dir, 'poisoned.out')), expected);
});
