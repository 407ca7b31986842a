import type { MonitorConfig } from '../config/configSchema.ts';
import type { FeatureValue, PredictionEvent } from '../contracts/events.ts';
import type { DriftDetector } from '../detectors/drift/index.ts';
import type { Finding } from '../detectors/finding.ts';
import { CategoricalReference, NumericReference } from '../detectors/reference/index.ts';
import { CategoricalWindowState, CountWindowAssigner, NumericWindowState, type WindowSpan } from '../detectors/window/index.ts';
import type { WindowEvaluation } from './windowEvaluation.ts';
import type { WatchedFeature } from './watchedFeatures.ts';

type FeatureReference = NumericReference | CategoricalReference;
type FeatureWindow = NumericWindowState | CategoricalWindowState;

/**
 * One model version's monitor: collects the reference from the version's first N events, then keeps
 * count windows of every watched feature and evaluates drift on each window as it closes.
 * The raw values of the reference phase live only in this process and only until the reference is built.
 */
export class VersionMonitor {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly #features: readonly WatchedFeature[];
  readonly #drift: DriftDetector;
  readonly #referenceSize: number;
  #collecting: FeatureValue[][] | undefined;
  #references: FeatureReference[] | undefined;
  readonly #assigner: CountWindowAssigner;
  readonly #open = new Map<number, FeatureWindow[]>();

  constructor(modelId: string, modelVersion: string, config: MonitorConfig, features: readonly WatchedFeature[], drift: DriftDetector) {
    this.modelId = modelId;
    this.modelVersion = modelVersion;
    this.#features = features;
    this.#drift = drift;
    this.#referenceSize = config.reference.firstEvents;
    this.#collecting = features.map(() => []);
    this.#assigner = new CountWindowAssigner({ size: config.window.size, hop: config.window.hop });
  }

  get hasReference(): boolean {
    return this.#references !== undefined;
  }

  ingest(event: PredictionEvent): WindowEvaluation[] {
    const references = this.#references;
    if (!references) {
      this.#collect(event);
      return [];
    }
    const { windows, closed } = this.#assigner.assign();
    for (const span of windows) {
      let states = this.#open.get(span.start);
      if (!states) {
        states = references.map(newWindow);
        this.#open.set(span.start, states);
      }
      this.#features.forEach((feature, i) => applyValue(states[i], feature.read(event)));
    }
    return closed.map((span) => this.#close(span));
  }

  #collect(event: PredictionEvent): void {
    const collecting = this.#collecting!;
    this.#features.forEach((feature, i) => collecting[i].push(feature.read(event) ?? null));
    if (collecting[0].length < this.#referenceSize) return;
    this.#references = this.#features.map((feature, i) =>
      feature.kind === 'numeric'
        ? NumericReference.fromValues(collecting[i].map((v) => (typeof v === 'number' ? v : null)))
        : CategoricalReference.fromValues(collecting[i].map((v) => (v === null ? null : String(v)))),
    );
    this.#collecting = undefined;
  }

  #close(span: WindowSpan): WindowEvaluation {
    const states = this.#open.get(span.start)!;
    this.#open.delete(span.start);
    const references = this.#references!;
    const findings: Finding[] = [];
    this.#features.forEach((feature, i) => {
      const bounds = { start: span.start, end: span.end, count: states[i].total };
      const state = states[i];
      const found = state instanceof NumericWindowState
        ? this.#drift.evaluate(feature.name, references[i] as NumericReference, state, bounds)
        : this.#drift.evaluate(feature.name, references[i] as CategoricalReference, state, bounds);
      findings.push(...found);
    });
    return { modelId: this.modelId, modelVersion: this.modelVersion, window: { start: span.start, end: span.end, count: span.end - span.start }, findings };
  }
}

function newWindow(reference: FeatureReference): FeatureWindow {
  return reference instanceof NumericReference ? new NumericWindowState(reference) : new CategoricalWindowState(reference);
}

function applyValue(state: FeatureWindow, value: FeatureValue | undefined): void {
  if (state instanceof NumericWindowState) state.update(typeof value === 'number' ? value : null);
  else state.update(value === null || value === undefined ? null : String(value));
}
