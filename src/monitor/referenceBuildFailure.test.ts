import assert from 'node:assert/strict';
import { test } from 'node:test';
import { predictionStream } from '../../test/support/predictionStream.ts';
import { seededRandom } from '../../test/support/random.ts';
import { configSchema } from '../config/configSchema.ts';
import { entryKey, MonitorEngine } from './monitorEngine.ts';
import { ReferenceBuildError } from './referenceBuildError.ts';

test('events that cannot complete a reference are refused one by one, and leave nothing behind', () => {
  // 'missing' is configured numeric but no event carries it: the reference cannot be built from the first 50.
  const monitors = configSchema.parse({
    monitors: [{ model: 'm', features: { missing: 'numeric', age: 'numeric' }, reference: { source: 'firstEvents', events: 50 }, window: { type: 'count', size: 50 } }],
  }).monitors;
  const engine = new MonitorEngine({ monitors, now: () => 0 });
  const events = predictionStream(seededRandom(2), { modelId: 'm', count: 200 });
  const refused: number[] = [];
  for (let i = 0; i < 120; i++) {
    try {
      engine.ingest('predictions', events[i], i);
    } catch (error) {
      assert.ok(error instanceof ReferenceBuildError, String(error));
      assert.match(error.message, /model m version v1: the reference cannot be built from its first 50 events \(a numeric reference needs at least one finite value\); check monitors\[\]\.features/);
      refused.push(i);
    }
  }
  assert.deepEqual(refused, Array.from({ length: 71 }, (_, k) => 49 + k));
  assert.equal(engine.resumeFrom(entryKey('predictions', 'm', 'v1')), 0, 'still collecting from the first event');
  // One event that carries the feature completes the reference from the 49 held and itself: nothing refused was kept.
  engine.ingest('predictions', { ...events[120], features: { ...events[120].features, missing: 1 } }, 120);
  let reports = 0;
  for (let i = 121; i < 171; i++) reports += engine.ingest('predictions', events[i], i).reports.length;
  assert.equal(reports, 1, 'the first window closes after exactly 50 more events');
});

test('a monitor created for an event the engine refused is not kept', () => {
  const monitors = configSchema.parse({
    monitors: [{ model: 'm', features: { missing: 'numeric' }, reference: { source: 'firstEvents', events: 1 }, window: { type: 'count', size: 5 } }],
  }).monitors;
  const engine = new MonitorEngine({ monitors, now: () => 0 });
  const [event] = predictionStream(seededRandom(3), { modelId: 'm', count: 1 });
  assert.throws(() => engine.ingest('predictions', event, 0), ReferenceBuildError);
  assert.deepEqual(engine.takeDirty(), []);
  assert.equal(engine.snapshot(entryKey('predictions', 'm', 'v1')), undefined);
});
