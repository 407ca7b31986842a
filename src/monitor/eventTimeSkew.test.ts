import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { predictionStream } from '../../test/support/predictionStream.ts';
import { seededRandom } from '../../test/support/random.ts';
import { configSchema, type MonitorConfig } from '../config/configSchema.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import { appendOutput, emptyOutput, type EngineOutput } from './engineOutput.ts';
import { EventRejectedError } from './eventRejectedError.ts';
import { MonitorEngine } from './monitorEngine.ts';

const MODEL = 'credit-risk';
const config: MonitorConfig = configSchema.parse({
  monitors: [{ model: MODEL, reference: { source: 'firstEvents', events: 500 }, window: { type: 'eventTime', size: '5m' } }],
}).monitors[0];

/** Events one per second from 2026-01-01, with the wall clock a day after the last of them. */
function setting() {
  const events = predictionStream(seededRandom(5), { modelId: MODEL, count: 3000 });
  const wallClock = () => events.at(-1)!.timestamp + 86_400_000;
  return { events, wallClock };
}

function run(engine: MonitorEngine, events: PredictionEvent[], poison?: { at: number; event: PredictionEvent }): { out: EngineOutput; rejected: string[] } {
  const out = emptyOutput();
  const rejected: string[] = [];
  let position = 0;
  for (let i = 0; i < events.length; i++) {
    if (poison && i === poison.at) {
      try {
        appendOutput(out, engine.ingest('predictions', poison.event, position++));
      } catch (error) {
        assert.ok(error instanceof EventRejectedError, String(error));
        rejected.push(error.message);
      }
    }
    appendOutput(out, engine.ingest('predictions', events[i], position++));
  }
  return { out, rejected };
}

describe('event time cannot be poisoned', () => {
  test('the default maxFutureSkew is one hour', () => {
    assert.equal(config.window.type === 'eventTime' && config.window.maxFutureSkew, 3_600_000);
  });

  for (const timestamp of [8.64e15, 1e300, Number.NaN, -1]) {
    test(`an event at ${timestamp} is refused before it touches state, and every later window still closes`, () => {
      const { events, wallClock } = setting();
      const clean = run(new MonitorEngine({ monitors: [config], now: () => 0, wallClock }), events);
      const poison = { ...events[1500], event_id: 'poison', timestamp };
      const poisoned = run(new MonitorEngine({ monitors: [config], now: () => 0, wallClock }), events, { at: 1500, event: poison });
      assert.equal(poisoned.rejected.length, 1);
      assert.match(poisoned.rejected[0], Number.isFinite(timestamp) && timestamp > 0 ? /beyond window\.maxFutureSkew \(3600000 ms\)/ : /cannot place the event/);
      assert.ok(clean.out.reports.length >= 5);
      // Positions differ by one after the poison; reports are identified by window, not position.
      assert.deepEqual(poisoned.out.reports.map((r) => r.report_id), clean.out.reports.map((r) => r.report_id));
      assert.deepEqual(poisoned.out.reports.map((r) => r.window), clean.out.reports.map((r) => r.window));
    });
  }

  test('an event within the skew is applied', () => {
    const { events, wallClock } = setting();
    const engine = new MonitorEngine({ monitors: [config], now: () => 0, wallClock });
    engine.ingest('predictions', { ...events[0], timestamp: wallClock() + 3_600_000 }, 0);
  });

  test('count windows do not read event time and are not bounded by it', () => {
    const count = configSchema.parse({ monitors: [{ model: MODEL, window: { type: 'count', size: 100 } }] }).monitors[0];
    const engine = new MonitorEngine({ monitors: [count], now: () => 0, wallClock: () => 0 });
    engine.ingest('predictions', { ...setting().events[0], timestamp: 8e15 }, 0);
  });
});
