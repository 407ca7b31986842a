import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { predictionStream } from '../../test/support/predictionStream.ts';
import { seededRandom } from '../../test/support/random.ts';
import { configSchema, type MonitorConfig } from '../config/configSchema.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import { appendOutput, emptyOutput, type EngineOutput } from './engineOutput.ts';
import { MonitorEngine } from './monitorEngine.ts';

const MODEL = 'credit-risk';

function monitorConfig(monitor: Record<string, unknown>): MonitorConfig {
  return configSchema.parse({ monitors: [{ model: MODEL, ...monitor }] }).monitors[0];
}

function stream(): PredictionEvent[] {
  const rng = seededRandom(7);
  return [
    ...predictionStream(rng, { modelId: MODEL, count: 3000 }),
    ...predictionStream(rng, { modelId: MODEL, count: 3000, from: 3000, incomeShift: 0.8 }),
  ];
}

const clock = () => 0;

function run(engine: MonitorEngine, events: PredictionEvent[], from: number, to: number): EngineOutput {
  const out = emptyOutput();
  for (let i = from; i < to; i++) appendOutput(out, engine.ingest('predictions', events[i], i));
  return out;
}

/** Outputs keyed by id; a duplicate must equal its first copy. */
function byId(output: EngineOutput): Map<string, unknown> {
  const all = new Map<string, unknown>();
  const add = (id: string, record: unknown) => {
    const seen = all.get(id);
    if (seen !== undefined) assert.deepEqual(record, seen, `output ${id} published twice with different contents`);
    all.set(id, record);
  };
  for (const r of output.reports) add(r.report_id, r);
  for (const a of output.alerts) add(a.alert_id, a);
  for (const q of output.retrainRequests) add(q.request_id, q);
  return all;
}

/**
 * Processes events up to `cut`, saves every entry as the service's checkpoint would, restores them into a
 * new engine, and goes on from where the engine says the input must be read again.
 */
function runWithRestart(config: MonitorConfig, events: PredictionEvent[], cut: number): EngineOutput {
  const first = new MonitorEngine({ monitors: [config], now: clock });
  const out = run(first, events, 0, cut);
  const saved = new Map(first.takeDirty().map((key) => [key, first.snapshot(key)!]));
  const second = new MonitorEngine({ monitors: [config], now: clock });
  second.restoreAll(saved);
  const resume = Math.min(cut, ...[...saved.keys()].map((key) => second.resumeFrom(key) ?? cut));
  return appendOutput(out, run(second, events, resume, events.length));
}

/**
 * The service's life with several restarts: events come in batches of `batch`; after each batch the entries
 * it changed are saved over the previous checkpoint (as the service's Redis hash keeps the others) with the
 * batch's last position. At each position of `restarts` the process dies after its checkpoint; a new engine
 * restores the checkpoint and reads again from its offset + 1, or earlier where an entry says so.
 */
function runWithRestarts(config: MonitorConfig, events: PredictionEvent[], restarts: readonly number[], batch: number): EngineOutput {
  const out = emptyOutput();
  const saved = new Map<string, Buffer>();
  let engine = new MonitorEngine({ monitors: [config], now: clock });
  let at = 0;
  const pending = [...restarts].sort((a, b) => a - b);
  while (at < events.length) {
    const end = Math.min(events.length, at + batch, pending[0] ?? Infinity);
    appendOutput(out, run(engine, events, at, end));
    for (const key of engine.takeDirty()) saved.set(key, engine.snapshot(key)!);
    at = end;
    if (pending[0] === end) {
      pending.shift();
      engine = new MonitorEngine({ monitors: [config], now: clock });
      engine.restoreAll(saved);
      at = Math.min(end, ...[...saved.keys()].map((key) => engine.resumeFrom(key) ?? end));
    }
  }
  return out;
}

/** Every 10th event 25 s behind (within a 30 s lateness), every 50th seven minutes behind (past every window of a 5 m window with 30 s lateness: counted late, not applied). */
function disordered(events: PredictionEvent[]): PredictionEvent[] {
  return events.map((e, i) => (i % 50 === 7 ? { ...e, timestamp: e.timestamp - 420_000 } : i % 10 === 3 ? { ...e, timestamp: e.timestamp - 25_000 } : e));
}

