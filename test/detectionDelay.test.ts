import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DRIFTWATCH_CONFIGS, engineSignals } from '../bench/detectionDelay.ts';
import { delayStream, MODEL, rampScenario, stepScenario } from '../bench/delayStreams.ts';
import { detectionOutcome } from '../bench/firstDetection.ts';
import { benchPython, runRiver } from '../bench/riverDelay.ts';
import { configSchema } from '../src/config/configSchema.ts';

describe('detection delay bench: the delay computation', () => {
  test('first signal at or after the change gives the delay; earlier signals from watchFrom on are false alarms', () => {
    assert.deepEqual(detectionOutcome([4000, 5200, 7000, 6100, 6500], 6000, 5000), { delay: 100, detectedAt: 6100, falseAlarms: 1 });
    assert.deepEqual(detectionOutcome([4000, 5200], 6000), { delay: null, detectedAt: null, falseAlarms: 2 });
    assert.deepEqual(detectionOutcome([6000], 6000), { delay: 0, detectedAt: 6000, falseAlarms: 0 });
    assert.deepEqual(detectionOutcome([5999], 6000), { delay: null, detectedAt: null, falseAlarms: 1 });
    assert.throws(() => detectionOutcome([1.5], 6000), RangeError);
    assert.throws(() => detectionOutcome([], 10, 11), RangeError);
  });

  test('a 1σ step on a window boundary alerts where the second changed window closes (persistence 2 of 3)', () => {
    const changeAt = 5000 + 3000;
    const stream = delayStream(stepScenario(1, 3000), 11, changeAt);
    const config = configSchema.parse({ monitors: [{ model: MODEL, ...DRIFTWATCH_CONFIGS['driftwatch default (count 1000)'] }] }).monitors[0];
    const signals = engineSignals(config, stream, changeAt);
    // Windows after the 5,000-event reference close at 5999, 6999, 7999 (clean), then 8999 and 9999 (changed).
    assert.deepEqual(signals.drifted, [9999]);
    assert.deepEqual(detectionOutcome(signals.drifted, changeAt, 5000), { delay: 1999, detectedAt: 9999, falseAlarms: 0 });
  });

  test('streams change x0 only, at the change point; a ramp reaches its shift at its last event', () => {
    const stream = delayStream(stepScenario(1, 20_000), 3, 20_000);
    const mean = (from: number, to: number) => stream.drifted.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);
    assert.ok(Math.abs(mean(0, 20_000)) < 0.03);
    assert.ok(Math.abs(mean(20_000, 40_000) - 1) < 0.03);
    const events = [...stream.events()];
    assert.equal(events[25_000].features.x0, stream.drifted[25_000]);
    const ramp = rampScenario(1, 20_000, 30_000);
    assert.equal(ramp.meanAfter!(0), 1 / 20_000);
    assert.equal(ramp.meanAfter!(19_999), 1);
    assert.equal(ramp.meanAfter!(25_000), 1);
  });
});

describe('detection delay bench: River', () => {
  test('without a usable Python the River comparison is skipped with its reason, never made up', async () => {
    const env = { DRIFTWATCH_BENCH_PYTHON: '/nonexistent/python' };
    assert.deepEqual(benchPython(env), { skipped: 'DRIFTWATCH_BENCH_PYTHON=/nonexistent/python does not exist' });
    const run = await runRiver([{ id: 's', changeAt: 10, values: new Float64Array(20) }], 42, env);
    assert.deepEqual(run, { ran: false, skipped: 'DRIFTWATCH_BENCH_PYTHON=/nonexistent/python does not exist' });
  });
});
