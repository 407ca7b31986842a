import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { defaultInputLimits } from '../../config/limitsSchema.ts';
import { readLabelEvents, readPredictionEvents, type RejectedRecord } from './readEvents.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'driftwatch-read-events-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const event = (extra: object) => JSON.stringify({ event_id: 'e', model_id: 'm', model_version: 'v1', timestamp: 1_767_225_600_000, features: { a: 1 }, ...extra });

test('replay files are held to the same input limits: records over one are rejected as limit, with their line', async () => {
  const path = join(dir, 'events.jsonl');
  await writeFile(path, [event({}), event({ model_version: 'v'.repeat(70_000) }), event({ timestamp: 1e300 }), event({ event_id: 'ok' })].join('\n'));
  const rejected: RejectedRecord[] = [];
  const ids: string[] = [];
  for await (const { event: e } of readPredictionEvents(path, { onRejected: (r) => rejected.push(r), limits: defaultInputLimits })) ids.push(e.event_id);
  assert.deepEqual(ids, ['e', 'ok']);
  assert.deepEqual(rejected.map((r) => [r.location, r.kind]), [[`${path}:2`, 'limit'], [`${path}:3`, 'limit']]);
  assert.match(rejected[0].message, /model_version is 70000 characters, over limits\.maxIdLength/);

  const labels = join(dir, 'labels.jsonl');
  await writeFile(labels, [JSON.stringify({ event_id: 'e', model_id: 'm', timestamp: -5, label: 1 }), JSON.stringify({ event_id: 'e', model_id: 'm', timestamp: 5, label: 1 })].join('\n'));
  const labelRejected: RejectedRecord[] = [];
  const read: number[] = [];
  for await (const { label } of readLabelEvents(labels, { onRejected: (r) => labelRejected.push(r), limits: defaultInputLimits })) read.push(label.timestamp);
  assert.deepEqual(read, [5]);
  assert.deepEqual(labelRejected.map((r) => r.kind), ['limit']);
});
