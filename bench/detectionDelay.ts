/**
 * Detection delay on a step and a gradual change of one feature's mean: events from the change point to
 * driftwatch's first alert on that feature, through the real engine (MonitorEngine, in memory, no Kafka)
 * with the default count window and with tuned hopping windows, beside River's ADWIN, KSWIN and
 * PageHinkley (defaults) on the same raw values; and false alarms before the change and on a control
 * stream without one. Deterministic (seeded); counts events, not time.
 *
 * Alone: `node bench/detectionDelay.ts [--quick]` (--quick: one seed, shorter streams).
 */
import { configSchema, type MonitorConfig } from '../src/config/configSchema.ts';
import { MonitorEngine } from '../src/monitor/monitorEngine.ts';
import { controlScenario, DRIFTED_FEATURE, delayStream, MODEL, rampScenario, stepScenario, type ChangeScenario, type DelayStream } from './delayStreams.ts';
import { seededRandom } from '../test/support/random.ts';
import { detectionOutcome, type DetectionOutcome } from './firstDetection.ts';
import { RIVER_DETECTORS, runRiver, type RiverRun } from './riverDelay.ts';

/** driftwatch's monitor configs compared: everything not given is the config schema's default. */
export const DRIFTWATCH_CONFIGS: Record<string, Record<string, unknown>> = {
  'driftwatch default (count 1000)': { window: { type: 'count', size: 1000 } },
  'driftwatch hopping 1000/250': { window: { type: 'count', size: 1000, hop: 250 } },
  'driftwatch hopping 500/100': { window: { type: 'count', size: 500, hop: 100 } },
};

export interface DetectionDelayOptions {
  seeds?: readonly number[];
  /** Clean events before the change, after the default reference's first 5,000; plus a seeded 0–999 so the change lands anywhere in a window. */
  eventsBeforeChange?: number;
  stepShifts?: readonly number[];
  /** Events after a step change (the search for the first alert stops there). */
  eventsAfterStep?: number;
  gradualShift?: number;
  rampEvents?: number;
  /** Events after the ramp's end. */
  eventsAfterRamp?: number;
  /** Events of the control stream after the reference. */
  controlEvents?: number;
  kswinSeed?: number;
}

const DEFAULTS: Required<DetectionDelayOptions> = {
  seeds: [1, 2, 3], eventsBeforeChange: 5_000, stepShifts: [0.5, 1], eventsAfterStep: 10_000,
  gradualShift: 1, rampEvents: 20_000, eventsAfterRamp: 10_000, controlEvents: 20_000, kswinSeed: 42,
};

export const QUICK: DetectionDelayOptions = { seeds: [1], eventsBeforeChange: 2_000, controlEvents: 5_000 };

/** The default reference: the first 5,000 events of the version. */
const REFERENCE_EVENTS = 5_000;

function monitorConfig(overrides: Record<string, unknown>): MonitorConfig {
  return configSchema.parse({ monitors: [{ model: MODEL, ...overrides }] }).monitors[0];
}

export interface EngineSignals {
  /** Positions at which a drift alert episode on the drifted feature opened. */
  drifted: number[];
  /** Positions at which a drift alert episode on any feature (the score included) opened. */
  anyFeature: number[];
}

/**
 * Feeds the stream through a MonitorEngine and records where drift alert episodes open; stops at the
 * first one on the drifted feature at or after `stopAfter` (null: feeds the whole stream).
 */
export function engineSignals(config: MonitorConfig, stream: DelayStream, stopAfter: number | null): EngineSignals {
  const engine = new MonitorEngine({ monitors: [config], now: () => 0 });
  const signals: EngineSignals = { drifted: [], anyFeature: [] };
  let position = 0;
  for (const event of stream.events()) {
    const { alerts } = engine.ingest('predictions', event, position);
    let stop = false;
    for (const alert of alerts) {
      if (!alert.detector.startsWith('drift.') || alert.status !== 'firing' || alert.alert_id !== alert.episode_id) continue;
      signals.anyFeature.push(position);
      if (alert.feature === DRIFTED_FEATURE) {
        signals.drifted.push(position);
        if (stopAfter !== null && position >= stopAfter) stop = true;
      }
    }
    if (stop) break;
    position++;
  }
  return signals;
}

interface RunOutcome extends DetectionOutcome {
  seed: number;
  falseAlarmsAnyFeature?: number;
}

function summary(runs: RunOutcome[], control: boolean) {
  const delays = runs.map((r) => r.delay).filter((d): d is number => d !== null).sort((a, b) => a - b);
  const falseAlarms = runs.reduce((n, r) => n + r.falseAlarms, 0);
  const anyFeature = runs.every((r) => r.falseAlarmsAnyFeature !== undefined) ? runs.reduce((n, r) => n + (r.falseAlarmsAnyFeature ?? 0), 0) : undefined;
  return {
    ...(control ? {} : {
      detected: delays.length,
      runs: runs.length,
      /** Events from the change to the first alert, per seed (null: none before the stream ended). */
      delayEvents: runs.map((r) => r.delay),
      medianDelayEvents: delays.length === 0 ? null : delays[Math.floor((delays.length - 1) / 2)],
      maxDelayEvents: delays.length === runs.length && delays.length > 0 ? delays.at(-1) : null,
    }),
    falseAlarms,
    ...(anyFeature === undefined ? {} : { falseAlarmsAnyFeature: anyFeature }),
  };
}

