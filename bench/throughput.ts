/**
 * Throughput of the drift path for one model: 20 numeric + 5 categorical features, every event
 * assigned to its count windows and applied to each feature's state, every closing window evaluated
 * by DriftDetector (all registered tests) — so evaluation cost is included. Also bytes of state per
 * feature window, in memory and serialised.
 */
import { seededRandom } from '../test/support/random.ts';
import { DriftDetector } from '../src/detectors/drift/index.ts';
import type { DriftDetectorOptions } from '../src/detectors/drift/index.ts';
import { CategoricalReference, NumericReference } from '../src/detectors/reference/index.ts';
import { CategoricalWindowState, CountWindowAssigner, NumericWindowState, PaneLayout } from '../src/detectors/window/index.ts';

const NUMERIC = 20;
const CATEGORICAL = 5;
const CATEGORIES = Array.from({ length: 12 }, (_, i) => `cat_${i}`);
const WEIGHTS = CATEGORIES.map((_, i) => 1 / (i + 1));

export interface ThroughputOptions {
  referenceSize?: number;
  windowSize?: number;
  hop?: number;
  events?: number;
}

const DEFAULTS = { referenceSize: 10_000, windowSize: 1_000, hop: 250, events: 400_000 };

interface Model {
  numeric: NumericReference[];
  categorical: CategoricalReference[];
  /** Pre-drawn events, one row of NUMERIC + CATEGORICAL values each. */
  numericRows: Float64Array[];
  categoricalRows: string[][];
}

function buildModel(referenceSize: number, distinctRows: number): Model {
  const r = seededRandom(2024);
  // Half the numeric features continuous (reference gets compressed to the default 1,000 cuts), half discrete.
  const drawNumeric = (f: number) => (f % 2 === 0 ? r.normal(f, 1 + f / 10) : Math.floor(Math.exp(r.normal(1 + f / 20, 0.6))));
  const numeric = Array.from({ length: NUMERIC }, (_, f) => NumericReference.fromValues(Array.from({ length: referenceSize }, () => drawNumeric(f))));
  const categorical = Array.from({ length: CATEGORICAL }, () => CategoricalReference.fromValues(Array.from({ length: referenceSize }, () => r.pick(CATEGORIES, WEIGHTS))));
  const numericRows: Float64Array[] = [];
  const categoricalRows: string[][] = [];
  for (let i = 0; i < distinctRows; i++) {
    numericRows.push(Float64Array.from({ length: NUMERIC }, (_, f) => drawNumeric(f)));
    categoricalRows.push(Array.from({ length: CATEGORICAL }, () => r.pick(CATEGORIES, WEIGHTS)));
  }
  return { numeric, categorical, numericRows, categoricalRows };
}

interface WindowStates {
  numeric: NumericWindowState[];
  categorical: CategoricalWindowState[];
}

/** One state per feature, for a window or a pane; recycled states are cleared and handed out again. */
function statesPool(model: Model) {
  const pool: WindowStates[] = [];
  return {
    take: (): WindowStates => pool.pop() ?? {
      numeric: model.numeric.map((ref) => new NumericWindowState(ref)),
      categorical: model.categorical.map((ref) => new CategoricalWindowState(ref)),
    },
    recycle: (states: WindowStates): void => {
      for (const s of states.numeric) s.clear();
      for (const s of states.categorical) s.clear();
      pool.push(states);
    },
  };
}

function update(states: WindowStates, numericRow: Float64Array, categoricalRow: string[]): void {
  for (let f = 0; f < NUMERIC; f++) states.numeric[f].update(numericRow[f]);
  for (let f = 0; f < CATEGORICAL; f++) states.categorical[f].update(categoricalRow[f]);
}

/** Every registered drift test on every feature of a closed window; returns the number of findings. */
function evaluate(detector: DriftDetector, model: Model, states: WindowStates, bounds: { start: number; end: number; count: number }): number {
  let findings = 0;
  for (let f = 0; f < NUMERIC; f++) findings += detector.evaluate(`n${f}`, model.numeric[f], states.numeric[f], bounds).length;
  for (let f = 0; f < CATEGORICAL; f++) findings += detector.evaluate(`c${f}`, model.categorical[f], states.categorical[f], bounds).length;
  return findings;
}

/** Runs `step(i)` for every event and reports the rate. */
function timed(events: number, step: (i: number) => void, counts: () => { windowEvaluations: number; findings: number }) {
  const t0 = performance.now();
  for (let i = 0; i < events; i++) step(i);
  const seconds = (performance.now() - t0) / 1000;
  return { events, seconds: round(seconds, 3), eventsPerSecond: Math.round(events / seconds), ...counts() };
}

/** One state per open window: each event updates every window it belongs to (size / hop states per feature). */
function measure(model: Model, o: typeof DEFAULTS, detectorOptions: DriftDetectorOptions) {
  const detector = new DriftDetector(detectorOptions);
  const assigner = new CountWindowAssigner({ size: o.windowSize, hop: o.hop });
  const open = new Map<number, WindowStates>();
  const states = statesPool(model);
  let findings = 0;
  let windowEvaluations = 0;
  const rows = model.numericRows.length;
  return timed(o.events, (i) => {
    const { windows, closed } = assigner.assign();
    for (const span of windows) {
      let window = open.get(span.start);
      if (!window) open.set(span.start, (window = states.take()));
      update(window, model.numericRows[i % rows], model.categoricalRows[i % rows]);
    }
    for (const span of closed) {
      const window = open.get(span.start)!;
      open.delete(span.start);
      findings += evaluate(detector, model, window, { start: span.start, end: span.end, count: o.windowSize });
      windowEvaluations++;
      states.recycle(window);
    }
  }, () => ({ windowEvaluations, findings }));
}