describe('MonitorEngine state survives a restart exactly', () => {
  const ordered = stream();
  const cases: [string, Record<string, unknown>, PredictionEvent[]?][] = [
    ['count windows, reference from the first events', { reference: { source: 'firstEvents', events: 2000 }, window: { type: 'count', size: 500 } }],
    ['hopping count windows', { reference: { source: 'firstEvents', events: 2000 }, window: { type: 'count', size: 500, hop: 250 } }],
    ['event-time windows with lateness', { reference: { source: 'firstEvents', events: 2000 }, window: { type: 'eventTime', size: '5m', hop: '1m', allowedLateness: '30s' } }],
    // A step shows against the previous window once, so this one alerts on a single breach.
    ['event-time hopping windows with out-of-order and late events', { reference: { source: 'firstEvents', events: 2000 }, window: { type: 'eventTime', size: '5m', hop: '1m', allowedLateness: '30s' } }, disordered(ordered)],
    ['the previous window as reference', { reference: { source: 'previousWindow' }, window: { type: 'count', size: 500 }, persistence: { k: 1, n: 1 } }],
  ];
  for (const [name, monitor, events = ordered] of cases) {
    test(name, () => {
      const config = monitorConfig(monitor);
      const baseline = byId(run(new MonitorEngine({ monitors: [config], now: clock }), events, 0, events.length));
      assert.ok([...baseline.values()].some((r) => (r as { type?: string; detector?: string }).detector?.startsWith('drift.')), 'the shift raises a drift alert');
      if (events !== ordered) assert.ok([...baseline.values()].some((r) => ((r as { late_events?: number }).late_events ?? 0) > 0), 'some windows report late events');
      for (const cut of [1, 1500, 2000, 2001, 2499, 3777, 5999]) {
        assert.deepEqual(byId(runWithRestart(config, events, cut)), baseline, `restart after ${cut} events`);
      }
      // Restarts that follow each other, with checkpoints between them that cross no window boundary: what a
      // restored monitor saves must still resume exactly (kill -9 or SIGTERM several times in one window).
      for (const [restarts, batch] of [[[2100, 2200, 2300, 2400], 50], [[1999, 2001, 2250, 2499, 2501, 3100, 3300], 37], [[700, 2600, 2650, 4020, 4030], 100]] as const) {
        assert.deepEqual(byId(runWithRestarts(config, events, restarts, batch)), baseline, `restarts after ${restarts.join(', ')} events, checkpoints every ${batch}`);
      }
    });
  }
});

describe('MonitorEngine routing', () => {
  test('events of unmonitored models and streams produce nothing', () => {
    const engine = new MonitorEngine({ monitors: [monitorConfig({ window: { type: 'count', size: 100 } })], now: clock });
    const [event] = predictionStream(seededRandom(1), { modelId: 'other', count: 1 });
    assert.equal(engine.monitors('predictions', 'other'), false);
    assert.deepEqual(engine.ingest('predictions', event, 0), emptyOutput());
    assert.equal(engine.monitors('features', MODEL), false);
    assert.deepEqual(engine.takeDirty(), []);
  });

  test('each model version gets its own reference', () => {
    const config = monitorConfig({ reference: { source: 'firstEvents', events: 100 }, window: { type: 'count', size: 100 } });
    const engine = new MonitorEngine({ monitors: [config], now: clock });
    const rng = seededRandom(3);
    const v1 = predictionStream(rng, { modelId: MODEL, modelVersion: 'v1', count: 300 });
    const v2 = predictionStream(rng, { modelId: MODEL, modelVersion: 'v2', count: 150, incomeShift: 3 });
    const out = run(engine, [...v1, ...v2], 0, 450);
    const versions = out.reports.map((r) => r.model_version);
    assert.deepEqual(versions, ['v1', 'v1'], 'v2 builds its own reference from its first 100 events: its first window is still open');
    assert.deepEqual(engine.takeDirty().map((key) => JSON.parse(key)).sort(), [
      ['predictions', MODEL, 'v1'],
      ['predictions', MODEL, 'v2'],
      ['predictions:profile', MODEL, 'v1'],
      ['predictions:profile', MODEL, 'v2'],
    ], 'each version has its state and, once its reference is built, a profile entry');
  });
});
