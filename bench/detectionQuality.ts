/**
 * Detection quality of the drift detector with DEFAULT settings, on seeded synthetic streams:
 * false alarms per 1,000 windows per feature on stationary data, and detection delay (in windows)
 * after a known change point. Deterministic; not timed.
 */
import { seededRandom } from '../test/support/random.ts';
import type { Random } from '../test/support/random.ts';
import { DriftDetector, driftTests } from '../src/detectors/drift/index.ts';
import { CategoricalReference, NumericReference } from '../src/detectors/reference/index.ts';
import type { CategoryValue } from '../src/detectors/reference/index.ts';
import { CategoricalWindowState, CountWindowAssigner, NumericWindowState } from '../src/detectors/window/index.ts';
import type { Finding } from '../src/detectors/finding.ts';

type Draw = (r: Random, drifted: boolean) => number | string | null;

interface FeatureSpec {
  name: string;
  kind: 'numeric' | 'categorical';
  draw: Draw;
}

function poisson(r: Random, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = r.uniform();
  while (p > limit) {
    k++;
    p *= r.uniform();
  }
  return k;
}

const FIVE = ['a', 'b', 'c', 'd', 'e'];
const FIVE_WEIGHTS = [0.4, 0.25, 0.15, 0.12, 0.08];
const LONG_TAIL = Array.from({ length: 60 }, (_, i) => `c${i}`);
const LONG_TAIL_WEIGHTS = LONG_TAIL.map((_, i) => 1 / (i + 1) ** 1.1);

/** Stationary features: nothing changes (drawn the same before and after). */
export const STATIONARY_FEATURES: FeatureSpec[] = [
  { name: 'normal', kind: 'numeric', draw: (r) => r.normal() },
  { name: 'lognormal', kind: 'numeric', draw: (r) => Math.exp(r.normal(0, 0.75)) },
  { name: 'poisson_counts', kind: 'numeric', draw: (r) => poisson(r, 3) },
  { name: 'rounded_with_missing', kind: 'numeric', draw: (r) => (r.uniform() < 0.05 ? null : Math.round(r.normal(50, 10) * 10) / 10) },
  { name: 'category_5', kind: 'categorical', draw: (r) => r.pick(FIVE, FIVE_WEIGHTS) },
  { name: 'category_60_long_tail', kind: 'categorical', draw: (r) => r.pick(LONG_TAIL, LONG_TAIL_WEIGHTS) },
];

/** Drifting features: the distribution changes at the change point. */
export const DRIFT_SCENARIOS: Array<FeatureSpec & { change: string }> = [
  { name: 'normal', change: 'mean +0.5σ', kind: 'numeric', draw: (r, d) => r.normal(d ? 0.5 : 0, 1) },
  { name: 'normal', change: 'mean +0.25σ (subtle)', kind: 'numeric', draw: (r, d) => r.normal(d ? 0.25 : 0, 1) },
  { name: 'normal', change: 'std ×1.5', kind: 'numeric', draw: (r, d) => r.normal(0, d ? 1.5 : 1) },
  { name: 'lognormal', change: 'scale ×1.5', kind: 'numeric', draw: (r, d) => (d ? 1.5 : 1) * Math.exp(r.normal(0, 0.75)) },
  { name: 'poisson_counts', change: 'λ 3 → 4', kind: 'numeric', draw: (r, d) => poisson(r, d ? 4 : 3) },
  {
    name: 'category_5', change: "share of 'a' 0.40 → 0.55", kind: 'categorical',
    draw: (r, d) => r.pick(FIVE, d ? [0.55, 0.1875, 0.1125, 0.09, 0.06] : FIVE_WEIGHTS),
  },
  {
    name: 'category_5', change: "new category 'f' at 15%", kind: 'categorical',
    draw: (r, d) => (d && r.uniform() < 0.15 ? 'f' : r.pick(FIVE, FIVE_WEIGHTS)),
  },
];

export interface DetectionQualityOptions {
  referenceSize?: number;
  windowSize?: number;
  /** Windows per stationary feature and seed. */
  stationaryWindows?: number;
  seeds?: readonly number[];
  /** Windows of clean data before the change; the change lands mid-window. */
  windowsBeforeChange?: number;
  /** Windows after the change window before giving up. */
  windowsAfterChange?: number;
}

const DEFAULTS: Required<DetectionQualityOptions> = {
  referenceSize: 10_000, windowSize: 1_000, stationaryWindows: 1_000, seeds: [1, 2, 3],
  windowsBeforeChange: 10, windowsAfterChange: 10,
};

function buildReference(spec: FeatureSpec, r: Random, size: number): NumericReference | CategoricalReference {
  const values = Array.from({ length: size }, () => spec.draw(r, false));
  return spec.kind === 'numeric'
    ? NumericReference.fromValues(values as Array<number | null>)
    : CategoricalReference.fromValues(values as CategoryValue[]);
}

function newWindow(reference: NumericReference | CategoricalReference): NumericWindowState | CategoricalWindowState {
  return reference.kind === 'numeric' ? new NumericWindowState(reference) : new CategoricalWindowState(reference);
}

