/**
 * BatchPipeline.eventBatch (columns, MonitorEngine.ingestRows) against BatchPipeline.events (one event at a
 * time): the same reports, alerts, retraining requests, join writes, refusals and saved state, batch after
 * batch, whatever the batch boundaries, for every window kind and the awkward values a producer sends.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seededRandom, type Random } from '../../test/support/random.ts';
import { configSchema } from '../config/configSchema.ts';
import { EventBatchBuilder } from '../contracts/eventBatchBuilder.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import { BatchPipeline, type RowWriter } from './batchPipeline.ts';
import { MemoryJoinRecords } from './memoryJoinRecords.ts';
import { MonitorEngine } from './monitorEngine.ts';

const T0 = 1_767_225_600_000;
const WALL_CLOCK = T0 + 3_600_000 * 24 * 30;

/** Events of several models and versions in runs, with nulls, NaN, ±Infinity, wrong types and features that come and go. */
function stream(r: Random, count: number, options: { shuffleMs?: number } = {}): PredictionEvent[] {
  const out: PredictionEvent[] = [];
  let version = 'v1';
  let model = 'm';
  for (let i = 0; i < count; i++) {
    if (r.uniform() < 0.02) version = r.pick(['v1', 'v2', 'v3'], [0.5, 0.3, 0.2]);
    if (r.uniform() < 0.02) model = r.pick(['m', 'other'], [0.85, 0.15]);
    const odd = r.uniform();
    const income = odd < 0.02 ? null : odd < 0.03 ? Number.NaN : odd < 0.035 ? Infinity : odd < 0.04 ? 'n/a' : odd < 0.045 ? true : Math.exp(10 + 0.5 * r.normal() + (i > count / 2 ? 0.4 : 0));
    const features: PredictionEvent['features'] = { income, age: Math.round(r.normal(40, 10)), region: r.pick(['north', 'south', 'east', 'west', 'central'], [0.4, 0.3, 0.2, 0.09, 0.01]) };
    const regionOdd = r.uniform();
    if (regionOdd < 0.02) features.region = 7;
    else if (regionOdd < 0.03) features.region = false;
    else if (regionOdd < 0.04) features.region = null;
    else if (regionOdd < 0.05) delete features.region;
    if (r.uniform() < 0.05) features.extra_b = r.uniform();
    if (r.uniform() < 0.03) features.extra_a = r.pick(['x', 'y'], [0.5, 0.5]);
    const score = r.uniform() < 0.03 ? null : r.uniform() < 0.01 ? Number.NaN : r.uniform();
    const shuffle = options.shuffleMs ? Math.round((r.uniform() - 0.7) * options.shuffleMs) : 0;
    out.push({
      event_id: `e${i}`,
      model_id: model,
      model_version: version,
      timestamp: r.uniform() < 0.002 ? WALL_CLOCK + 86_400_000 : T0 + i * 1000 + shuffle,
      features,
      prediction: { score, label: r.uniform() < 0.1 ? null : score !== null && score >= 0.5 ? 'yes' : 'no', probabilities: null },
      latency_ms: r.uniform() < 0.05 ? null : r.uniform() * 30,
      attributes: {},
    });
  }
  return out;
}

const WRITERS: RowWriter[] = [{ id: 1, schema: { type: 'record', name: 'E', fields: [{ name: 'a', type: 'int' }] } }, { id: 2, schema: { type: 'record', name: 'E', fields: [{ name: 'a', type: 'int' }, { name: 'b', type: ['null', 'int'], default: null }] } }];