function scenarios(o: Required<DetectionDelayOptions>): ChangeScenario[] {
  return [
    ...o.stepShifts.map((shift) => stepScenario(shift, o.eventsAfterStep)),
    rampScenario(o.gradualShift, o.rampEvents, o.rampEvents + o.eventsAfterRamp),
    controlScenario(o.controlEvents),
  ];
}

const streamId = (s: DelayStream) => `${s.scenario.name}#${s.seed}`;

export async function run(options: DetectionDelayOptions = {}) {
  const o = { ...DEFAULTS, ...options };
  const all = scenarios(o).flatMap((scenario, k) => o.seeds.map((seed) => {
    const isControl = scenario.meanAfter === null;
    const streamSeed = 10_000 * (k + 1) + seed;
    // The control has no change: all of it after the reference is "before the change".
    const changeAt = isControl ? REFERENCE_EVENTS : REFERENCE_EVENTS + o.eventsBeforeChange + seededRandom(streamSeed + 1_234_567).int(1000);
    return { stream: delayStream(scenario, streamSeed, changeAt), isControl };
  }));
  // River runs in its own process meanwhile: KSWIN's per-value KS test is the slow part.
  const river = runRiver(all.map(({ stream, isControl }) => ({ id: streamId(stream), changeAt: isControl ? null : stream.changeAt, values: stream.drifted })), o.kswinSeed);

  const configs = Object.fromEntries(Object.entries(DRIFTWATCH_CONFIGS).map(([name, overrides]) => [name, monitorConfig(overrides)]));
  const driftwatch = new Map<string, Map<string, RunOutcome[]>>();
  for (const { stream, isControl } of all) {
    const end = isControl ? stream.length : stream.changeAt;
    for (const [name, config] of Object.entries(configs)) {
      const signals = engineSignals(config, stream, isControl ? null : stream.changeAt);
      const outcome = detectionOutcome(signals.drifted, end, REFERENCE_EVENTS);
      const anyFeature = detectionOutcome(signals.anyFeature, end, REFERENCE_EVENTS).falseAlarms;
      push(driftwatch, stream.scenario.name, name, { seed: stream.seed, ...outcome, falseAlarmsAnyFeature: anyFeature });
    }
  }
  const riverRun: RiverRun = await river;
  if (!riverRun.ran) process.stderr.write(`detectionDelay: River comparison skipped: ${riverRun.skipped}\n`);
  const riverOutcomes = new Map<string, Map<string, RunOutcome[]>>();
  if (riverRun.ran) {
    for (const { stream, isControl } of all) {
      for (const detector of RIVER_DETECTORS) {
        const found = riverRun.results[streamId(stream)][detector];
        push(riverOutcomes, stream.scenario.name, `river ${detector}`, { seed: stream.seed, ...detectionOutcome(found.detections, isControl ? stream.length : stream.changeAt, REFERENCE_EVENTS) });
      }
    }
  }

  const byScenario: Record<string, unknown> = {};
  for (const scenario of scenarios(o)) {
    const control = scenario.meanAfter === null;
    const streams = all.filter((s) => s.stream.scenario.name === scenario.name).map((s) => s.stream);
    const detectors: Record<string, unknown> = {};
    for (const [name, runs] of driftwatch.get(scenario.name)!) detectors[name] = { config: DRIFTWATCH_CONFIGS[name], ...summary(runs, control) };
    if (riverRun.ran) {
      for (const [name, runs] of riverOutcomes.get(scenario.name)!) detectors[name] = { config: riverRun.defaults[name.replace('river ', '') as (typeof RIVER_DETECTORS)[number]], ...summary(runs, control) };
    } else {
      detectors.river = { skipped: riverRun.skipped };
    }
    byScenario[scenario.name] = {
      change: scenario.change,
      ...(control ? { eventsWatched: streams[0].length - REFERENCE_EVENTS } : { changeAtEvent: streams.map((s) => s.changeAt) }),
      events: streams[0].length,
      detectors,
    };
  }
  return {
    benchmark: 'detectionDelay',
    settings: {
      ...o,
      feature: `${DRIFTED_FEATURE} ~ N(0, 1) before the change; x1..x3 and the score never change`,
      driftwatch: 'MonitorEngine with the config schema defaults (reference: first 5,000 events; psi; persistence 2 of 3; fdr 0.05) and the window given',
      delay: 'position of the event whose ingest opened the first alert episode (driftwatch) or set drift_detected (River) at or after the change, minus the change position',
      falseAlarms: 'alert episodes / detections on the drifted feature from the end of the reference (event 5,000) to the change, summed over seeds (control: to the end of the stream); River reads only that feature, from the stream\'s first event, and its detections in the reference span are not counted',
      river: riverRun.ran ? { python: riverRun.python, version: riverRun.river, fedUntil: 'first detection at or after the change' } : { skipped: riverRun.skipped },
    },
    scenarios: byScenario,
  };
}

function push(into: Map<string, Map<string, RunOutcome[]>>, scenario: string, detector: string, outcome: RunOutcome): void {
  let perDetector = into.get(scenario);
  if (!perDetector) into.set(scenario, (perDetector = new Map()));
  const runs = perDetector.get(detector) ?? [];
  runs.push(outcome);
  perDetector.set(detector, runs);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await run(process.argv.includes('--quick') ? QUICK : {});
  console.log(JSON.stringify(result, null, 2));
}
