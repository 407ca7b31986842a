import type { MonitorConfig } from '../config/configSchema.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import type { FeatureWindowReport } from '../contracts/reports.ts';
import { benjaminiHochberg } from '../detectors/alarms/benjaminiHochberg.ts';
import { EwmaChart } from '../detectors/anomaly/ewmaChart.ts';
import { RobustZScore } from '../detectors/anomaly/robustZScore.ts';
import { DriftDetector, driftTests, type DriftDetectorOptions, type DriftTestName, type Thresholds } from '../detectors/drift/index.ts';
import type { Finding, WindowBounds } from '../detectors/finding.ts';
import { qualityFindings } from '../detectors/quality/qualityFindings.ts';
import { QualityWindow } from '../detectors/quality/qualityWindow.ts';
import { CategoricalReference, NumericReference } from '../detectors/reference/index.ts';
import {
  CategoricalWindowState, CountWindowAssigner, EventTimeWindowAssigner, NumericWindowState, type WindowSpan,
} from '../detectors/window/index.ts';
import { AlertGate, type GatedFinding } from './alertGate.ts';
import { emptyOutput, type EngineOutput } from './engineOutput.ts';
import { buildReferenceProfile, profileFromBytes, profileToBytes, type FeatureReference, type ReferenceProfile } from './referenceProfile.ts';
import { ReferenceBuildError } from './referenceBuildError.ts';
import { RetrainPolicy } from './retrainPolicy.ts';
import { CorruptMonitorStateError, readStateBundle, StateBundleWriter } from './stateBundle.ts';
import { watchedFeatures } from './watchedFeatures.ts';
import { WindowAggregates } from './windowAggregates.ts';
import { WindowPanes, type FeatureWindow, type WindowContents } from './windowPanes.ts';
import { windowReport } from './windowReport.ts';

type Anomaly = EwmaChart | RobustZScore;

export interface VersionMonitorInit {
  modelId: string;
  modelVersion: string;
  stream: 'predictions' | 'features';
  config: MonitorConfig;
  /** A reference given up front (from a file); otherwise the version's first events build it. */
  fixedReference?: ReferenceProfile;
  now: () => number;
}

/** 2: open windows saved as panes (1 saved one state per open window). */
const FORMAT = 2;

/**
 * One model version on one stream. Until it has a reference it collects the version's first events
 * (in memory only: after a restart they are read again from Kafka, see resumeFrom). Then every event goes
 * to the windows it belongs to; each closing window is evaluated by the drift, quality and anomaly
 * detectors, reported, gated into alerts and checked against the retraining policy.
 *
 * Events carry a position (the Kafka offset, or the line in replay); an event at or before the last
 * applied position is ignored, which makes re-reading after a restart exact.
 */
export class VersionMonitor {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly stream: 'predictions' | 'features';
  readonly #config: MonitorConfig;
  readonly #now: () => number;
  #appliedThrough = -1;
  /** Newest event time applied (ms), for idle retirement; −Infinity before the first event. */
  #lastEventTime = -Infinity;
  /** Set while the monitor is being retired: its last reports say so. */
  #retiring = false;
  /** Raw events held in memory only: the reference being collected, or (previousWindow) the open window's. */
  #collecting: PredictionEvent[] | undefined;
  /** Position the input must be re-read from after a restore, while raw events are held (see #collecting). */
  #resumeFrom: number | undefined;
  /** previousWindow references: the state saved at the last window boundary, which is what a checkpoint holds. */
  #boundary: Buffer | undefined;
  #profile: ReferenceProfile | undefined;
  /** The profile's bytes, made once per profile; and whether it changed since the engine last asked. */
  #profileBytes: Buffer | undefined;
  #profileChanged = false;
  #drift: DriftDetector[] = [];
  #assigner: CountWindowAssigner | EventTimeWindowAssigner;
  readonly #panes: WindowPanes;
  #lateReported = 0;
  readonly #anomalies = new Map<string, Anomaly>();
  #gate: AlertGate;
  #retrain: RetrainPolicy;

  constructor(init: VersionMonitorInit) {
    this.modelId = init.modelId;
    this.modelVersion = init.modelVersion;
    this.stream = init.stream;
    this.#config = init.config;
    this.#now = init.now;
    const w = init.config.window;
    this.#assigner = w.type === 'count'
      ? new CountWindowAssigner({ size: w.size, hop: w.hop })
      : new EventTimeWindowAssigner({ size: w.size, hop: w.hop, allowedLateness: w.allowedLateness });
    this.#panes = new WindowPanes(w, () => this.#newContents());
    this.#gate = new AlertGate({ persistence: init.config.persistence, severities: init.config.severities });
    this.#retrain = new RetrainPolicy(init.config.retraining);
    if (init.fixedReference) this.#useProfile(init.fixedReference);
    else this.#collecting = [];
  }

