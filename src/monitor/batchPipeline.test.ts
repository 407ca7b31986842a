import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { predictionStream } from '../../test/support/predictionStream.ts';
import { seededRandom } from '../../test/support/random.ts';
import { configSchema } from '../config/configSchema.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import { BatchPipeline } from './batchPipeline.ts';
import { MemoryJoinRecords } from './memoryJoinRecords.ts';
import { MonitorEngine } from './monitorEngine.ts';

const events = predictionStream(seededRandom(3), { modelId: 'm', count: 60 });

function event(i: number, model = 'm'): PredictionEvent {
  return { ...events[i], model_id: model, event_id: `e${i}` };
}

describe('BatchPipeline', () => {
  const config = configSchema.parse({ monitors: [{ model: 'm', window: { type: 'count', size: 20 }, reference: { source: 'firstEvents', events: 20 }, performance: { task: 'classification', maxPendingJoins: 1000 } }] }).monitors[0];

  test('events: applied, unmonitored and rejected apart; join records only past restoredThrough; labels join once', async () => {
    let now = 0;
    const engine = new MonitorEngine({ monitors: [config], now: () => now });
    const pipeline = new BatchPipeline(engine);
    const joins = new MemoryJoinRecords(() => now);
    const batch = events.map((_, i) => ({ event: event(i), position: i }));
    batch.push({ event: event(0, 'other'), position: 60 });
    const result = pipeline.events('predictions', batch, joins, 1);
    assert.equal(result.applied.length, 60);
    assert.deepEqual(result.unmonitored.map((u) => u.position), [60]);
    assert.equal(result.rejected.length, 0);
    assert.deepEqual(result.joinWrites.map((w) => w.key), events.slice(2).map((_, i) => JSON.stringify(['m', `e${i + 2}`])), 'nothing stored for events the checkpoint holds');
    assert.ok(result.output.reports.length >= 1, 'the closed windows are reported');
    joins.apply(result.joinWrites, []);
    const labels = await pipeline.labels([{ label: { event_id: 'e3', model_id: 'm', timestamp: events[59].timestamp, label: '1' }, position: 0 }, { label: { event_id: 'e0', model_id: 'm', timestamp: events[59].timestamp, label: '1' }, position: 1 }, { label: { event_id: 'e0', model_id: 'nobody', timestamp: events[59].timestamp, label: '1' }, position: 2 }], joins);
    assert.deepEqual(labels.outcomes.map((o) => o.outcome), ['joined', 'orphan']);
    assert.equal(labels.unmonitored.length, 1);
    joins.apply([], labels.joinDeletes);
    const again = await pipeline.labels([{ label: { event_id: 'e3', model_id: 'm', timestamp: events[59].timestamp, label: '1' }, position: 3 }], joins);
    assert.deepEqual(again.outcomes.map((o) => o.outcome), ['orphan'], 'a joined record is gone');
    now = config.performance!.joinTtl;
    const expired = await pipeline.labels([{ label: { event_id: 'e4', model_id: 'm', timestamp: events[59].timestamp, label: '1' }, position: 4 }], joins);
    assert.deepEqual(expired.outcomes.map((o) => o.outcome), ['orphan'], 'records expire after joinTtl, as in Redis');
  });

  test('an event the engine fails on is rejected and the batch goes on', () => {
    const timed = configSchema.parse({ monitors: [{ model: 'm', window: { type: 'eventTime', size: '1h' } }] }).monitors[0];
    const engine = new MonitorEngine({ monitors: [timed], now: () => 0 });
    const pipeline = new BatchPipeline(engine);
    const bad = { ...event(1), timestamp: Number.NaN };
    const result = pipeline.events('predictions', [{ event: event(0), position: 0 }, { event: bad, position: 1 }, { event: event(2), position: 2 }], new MemoryJoinRecords());
    assert.deepEqual(result.applied.map((a) => a.position), [0, 2]);
    assert.deepEqual(result.rejected.map((r) => r.input.position), [1]);
  });
});
