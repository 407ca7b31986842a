import assert from 'node:assert/strict';
import { test } from 'node:test';
import { predictionStream } from '../../test/support/predictionStream.ts';
import { seededRandom } from '../../test/support/random.ts';
import { configSchema } from '../config/configSchema.ts';
import { entryKey, MonitorEngine } from './monitorEngine.ts';
import { InvalidPairError } from '../detectors/performance/labels.ts';
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

test('a label whose prediction cannot be judged is refused before it touches the performance window', () => {
  const monitors = configSchema.parse({
    monitors: [{ model: 'c', window: { type: 'count', size: 50 }, performance: { task: 'classification', positiveLabel: '1', windowSize: 4 } }],
  }).monitors;
  const run = (poison: boolean) => {
    const engine = new MonitorEngine({ monitors, now: () => 0 });
    const reports: unknown[] = [];
    const refused: string[] = [];
    let position = 0;
    for (let i = 0; i < 12; i++) {
      if (poison && i % 3 === 1) {
        for (const prediction of [{ score: Number.POSITIVE_INFINITY, label: null }, { score: null, label: null }]) {
          try {
            engine.ingestLabel({ event_id: `bad${i}`, model_id: 'c', timestamp: 2, label: '1' }, { modelVersion: 'v1', timestamp: 1, ...prediction }, position++);
          } catch (error) {
            assert.ok(error instanceof InvalidPairError, String(error));
            refused.push(error.message);
          }
        }
      }
      const { output } = engine.ingestLabel({ event_id: `e${i}`, model_id: 'c', timestamp: 2, label: i % 2 ? '1' : '0' }, { modelVersion: 'v1', timestamp: 1, score: (i % 5) / 5, label: null }, position++);
      reports.push(...output.reports.map(({ report_id, window, model_metrics }) => ({ report_id, window, model_metrics })));
    }
    return { reports, refused };
  };
  const clean = run(false);
  const poisoned = run(true);
  assert.equal(poisoned.refused.length, 8);
  assert.match(poisoned.refused[0], /prediction score is Infinity/);
  assert.match(poisoned.refused[1], /neither a label nor a score/);
  assert.equal(clean.reports.length, 3);
  assert.deepEqual(poisoned.reports, clean.reports, 'every window holds exactly its valid pairs');
});