  /** Position the input must be read again from after a restore (raw events were only in memory), if any. */
  get resumeFrom(): number | undefined {
    return this.#resumeFrom;
  }

  /** Last position applied: an event at or before it is ignored. */
  get appliedThrough(): number {
    return this.#appliedThrough;
  }

  /** Newest event time applied, ms (−Infinity before the first event). */
  get lastEventTime(): number {
    return this.#lastEventTime;
  }

  get #rollingReference(): boolean {
    return this.#config.reference.source === 'previousWindow';
  }

  ingest(event: PredictionEvent, position: number): EngineOutput {
    if (position <= this.#appliedThrough) return emptyOutput();
    const appliedBefore = this.#appliedThrough;
    this.#appliedThrough = position;
    if (event.timestamp > this.#lastEventTime) this.#lastEventTime = event.timestamp;
    if (!this.#profile) {
      try {
        this.#collect(event, position);
      } catch (error) {
        this.#appliedThrough = appliedBefore;
        throw error;
      }
      return emptyOutput();
    }
    const out = emptyOutput();
    if (this.#assigner instanceof CountWindowAssigner) {
      const { sequence, closed } = this.#assigner.assign();
      this.#apply(event, sequence);
      for (const span of closed) this.#close(span, out);
    } else {
      const { late, closed } = this.#assigner.assign(event.timestamp);
      if (!late) this.#apply(event, event.timestamp);
      for (const span of closed) this.#close(span, out);
    }
    return out;
  }

  /** End of input (replay): closes the open event-time windows. Count windows stay open: they are not full. */
  flush(): EngineOutput {
    const out = emptyOutput();
    if (this.#assigner instanceof EventTimeWindowAssigner) for (const span of this.#assigner.flush()) this.#close(span, out);
    return out;
  }

  /**
   * The monitor is being retired (see MonitorEngine): closes every open window, full or not, so its last
   * events are reported (the reports carry model_metrics.retired = 1), and its alerts still firing are
   * resolved. A version still collecting its reference has no window to report.
   */
  retire(): EngineOutput {
    const out = emptyOutput();
    if (!this.#profile) return out;
    this.#retiring = true;
    for (const span of this.#assigner.open()) this.#close(span, out);
    const last = out.reports.at(-1)?.window;
    out.alerts.push(...this.#gate.resolveAll(this.modelId, this.modelVersion, last, this.#now(), 'the model version was retired'));
    return out;
  }

  #collect(event: PredictionEvent, position: number): void {
    const collecting = this.#collecting!;
    if (collecting.length === 0) this.#resumeFrom = position;
    collecting.push(event);
    const { reference, window } = this.#config;
    const wanted = reference.source === 'firstEvents' ? reference.events : reference.source === 'previousWindow' ? window.size : 0;
    if (collecting.length < wanted) return;
    let profile: ReferenceProfile;
    try {
      profile = buildReferenceProfile(watchedFeatures(this.#config.features, this.#config.monitorPrediction, collecting), collecting, this.#calibrationChunk(collecting.length));
    } catch (error) {
      // Nothing of this event stays: the next one tries again, and memory does not grow with every refused event.
      collecting.pop();
      if (collecting.length === 0) this.#resumeFrom = undefined;
      throw new ReferenceBuildError(this.modelId, this.modelVersion, collecting.length + 1, error);
    }
    this.#useProfile(profile);
    this.#collecting = undefined;
    this.#resumeFrom = undefined;
    if (this.#rollingReference) this.#markBoundary();
  }

  /**
   * previousWindow: the closed window's raw events become the reference of the next window, and the state
   * at this boundary (empty open window, raw events dropped) is what checkpoints save until the next one.
   */
  #markBoundary(): void {
    this.#collecting = [];
    this.#resumeFrom = this.#appliedThrough + 1;
    this.#boundary = undefined;
    this.#boundary = this.#serialize();
  }

  #calibrationChunk(referenceSize: number): number | undefined {
    if (!this.#config.drift.calibrate) return undefined;
    const w = this.#config.window;
    return w.type === 'count' ? w.size : Math.max(100, Math.floor(referenceSize / 10));
  }

  /** The reference profile as bytes (saved as its own entry, only when it changes). */
  profileBytes(): Buffer | undefined {
    if (this.#profile && !this.#profileBytes) this.#profileBytes = profileToBytes(this.#profile);
    return this.#profileBytes;
  }

  /** Whether the profile changed since the last call (then its entry must be saved with the state). */
  takeProfileChanged(): boolean {
    const changed = this.#profileChanged;
    this.#profileChanged = false;
    return changed;
  }

  #useProfile(profile: ReferenceProfile): void {
    this.#profile = profile;
    this.#profileBytes = undefined;
    this.#profileChanged = true;
    this.#drift = profile.calibrated.map((calibrated) => new DriftDetector(driftOptions(this.#config, calibrated)));
  }

  #newContents(): WindowContents {
    const profile = this.#profile!;
    return {
      features: profile.references.map(newFeatureWindow),
      quality: this.#config.quality.enabled ? new QualityWindow(profile.quality) : undefined,
      aggregates: new WindowAggregates(),
    };
  }

  /** Applies an event to its pane; `position` is its sequence number (count windows) or its time. */
  #apply(event: PredictionEvent, position: number): void {
    const profile = this.#profile!;
    const performance = this.#config.performance;
    const pane = this.#panes.paneFor(position);
    profile.features.forEach((feature, i) => applyValue(pane.features[i], feature.read(event)));
    if (this.#rollingReference) this.#collecting!.push(event);
    pane.quality?.update(event.features);
    pane.aggregates.update(event, performance?.positiveLabel ?? '1', performance?.decisionThreshold ?? 0.5);
  }

  #close(span: WindowSpan, out: EngineOutput): void {
    const window = this.#panes.close(span);
    if (!window) return;
    const profile = this.#profile!;
    const bounds: WindowBounds = { start: span.start, end: span.end, count: window.aggregates.events };
    const drift = this.#driftFindings(profile, window, bounds);
    const quality = window.quality ? qualityFindings(window.quality, bounds, { score: { warning: this.#config.quality.score.warning, critical: this.#config.quality.score.critical ?? 0.5 } }) : [];
    const aggregates = window.aggregates.values();
    const anomaly = this.#anomalyFindings(aggregates, bounds);
    const findings = [...drift, ...quality, ...anomaly];
    const now = this.#now();
    const gated: GatedFinding[] = findings.map((finding) => ({ finding, immediate: finding.detector === 'quality.schema_change' }));
    const alerts = this.#gate.evaluate(this.modelId, this.modelVersion, bounds, gated, now);
    const lateEvents = this.#assigner instanceof EventTimeWindowAssigner ? this.#assigner.lateEvents : 0;
    out.reports.push(windowReport({
      modelId: this.modelId,
      modelVersion: this.modelVersion,
      stream: this.stream,
      window: bounds,
      lateEvents: lateEvents - this.#lateReported,
      features: featureReports(profile, window),
      modelMetrics: { ...aggregates, ...(window.quality ? { quality_score: window.quality.score() } : {}), ...(this.#retiring ? { retired: 1 } : {}) },
      findings,
      now,
    }));
    this.#lateReported = lateEvents;
    out.alerts.push(...alerts);
    const request = this.#retrain.onWindow(this, bounds, findings, alerts, [...this.#gate.firing().values()], now);
    if (request) out.retrainRequests.push(request);
    // A retiring monitor has no next window to give a reference to.
    if (this.#rollingReference && !this.#retiring) {
      this.#useProfile(buildReferenceProfile(profile.features, this.#collecting!, undefined));
      this.#markBoundary();
    }
  }

  #driftFindings(profile: ReferenceProfile, window: WindowContents, bounds: WindowBounds): Finding[] {
    const findings: Finding[] = [];
    profile.features.forEach((feature, i) => {
      const state = window.features[i];
      const reference = profile.references[i];
      const found = state instanceof NumericWindowState
        ? this.#drift[i].evaluate(feature.name, reference as NumericReference, state, bounds)
        : this.#drift[i].evaluate(feature.name, reference as CategoricalReference, state as CategoricalWindowState, bounds);
      findings.push(...found);
    });
    return controlFalseDiscoveries(findings, this.#config.drift.fdr);
  }

  #anomalyFindings(aggregates: Record<string, number>, bounds: WindowBounds): Finding[] {
    const anomaly = this.#config.anomaly;
    if (!anomaly.enabled) return [];
    const findings: Finding[] = [];
    for (const name of anomaly.aggregates) {
      const value = aggregates[name];
      if (value === undefined || !Number.isFinite(value)) continue;
      let detector = this.#anomalies.get(name);
      if (!detector) {
        detector = anomaly.method === 'ewma' ? new EwmaChart({ series: name }) : new RobustZScore({ series: name });
        this.#anomalies.set(name, detector);
      }
      detector.update(value);
      findings.push(...detector.evaluate(bounds));
    }
    return findings;
  }

  toBytes(): Buffer {
    return this.#boundary ?? this.#serialize();
  }

  #serialize(): Buffer {
    const w = new StateBundleWriter();
    const profile = this.#profile;
    const document = {
      format: FORMAT,
      modelId: this.modelId,
      modelVersion: this.modelVersion,
      stream: this.stream,
      appliedThrough: this.#appliedThrough,
      lastEventTime: Number.isFinite(this.#lastEventTime) ? this.#lastEventTime : null,
      resumeFrom: this.#resumeFrom ?? null,
      hasProfile: profile !== undefined,
      assigner: w.blob(this.#assigner.toBytes()),
      panes: [...this.#panes.entries()].map(([start, o]) => [start, o.features.map((f) => w.blob(f.toBytes())), o.quality ? w.blob(o.quality.toBytes()) : null, o.aggregates.toJSON()]),
      lateReported: this.#lateReported,
      anomalies: [...this.#anomalies].map(([name, d]) => [name, w.blob(d.toBytes())]),
      gate: this.#gate.toJSON(),
      retrain: this.#retrain.toJSON(),
    };
    return w.finish(document);
  }

  /**
   * Restores a saved monitor. A monitor saved while collecting its reference comes back empty-handed and
   * expects the input again from `resumeFrom`.
   */
  static fromBytes(bytes: Uint8Array, init: Omit<VersionMonitorInit, 'modelId' | 'modelVersion' | 'stream'>, profileBytes?: Uint8Array): VersionMonitor {
    const { document, blob } = readStateBundle(bytes);
    const d = document as SavedVersionMonitor;
    if (d.format !== FORMAT) throw new CorruptMonitorStateError(`format ${d.format}, written by another driftwatch version; this one reads format ${FORMAT}`);
    const m = new VersionMonitor({ ...init, modelId: d.modelId, modelVersion: d.modelVersion, stream: d.stream, fixedReference: undefined });
    if (d.hasProfile) {
      if (!profileBytes) throw new CorruptMonitorStateError(`no saved reference profile for ${d.modelId} ${d.modelVersion}`);
      m.#useProfile(profileFromBytes(profileBytes));
      m.#profileChanged = false;
      m.#collecting = undefined;
    } else if (init.fixedReference) {
      m.#useProfile(init.fixedReference);
      m.#profileChanged = false;
      m.#collecting = undefined;
    }
    m.#appliedThrough = d.resumeFrom !== null ? d.resumeFrom - 1 : d.appliedThrough;
    m.#resumeFrom = d.resumeFrom ?? undefined;
    m.#lastEventTime = d.lastEventTime ?? -Infinity;
    if (m.#rollingReference && m.#profile) {
      // What was saved is the state at the last window boundary: until the next one, it is what this
      // monitor's checkpoints must save again (its raw events since then are held in memory only).
      m.#collecting = [];
      m.#boundary = Buffer.from(bytes);
    }
    m.#assigner = m.#config.window.type === 'count' ? CountWindowAssigner.fromBytes(blob(d.assigner)) : EventTimeWindowAssigner.fromBytes(blob(d.assigner));
    const profile = m.#profile;
    for (const [start, features, quality, aggregates] of d.panes) {
      if (!profile) continue;
      m.#panes.restore(start, {
        features: features.map((i, k) => (profile.references[k] instanceof NumericReference
          ? NumericWindowState.fromBytes(blob(i), profile.references[k] as NumericReference)
          : CategoricalWindowState.fromBytes(blob(i), profile.references[k] as CategoricalReference))),
        quality: quality === null ? undefined : QualityWindow.fromBytes(blob(quality), profile.quality),
        aggregates: WindowAggregates.fromJSON(aggregates),
      });
    }
    m.#lateReported = d.lateReported;
    for (const [name, i] of d.anomalies) {
      m.#anomalies.set(name, m.#config.anomaly.method === 'ewma' ? EwmaChart.fromBytes(blob(i)) : RobustZScore.fromBytes(blob(i)));
    }
    m.#gate = AlertGate.fromJSON({ persistence: m.#config.persistence, severities: m.#config.severities }, d.gate);
    m.#retrain = RetrainPolicy.fromJSON(m.#config.retraining, d.retrain);
    return m;
  }
}

interface SavedVersionMonitor {
  format: number;
  modelId: string;
  modelVersion: string;
  stream: 'predictions' | 'features';
  appliedThrough: number;
  /** Absent in states saved before idle retirement existed. */
  lastEventTime?: number | null;
  resumeFrom: number | null;
  hasProfile: boolean;
  assigner: number;
  panes: [number, number[], number | null, unknown][];
  lateReported: number;
  anomalies: [string, number][];
  gate: unknown;
  retrain: unknown;
}

function driftOptions(config: MonitorConfig, calibrated: Partial<Record<DriftTestName, Thresholds>> | null): DriftDetectorOptions {
  const alertOn: NonNullable<DriftDetectorOptions['alertOn']> = {};
  const thresholds: NonNullable<DriftDetectorOptions['thresholds']> = { ...(calibrated ?? {}) };
  for (const kind of ['numeric', 'categorical'] as const) {
    const chosen = config.drift[kind];
    if (!chosen?.method) continue;
    alertOn[kind] = [chosen.method];
    if (chosen.warning !== undefined || chosen.critical !== undefined) {
      const defaults = thresholds[chosen.method] ?? driftTests.require(chosen.method, kind).thresholds;
      thresholds[chosen.method] = { warning: chosen.warning ?? defaults.warning, critical: chosen.critical ?? defaults.critical };
    }
  }
  return { alertOn, thresholds, minCount: config.drift.minCount };
}

/**
 * Benjamini–Hochberg across a window's features, per p-value test: a breaching p-value finding whose
 * hypothesis BH does not reject at `fdr` is brought back to 'none' (its adjusted p-value is kept).
 */
function controlFalseDiscoveries(findings: Finding[], fdr: number): Finding[] {
  const byTest = new Map<string, number[]>();
  findings.forEach((f, i) => {
    if (f.pValue === undefined || !Number.isFinite(f.pValue)) return;
    const list = byTest.get(f.detector) ?? [];
    list.push(i);
    byTest.set(f.detector, list);
  });
  const out = findings.slice();
  for (const indices of byTest.values()) {
    const { rejected, adjusted } = benjaminiHochberg(indices.map((i) => findings[i].pValue!), fdr);
    indices.forEach((i, k) => {
      const f = findings[i];
      const details = { ...f.details, bh_adjusted_p_value: adjusted[k] };
      out[i] = !rejected[k] && (f.severity === 'warning' || f.severity === 'critical')
        ? { ...f, severity: 'none', details, summary: `${f.summary} Not significant after Benjamini–Hochberg across features (adjusted p ${adjusted[k].toPrecision(3)}).` }
        : { ...f, details };
    });
  }
  return out;
}

function newFeatureWindow(reference: FeatureReference): FeatureWindow {
  return reference instanceof NumericReference ? new NumericWindowState(reference) : new CategoricalWindowState(reference);
}

function applyValue(state: FeatureWindow, value: unknown): void {
  if (state instanceof NumericWindowState) state.update(typeof value === 'number' ? value : null);
  else state.update(value === null || value === undefined ? null : String(value));
}

function featureReports(profile: ReferenceProfile, window: WindowContents): FeatureWindowReport[] {
  return profile.features.map((feature, i) => {
    const state = window.features[i];
    const metrics: Record<string, number> = { count: state.total };
    if (state instanceof NumericWindowState) {
      metrics.values = state.count;
      metrics.missing = state.missing;
      if (state.count > 0) {
        metrics.mean = state.mean;
        metrics.std = Math.sqrt(state.variance);
        metrics.min = state.min;
        metrics.max = state.max;
      }
    } else {
      metrics.unseen_share = state.unseenShare;
    }
    if (window.quality && !feature.name.startsWith('prediction.')) {
      for (const [name, value] of Object.entries(window.quality.shares(feature.name) ?? {})) {
        if (name !== 'score' && Number.isFinite(value)) metrics[`${snakeCase(name)}_share`] = value;
      }
    }
    return { feature: feature.name, kind: feature.kind, metrics };
  });
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
