/**
 * Seeded event streams for the detection-delay bench: a model with four numeric features and a score,
 * where only `x0` (N(0, 1) before the change) changes, by a step or a linear ramp of its mean.
 */
import type { PredictionEvent } from '../src/contracts/events.ts';
import { seededRandom } from '../test/support/random.ts';

export const MODEL = 'delay-bench';
export const DRIFTED_FEATURE = 'x0';

export interface ChangeScenario {
  name: string;
  /** What changes in x0, in words. */
  change: string;
  /** Mean of x0 at `sinceChange` events after the change point (0 on the first changed event). */
  meanAfter: ((sinceChange: number) => number) | null;
  /** Events of the stream after the change point (or, for the control, after the pre-change part). */
  eventsAfter: number;
}

export function stepScenario(shift: number, eventsAfter: number): ChangeScenario {
  return { name: `step_${shift}sd`, change: `x0 mean +${shift}σ at once`, meanAfter: () => shift, eventsAfter };
}

export function rampScenario(shift: number, rampEvents: number, eventsAfter: number): ChangeScenario {
  return {
    name: `gradual_${shift}sd_over_${rampEvents}`,
    change: `x0 mean rises linearly by ${shift}σ over ${rampEvents} events, then stays`,
    meanAfter: (k) => (shift * Math.min(k + 1, rampEvents)) / rampEvents,
    eventsAfter,
  };
}

export function controlScenario(eventsAfter: number): ChangeScenario {
  return { name: 'control', change: 'none', meanAfter: null, eventsAfter };
}

export interface DelayStream {
  scenario: ChangeScenario;
  seed: number;
  /** Index of the first changed event (for the control, where it would be). */
  changeAt: number;
  /** x0 of every event, in stream order: what the River detectors read. */
  drifted: Float64Array;
  length: number;
  /** The i-th event; the other features come from their own seeded draw, so x0 is the same whatever reads it. */
  events(): Generator<PredictionEvent>;
}

export function delayStream(scenario: ChangeScenario, seed: number, changeAt: number): DelayStream {
  const length = changeAt + scenario.eventsAfter;
  const r = seededRandom(seed);
  const drifted = Float64Array.from({ length }, (_, i) => r.normal(i < changeAt || !scenario.meanAfter ? 0 : scenario.meanAfter(i - changeAt), 1));
  return {
    scenario, seed, changeAt, drifted, length,
    *events() {
      const other = seededRandom(seed + 7_777_777);
      for (let i = 0; i < length; i++) {
        const x1 = other.normal(10, 2);
        const x2 = Math.exp(other.normal(0, 0.5));
        const x3 = other.uniform();
        const score = 1 / (1 + Math.exp(-(0.4 * (x1 - 10) + 0.8 * (x3 - 0.5) + 0.3 * other.normal())));
        yield {
          event_id: `${MODEL}-${seed}-${i}`,
          model_id: MODEL,
          model_version: 'v1',
          timestamp: 1_767_225_600_000 + i * 100,
          features: { x0: drifted[i], x1, x2, x3 },
          prediction: { score, label: score >= 0.5 ? '1' : '0', probabilities: null },
          latency_ms: 5 + other.uniform() * 20,
          attributes: {},
        };
      }
    },
  };
}