function evaluate(detector: DriftDetector, name: string, reference: NumericReference | CategoricalReference, window: NumericWindowState | CategoricalWindowState, start: number, end: number): Finding[] {
  const bounds = { start, end, count: window.total };
  return reference.kind === 'numeric'
    ? detector.evaluate(name, reference, window as NumericWindowState, bounds)
    : detector.evaluate(name, reference, window as CategoricalWindowState, bounds);
}

const alarming = (f: Finding) => f.severity === 'warning' || f.severity === 'critical';

/** The value is past the test's default warning threshold, whatever the significance gate said. */
function crossesWarning(f: Finding): boolean {
  const test = driftTests.require(f.detector.replace('drift.', ''));
  return test.direction === 'p_value' ? f.value < test.thresholds.warning : f.value >= test.thresholds.warning;
}

/**
 * Streams `windows` windows of one feature through tumbling count windows and the detector; `drifted(i)`
 * says whether event i (0-based, after the reference) comes from the changed distribution.
 */
function stream(spec: FeatureSpec, seed: number, o: typeof DEFAULTS, windows: number, drifted: (i: number) => boolean) {
  const r = seededRandom(seed);
  const reference = buildReference(spec, r, o.referenceSize);
  const detector = new DriftDetector();
  const assigner = new CountWindowAssigner({ size: o.windowSize });
  const state = newWindow(reference);
  const perWindow: Finding[][] = [];
  for (let i = 0; i < windows * o.windowSize; i++) {
    const { closed } = assigner.assign();
    (state as { update(v: unknown): void }).update(spec.draw(r, drifted(i)));
    for (const w of closed) {
      perWindow.push(evaluate(detector, spec.name, reference, state, w.start, w.end));
      state.clear();
    }
  }
  return perWindow;
}

function per1000(counts: Record<string, number>, windows: number): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([m, c]) => [m, (1000 * c) / windows]));
}

export function run(options: DetectionQualityOptions = {}) {
  const o = { ...DEFAULTS, ...options };
  const stationary: Record<string, unknown> = {};
  for (const spec of STATIONARY_FEATURES) {
    let windows = 0;
    let falseAlarms = 0;
    const crossings: Record<string, number> = {};
    const rawCrossings: Record<string, number> = {};
    for (const seed of o.seeds) {
      for (const findings of stream(spec, seed, o, o.stationaryWindows, () => false)) {
        windows++;
        if (findings.some(alarming)) falseAlarms++;
        for (const f of findings) {
          if (f.severity !== 'none') crossings[f.metric] = (crossings[f.metric] ?? 0) + 1;
          if (crossesWarning(f)) rawCrossings[f.metric] = (rawCrossings[f.metric] ?? 0) + 1;
        }
      }
    }
    stationary[spec.name] = {
      kind: spec.kind,
      windows,
      falseAlarms,
      falseAlarmsPer1000Windows: (1000 * falseAlarms) / windows,
      /** How often each metric would alarm if it were the alerting method (threshold crossed and, for effect sizes, gate passed). */
      wouldAlarmPer1000Windows: per1000(crossings, windows),
      /** How often each metric's value crossed its warning threshold, before the significance gate. */
      rawThresholdCrossingsPer1000Windows: per1000(rawCrossings, windows),
    };
  }

  const drift: Record<string, unknown> = {};
  const changeAt = Math.floor((o.windowsBeforeChange + 0.5) * o.windowSize);
  const changeWindow = o.windowsBeforeChange;
  for (const spec of DRIFT_SCENARIOS) {
    const delays: Array<number | null> = [];
    let alarmsBeforeChange = 0;
    const alertingValues: number[] = [];
    for (const seed of o.seeds) {
      const perWindow = stream(spec, 1000 + seed, o, o.windowsBeforeChange + 1 + o.windowsAfterChange, (i) => i >= changeAt);
      let delay: number | null = null;
      perWindow.forEach((findings, k) => {
        if (k < changeWindow) alarmsBeforeChange += findings.some(alarming) ? 1 : 0;
        else if (delay === null && findings.some(alarming)) delay = k - changeWindow;
        if (k === changeWindow + 1) {
          const alerting = findings.find((f) => f.details?.alerting === true);
          if (alerting) alertingValues.push(alerting.value);
        }
      });
      delays.push(delay);
    }
    const detected = delays.filter((d): d is number => d !== null);
    drift[`${spec.name}: ${spec.change}`] = {
      kind: spec.kind,
      runs: delays.length,
      detected: detected.length,
      /** Windows from the window holding the change point (0 = caught in that window) to the first alarm; null = not within windowsAfterChange. */
      delayWindows: delays,
      maxDelayWindows: detected.length === delays.length ? Math.max(...detected) : null,
      alertingMetricValueFirstFullWindow: alertingValues,
      falseAlarmsBeforeChange: alarmsBeforeChange,
    };
  }
  return {
    settings: { ...o, detector: 'DriftDetector defaults', windows: 'tumbling count windows', changePointEvent: changeAt },
    stationary,
    drift,
  };
}