function compare(monitor: Record<string, unknown>, events: PredictionEvent[], seed: number, privacy?: Record<string, unknown>, unstorable?: (eventId: string) => boolean) {
  const config = configSchema.parse({ monitors: [{ model: 'm', maxVersions: 2, versionIdleTimeout: '2m', ...monitor }], ...(privacy ? { privacy } : {}) });
  let now = 0;
  const make = () => new MonitorEngine({ monitors: config.monitors, privacy: config.privacy, now: () => now, wallClock: () => WALL_CLOCK });
  const byEvent = make();
  const byRows = make();
  const eventPipeline = new BatchPipeline(byEvent);
  const rowPipeline = new BatchPipeline(byRows);
  // A join record that cannot be stored (as one over Redis's size bound) refuses its event in both paths.
  const failing = (joins: MemoryJoinRecords): MemoryJoinRecords => {
    const writeFor = joins.writeFor.bind(joins);
    joins.writeFor = (modelId, eventId, record, ttl) => {
      if (unstorable?.(eventId)) throw new RangeError(`join record of ${eventId} too large`);
      return writeFor(modelId, eventId, record, ttl);
    };
    return joins;
  };
  const eventJoins = failing(new MemoryJoinRecords(() => now));
  const rowJoins = failing(new MemoryJoinRecords(() => now));
  const r = seededRandom(seed);
  let writer = 0;
  let reports = 0;
  let refused = 0;
  for (let from = 0; from < events.length;) {
    const size = 1 + Math.floor(r.uniform() * r.uniform() * 400);
    const slice = events.slice(from, from + size);
    const writers = slice.map(() => {
      if (r.uniform() < 0.01) writer = 1 - writer;
      return r.uniform() < 0.05 ? undefined : WRITERS[writer];
    });
    const restoredThrough = from > 0 && r.uniform() < 0.1 ? from + 2 : -1;
    const decoded = slice.map((event, i) => ({ event, position: from + i, writer: writers[i] }));
    const builder = new EventBatchBuilder();
    slice.forEach((event, i) => builder.add(event, from + i));
    const expected = eventPipeline.events('predictions', decoded, eventJoins, restoredThrough);
    const actual = rowPipeline.eventBatch('predictions', builder.finish(), rowJoins, restoredThrough, writers);
    const at = `batch from ${from}`;
    assert.deepEqual(actual.output, expected.output, `${at}: output`);
    assert.deepEqual(actual.applied.map((row) => from + row), expected.applied.map((a) => a.position), `${at}: applied`);
    assert.deepEqual(actual.unmonitored.map((row) => from + row), expected.unmonitored.map((a) => a.position), `${at}: unmonitored`);
    assert.deepEqual(actual.rejected.map((x) => [from + x.input, (x.error as Error).message]), expected.rejected.map((x) => [x.input.position, (x.error as Error).message]), `${at}: rejected`);
    assert.deepEqual(actual.joinWrites, expected.joinWrites, `${at}: join writes`);
    refused += expected.rejected.length;
    eventJoins.apply(expected.joinWrites, []);
    rowJoins.apply(actual.joinWrites, []);
    assert.deepEqual(new Set(byRows.takeDirty()), new Set(byEvent.takeDirty()), `${at}: dirty entries`);
    reports += expected.output.reports.length;
    from += size;
    now += 1000;
  }
  assert.deepEqual(byRows.flush(), byEvent.flush(), 'flush');
  const keys = byEvent.takeDirty();
  assert.deepEqual(byRows.takeDirty(), keys);
  for (const key of keys) assert.deepEqual(byRows.snapshot(key), byEvent.snapshot(key), `saved state of ${key}`);
  assert.deepEqual(byRows.takeRetired(), byEvent.takeRetired(), 'retired entries');
  assert.ok(reports > 3, `the stream closes windows (${reports} reports)`);
  if (unstorable) assert.ok(refused > 0, 'the unstorable join records refused their events');
}

describe('BatchPipeline.eventBatch equals BatchPipeline.events', () => {
  const performance = { task: 'classification', positiveLabel: 'yes', maxPendingJoins: 500 };

  test('count windows, tumbling, first events as the reference, quality, joins, versions retired for idleness and for room', () => {
    compare({ window: { type: 'count', size: 50 }, reference: { source: 'firstEvents', events: 40 }, performance }, stream(seededRandom(1), 3000), 11, undefined, (id) => Number(id.slice(1)) % 97 === 0);
  });

  test('count windows, hopping with panes', () => {
    compare({ window: { type: 'count', size: 60, hop: 20 }, reference: { source: 'firstEvents', events: 30 }, features: { income: 'numeric', age: 'numeric', region: 'categorical' } }, stream(seededRandom(2), 2500), 12);
  });

  test('event-time windows, hopping, out of order with lateness, events beyond maxFutureSkew refused', () => {
    compare({ window: { type: 'eventTime', size: '1m', hop: '20s', allowedLateness: '5s', maxFutureSkew: '1h' }, reference: { source: 'firstEvents', events: 50 }, performance }, stream(seededRandom(3), 3000, { shuffleMs: 12_000 }), 13);
  });

  test('privacy.hashCategories: hashed names and categories, readable features kept', () => {
    compare(
      { window: { type: 'count', size: 40 }, reference: { source: 'firstEvents', events: 40 } },
      stream(seededRandom(4), 2000), 14, { hashCategories: true, secret: 'a-secret-of-sixteen-chars', readableFeatures: ['age'] },
    );
  });

  test('previousWindow references take events one by one', () => {
    compare({ window: { type: 'count', size: 50 }, reference: { source: 'previousWindow' } }, stream(seededRandom(5), 1500), 15);
  });
});