/**
 * Same work with panes, as the engine does it (src/monitor/windowPanes.ts): each event updates one pane state
 * per feature; a closing window merges its other panes into its first (which no later window needs), is
 * evaluated, and the panes no open window needs are recycled.
 */
function measurePanes(model: Model, o: typeof DEFAULTS, detectorOptions: DriftDetectorOptions) {
  const detector = new DriftDetector(detectorOptions);
  const assigner = new CountWindowAssigner({ size: o.windowSize, hop: o.hop });
  const layout = new PaneLayout({ size: o.windowSize, hop: o.hop });
  const panes = new Map<number, WindowStates>();
  const states = statesPool(model);
  let findings = 0;
  let windowEvaluations = 0;
  const rows = model.numericRows.length;
  return timed(o.events, (i) => {
    const { sequence, closed } = assigner.assign();
    const start = layout.paneOf(sequence);
    let pane = panes.get(start);
    if (!pane) panes.set(start, (pane = states.take()));
    update(pane, model.numericRows[i % rows], model.categoricalRows[i % rows]);
    for (const span of closed) {
      const [first, ...rest] = layout.panesOf(span);
      const window = panes.get(first)!;
      for (const other of rest) {
        const p = panes.get(other)!;
        for (let f = 0; f < NUMERIC; f++) window.numeric[f].merge(p.numeric[f]);
        for (let f = 0; f < CATEGORICAL; f++) window.categorical[f].merge(p.categorical[f]);
      }
      findings += evaluate(detector, model, window, { start: span.start, end: span.end, count: o.windowSize });
      windowEvaluations++;
      const keepFrom = layout.retainFrom(span);
      for (const [paneStart, p] of panes) {
        if (paneStart >= keepFrom) continue;
        panes.delete(paneStart);
        states.recycle(p);
      }
    }
  }, () => ({ windowEvaluations, findings }));
}

function stateBytes(model: Model, windowSize: number) {
  const continuous = new NumericWindowState(model.numeric[0]);
  const discrete = new NumericWindowState(model.numeric[1]);
  const categorical = new CategoricalWindowState(model.categorical[0]);
  for (let i = 0; i < windowSize; i++) {
    continuous.update(model.numericRows[i % model.numericRows.length][0]);
    discrete.update(model.numericRows[i % model.numericRows.length][1]);
    categorical.update(model.categoricalRows[i % model.categoricalRows.length][0]);
  }
  return {
    windowEvents: windowSize,
    numericContinuous: {
      referenceCuts: model.numeric[0].cuts.length,
      referenceBytes: model.numeric[0].toBytes().length,
      memoryBytes: continuous.memoryBytes,
      serialisedBytes: continuous.toBytes().length,
    },
    numericDiscrete: {
      referenceCuts: model.numeric[1].cuts.length,
      referenceBytes: model.numeric[1].toBytes().length,
      memoryBytes: discrete.memoryBytes,
      serialisedBytes: discrete.toBytes().length,
    },
    categorical: {
      referenceCategories: model.categorical[0].categories.length,
      referenceBytes: model.categorical[0].toBytes().length,
      memoryBytes: categorical.memoryBytes,
      serialisedBytes: categorical.toBytes().length,
    },
  };
}

function round(v: number, digits: number): number {
  return Number(v.toFixed(digits));
}

export function run(options: ThroughputOptions = {}) {
  const o = { ...DEFAULTS, ...options };
  const model = buildModel(o.referenceSize, 50_000);
  measurePanes(model, { ...o, events: Math.min(o.events, 50_000) }, {}); // warm-up
  measure(model, { ...o, events: Math.min(o.events, 50_000) }, {});
  const hoppingPanes = measurePanes(model, o, {});
  const hoppingPerWindow = measure(model, o, {});
  const tumbling = measure(model, { ...o, hop: o.windowSize }, {});
  const exactKs = measure(model, { ...o, hop: o.windowSize, events: Math.min(o.events, 50_000) }, { ksMethod: 'auto' });
  return {
    settings: {
      features: { numeric: NUMERIC, categorical: CATEGORICAL },
      referenceSize: o.referenceSize,
      window: { size: o.windowSize, hop: o.hop },
      detector: 'DriftDetector defaults: every registered test per feature, KS p-value asymptotic',
      node: process.version,
    },
    hoppingWithPanes: { ...hoppingPanes, note: 'as the engine runs hopping windows: each event updates one pane state per feature; a closing window merges its panes (PaneLayout)' },
    hoppingWithStatePerWindow: { ...hoppingPerWindow, note: 'each event updates every window it belongs to (size / hop states per feature)' },
    tumblingDefaultDetector: { ...tumbling, hop: o.windowSize },
    tumblingWithExactKsPValues: { ...exactKs, hop: o.windowSize, note: "ksMethod 'auto' (scipy's default: exact when max(n) ≤ 10,000)" },
    stateBytesPerFeatureWindow: stateBytes(model, o.windowSize),
    targetEventsPerSecond: 300_000,
  };
}
