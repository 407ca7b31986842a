import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventAt, ValueTag } from './eventBatch.ts';
import { EventBatchBuilder } from './eventBatchBuilder.ts';
import type { PredictionEvent } from './events.ts';

const event = (i: number, features: PredictionEvent['features']): PredictionEvent => ({
  event_id: `e${i}`, model_id: 'm', model_version: 'v1', timestamp: 1_000 + i, features,
  prediction: { score: i / 10, label: i % 2 ? 'yes' : null, probabilities: i === 1 ? { yes: 0.4, no: 0.6 } : null },
  latency_ms: i === 2 ? null : 5 + i, attributes: i === 0 ? { region: 'eu' } : {},
});

test('rows read back as the events that were added, across growth, with absent fields absent', () => {
  const events = Array.from({ length: 200 }, (_, i) => event(i, i % 3 === 0
    ? { age: i, city: 'berlin', vip: i % 2 === 0 }
    : i % 3 === 1 ? { age: null, city: 'paris', extra: Number.NaN } : { age: Infinity }));
  const builder = new EventBatchBuilder(4);
  events.forEach((e, i) => builder.add(e, 10 + i));
  const batch = builder.finish();
  assert.equal(batch.length, 200);
  assert.deepEqual(Array.from({ length: 200 }, (_, i) => eventAt(batch, i)), events);
  assert.equal(batch.positions[199], 209);
  const city = batch.features.get('city')!;
  assert.equal(city.tags[2], ValueTag.absent);
  assert.deepEqual(city.dictionary, ['berlin', 'paris']);
});

test('a cancelled event leaves nothing behind and the next event takes its row', () => {
  const builder = new EventBatchBuilder();
  builder.add(event(0, { age: 1 }), 0);
  builder.startEvent(1, 'bad', 'm', 'v1', 5);
  builder.featureNumber('age', 99);
  builder.feature('blob', { nested: true });
  builder.score(0.3);
  builder.cancelEvent();
  builder.add(event(2, { city: 'rome' }), 2);
  const batch = builder.finish();
  assert.equal(batch.length, 2);
  assert.deepEqual(eventAt(batch, 1), event(2, { city: 'rome' }));
  assert.equal(batch.features.get('blob')!.others.size, 0);
});

test('values that are not null, numbers, strings or booleans are kept as `other`', () => {
  const builder = new EventBatchBuilder();
  builder.startEvent(0, 'e', 'm', 'v', 0);
  builder.feature('n', 12n);
  builder.endEvent();
  const batch = builder.finish();
  assert.equal(batch.features.get('n')!.tags[0], ValueTag.other);
  assert.equal(eventAt(batch, 0).features.n, 12n as unknown);
});

test('starting an event before ending the last, or finishing mid-event, is a programming error', () => {
  const builder = new EventBatchBuilder();
  builder.startEvent(0, 'e', 'm', 'v', 0);
  assert.throws(() => builder.startEvent(1, 'f', 'm', 'v', 0), /before the previous event ended/);
  assert.throws(() => builder.finish(), /while an event is being written/);
});
