import type { MonitorConfig } from '../config/configSchema.ts';
import { valueAt, type EventBatch } from '../contracts/eventBatch.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import type { DriftDetector } from '../detectors/drift/index.ts';
import type { CbpeModel } from '../detectors/performance/cbpe/cbpeModel.ts';
import type { WindowBounds } from '../detectors/finding.ts';
import { RECONSTRUCTION_DETECTOR, RECONSTRUCTION_METRIC } from '../detectors/multivariate/reconstructionFinding.ts';
import { ReconstructionWindow } from '../detectors/multivariate/reconstructionWindow.ts';
import { QualityWindow } from '../detectors/quality/qualityWindow.ts';
import { CountWindowAssigner, EventTimeWindowAssigner, type WindowSpan } from '../detectors/window/index.ts';
import { AlertGate, type GatedFinding } from './alertGate.ts';
import { detectorRestoreWarning, type DetectorRestoreWarning } from './detectorRestoreWarning.ts';
import { driftDetectors, driftFindings } from './driftEvaluation.ts';
import { emptyOutput, type EngineOutput } from './engineOutput.ts';
import { PerformanceEstimate } from './performanceEstimate.ts';
import { featureReports } from './featureReports.ts';
import { applyColumn, applyValue, newFeatureWindow } from './featureWindows.ts';
import { windowQualityFindings } from './qualityEvaluation.ts';
import { featureCalibrates, featureRule } from './featureRules.ts';
import { referenceChunkSize, referenceProfileOptions } from './referenceOptions.ts';
import { buildReferenceProfile, profileFromBytes, profileToBytes, type ReferenceProfile } from './referenceProfile.ts';
import { ReferenceBuildError } from './referenceBuildError.ts';
import { ReconstructionInput } from './reconstructionInput.ts';
import { windowReconstruction } from './reconstructionEvaluation.ts';
import { RetrainPolicy } from './retrainPolicy.ts';
import { CorruptMonitorStateError } from './stateBundle.ts';
import { decodeVersionMonitor, encodeVersionMonitor, restorePane } from './versionMonitorCodec.ts';
import { watchedColumn, watchedFeatures } from './watchedFeatures.ts';
import { WindowAggregates } from './windowAggregates.ts';
import { WindowAnomalies } from './windowAnomalies.ts';
import { seriesFindings, windowSeriesValues } from './windowSeries.ts';
import { WindowTrends } from './windowTrends.ts';
import { WindowPanes, type WindowContents } from './windowPanes.ts';
import { windowReport } from './windowReport.ts';

export interface VersionMonitorInit {
  modelId: string;
  modelVersion: string;
  stream: 'predictions' | 'features';
  config: MonitorConfig;
  /** A reference given up front (from a file); otherwise the version's first events build it. */
  fixedReference?: ReferenceProfile;
  /** performance.estimate: the CBPE model fitted on the reference file (predictions stream only). */
  estimator?: CbpeModel;
  now: () => number;
}

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
  /** multivariate: reads the profile's reconstruction model's features from events and batches. */
  #reconstruction: ReconstructionInput | undefined;
  #assigner: CountWindowAssigner | EventTimeWindowAssigner;
  readonly #panes: WindowPanes;
  #lateReported = 0;
  #anomalies: WindowAnomalies;
  #trends: WindowTrends;
  /** What restoring found that no longer fits the config (see fromBytes). */
  #restoreWarnings: DetectorRestoreWarning[] = [];
  #gate: AlertGate;
  #retrain: RetrainPolicy;
  /** performance.estimate on the predictions stream: performance estimated without labels, in windows of its own. */
  #estimate: PerformanceEstimate | undefined;

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
    this.#anomalies = new WindowAnomalies(init.config.anomaly);
    this.#trends = new WindowTrends(init.config.trend);
    this.#gate = new AlertGate({ persistence: init.config.persistence, severities: init.config.severities });
    this.#retrain = new RetrainPolicy(init.config.retraining);
    if (init.estimator && init.stream === 'predictions') this.#estimate = new PerformanceEstimate(this.#estimateInit(init.estimator));
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

  /** Saved detectors the config no longer asks for, dropped when this monitor was restored; empty for a new one. */
  get restoreWarnings(): readonly DetectorRestoreWarning[] {
    return this.#restoreWarnings;
  }

  #estimateInit(model: CbpeModel) {
    return { modelId: this.modelId, modelVersion: this.modelVersion, monitor: this.#config, model, now: this.#now };
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
      this.#apply(event, sequence, out);
      for (const span of closed) this.#close(span, out);
    } else {
      const { late, closed } = this.#assigner.assign(event.timestamp);
      if (!late) this.#apply(event, event.timestamp, out);
      for (const span of closed) this.#close(span, out);
    }
    return out;
  }

  /** Whether ingestRows may take this monitor's events: it has its reference, and keeps no raw events. */
  get takesRows(): boolean {
    return this.#profile !== undefined && !this.#rollingReference;
  }

  /**
   * ingest() for the rows `rows` of a batch, all of this monitor's model and version in position order, while
   * takesRows: the same state and output as ingesting each row's event in turn. Rows are applied column by
   * column, as many at a time as go into one pane before a window closes.
   */
  ingestRows(batch: EventBatch, rows: Int32Array, out: EngineOutput): void {
    const { positions, timestamps } = batch;
    let from = 0;
    while (from < rows.length && positions[rows[from]] <= this.#appliedThrough) from++;
    if (from === rows.length) return;
    if (!this.takesRows) throw new Error(`VersionMonitor.ingestRows: ${this.modelId} ${this.modelVersion} has no reference yet, or keeps raw events; ingest its events one by one`);
    this.#appliedThrough = positions[rows[rows.length - 1]];
    for (let i = from; i < rows.length; i++) if (timestamps[rows[i]] > this.#lastEventTime) this.#lastEventTime = timestamps[rows[i]];
    if (this.#assigner instanceof CountWindowAssigner) this.#assignCountRows(batch, rows, from, out);
    else this.#assignTimedRows(this.#assigner, batch, rows, from, out);
  }

  #assignCountRows(batch: EventBatch, rows: Int32Array, from: number, out: EngineOutput): void {
    const assigner = this.#assigner as CountWindowAssigner;
    for (let i = from; i < rows.length;) {
      const sequence = assigner.next;
      const n = Math.min(rows.length - i, assigner.untilClose(), this.#panes.paneEnd(sequence) - sequence);
      const { closed } = assigner.assignMany(n);
      this.#applyRows(batch, rows.subarray(i, i + n), sequence, out);
      if (closed) this.#close(closed, out);
      i += n;
    }
  }

  /** Event time: runs of rows for one pane are applied together, each run before the windows its last row closes. */
  #assignTimedRows(assigner: EventTimeWindowAssigner, batch: EventBatch, rows: Int32Array, from: number, out: EngineOutput): void {
    let runStart = from;
    let runEnd = from;
    let runPane = Number.NaN;
    const flush = () => {
      if (runEnd > runStart) this.#applyRows(batch, rows.subarray(runStart, runEnd), batch.timestamps[rows[runStart]], out);
      runStart = runEnd;
    };
    for (let i = from; i < rows.length; i++) {
      const t = batch.timestamps[rows[i]];
      const { late, closed } = assigner.assign(t);
      if (late) {
        flush();
        runStart = runEnd = i + 1;
      } else {
        const pane = this.#panes.paneEnd(t);
        if (pane !== runPane) {
          flush();
          runStart = i;
          runPane = pane;
        }
        runEnd = i + 1;
      }
      if (closed.length > 0) {
        flush();
        for (const span of closed) this.#close(span, out);
      }
    }
    flush();
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
    this.#estimate?.retire(out);
    return out;
  }

  #collect(event: PredictionEvent, position: number): void {
    const collecting = this.#collecting!;
    if (collecting.length === 0) this.#resumeFrom = position;
    collecting.push(event);
    if (collecting.length < this.#referenceEvents()) return;
    let profile: ReferenceProfile;
    try {
      profile = buildReferenceProfile(watchedFeatures(this.#config.features, this.#config.monitorPrediction, collecting), collecting, this.#calibrationChunk(collecting.length), referenceProfileOptions(this.#config, collecting.length));
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

  /** Events the reference takes from the stream before the first window (0 for a reference file). */
  #referenceEvents(): number {
    const { reference, window } = this.#config;
    return reference.source === 'firstEvents' ? reference.events : reference.source === 'previousWindow' ? window.size : 0;
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
    return this.#config.drift.calibrate || featureCalibrates(this.#config) ? referenceChunkSize(this.#config, referenceSize) : undefined;
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
    this.#drift = driftDetectors(this.#config, profile);
    this.#reconstruction = profile.reconstruction ? new ReconstructionInput(profile.reconstruction) : undefined;
  }

  /**
   * A restored profile and the config may disagree on multivariate: a model the config no longer asks for is
   * dropped; one it asks for and the profile lacks comes from the reference file, or else waits for the next
   * reference (with a warning).
   */
  #reconcileReconstruction(fixedReference: ReferenceProfile | undefined): void {
    const profile = this.#profile!;
    if (!this.#config.multivariate === !profile.reconstruction) return;
    if (!this.#config.multivariate) delete profile.reconstruction;
    else if (fixedReference?.reconstruction) profile.reconstruction = fixedReference.reconstruction;
    else {
      this.#restoreWarnings.push({
        ...detectorRestoreWarning(RECONSTRUCTION_METRIC, null, RECONSTRUCTION_DETECTOR),
        message: `the saved reference of ${this.modelId} ${this.modelVersion} has no reconstruction model (multivariate was configured after it was built): reconstruction drift starts with its next reference`,
      });
      return;
    }
    this.#useProfile(profile);
  }

  #newContents(): WindowContents {
    const profile = this.#profile!;
    return {
      features: profile.references.map(newFeatureWindow),
      quality: this.#config.quality.enabled ? new QualityWindow(profile.quality) : undefined,
      aggregates: new WindowAggregates(),
      ...(profile.reconstruction ? { reconstruction: new ReconstructionWindow() } : {}),
    };
  }

  /** Applies an event to its pane (and the estimate); `position` is its sequence number (count windows) or its time. */
  #apply(event: PredictionEvent, position: number, out: EngineOutput): void {
    const profile = this.#profile!;
    const performance = this.#config.performance;
    const pane = this.#panes.paneFor(position);
    profile.features.forEach((feature, i) => applyValue(pane.features[i], feature.read(event)));
    if (this.#rollingReference) this.#collecting!.push(event);
    pane.quality?.update(event.features);
    pane.aggregates.update(event, performance?.positiveLabel ?? '1', performance?.decisionThreshold ?? 0.5);
    if (pane.reconstruction) this.#reconstruction!.add(event, pane.reconstruction);
    this.#estimate?.add(event.prediction.score, event.prediction.label, out);
  }

  /** #apply for rows of a batch that all go into the pane of `position`. */
  #applyRows(batch: EventBatch, rows: Int32Array, position: number, out: EngineOutput): void {
    const profile = this.#profile!;
    const performance = this.#config.performance;
    const pane = this.#panes.paneFor(position);
    profile.features.forEach((feature, i) => applyColumn(pane.features[i], watchedColumn(batch, feature.name), rows));
    if (pane.quality) {
      const values = new Map<string, (i: number) => unknown>();
      for (const [name, column] of batch.features) values.set(name, (i) => valueAt(column, rows[i]));
      pane.quality.updateMany(values, rows.length);
    }
    pane.aggregates.updateRows(batch, rows, performance?.positiveLabel ?? '1', performance?.decisionThreshold ?? 0.5);
    if (pane.reconstruction) this.#reconstruction!.addRows(batch, rows, pane.reconstruction);
    this.#estimate?.addRows(batch, rows, out);
  }

  #close(span: WindowSpan, out: EngineOutput): void {
    const window = this.#panes.close(span);
    if (!window) return;
    const profile = this.#profile!;
    const bounds: WindowBounds = { start: span.start, end: span.end, count: window.aggregates.events };
    const drift = driftFindings(profile, this.#drift, window, bounds, this.#config.drift.fdr, (name) => featureRule(this.#config, name));
    const quality = windowQualityFindings(window.quality, bounds, this.#config.quality);
    const aggregates = window.aggregates.values();
    const qualityScore = window.quality?.score();
    const reconstruction = windowReconstruction(window.reconstruction, profile.reconstruction?.band, this.#config.drift.minCount, bounds);
    const series = windowSeriesValues(aggregates, qualityScore, drift, this.#config.drift.minCount, reconstruction.metrics[RECONSTRUCTION_METRIC]);
    const { anomaly, trend } = seriesFindings(series, bounds, this.#anomalies, this.#trends);
    const findings = [...drift, ...reconstruction.findings, ...quality, ...anomaly, ...trend];
    const now = this.#now();
    // Trends are judged window by window, as the performance trends are.
    const gated: GatedFinding[] = findings.map((finding) => ({ finding, immediate: finding.detector === 'quality.schema_change' || trend.includes(finding) }));
    const alerts = this.#gate.evaluate(this.modelId, this.modelVersion, bounds, gated, now);
    const lateEvents = this.#assigner instanceof EventTimeWindowAssigner ? this.#assigner.lateEvents : 0;
    out.reports.push(windowReport({
      modelId: this.modelId,
      modelVersion: this.modelVersion,
      stream: this.stream,
      window: bounds,
      // Count windows number events from the first after the reference; the report also counts from the stream's first.
      streamOffset: this.#assigner instanceof CountWindowAssigner ? this.#referenceEvents() : undefined,
      lateEvents: lateEvents - this.#lateReported,
      eventTimes: window.aggregates.eventTimes(),
      features: featureReports(profile, window),
      modelMetrics: { ...aggregates, ...(qualityScore !== undefined ? { quality_score: qualityScore } : {}), ...reconstruction.metrics, ...reconstruction.samplingError, ...(this.#retiring ? { retired: 1 } : {}) },
      findings,
      now,
    }));
    this.#lateReported = lateEvents;
    out.alerts.push(...alerts);
    // Retraining answers performance trends (performanceMonitor.ts), not trends of these window series.
    const request = this.#retrain.onWindow(this, bounds, findings, alerts.filter((a) => !a.detector.startsWith('trend.')), [...this.#gate.firing().values()], now);
    if (request) out.retrainRequests.push(request);
    // A retiring monitor has no next window to give a reference to.
    if (this.#rollingReference && !this.#retiring) {
      this.#useProfile(buildReferenceProfile(profile.features, this.#collecting!, undefined, referenceProfileOptions(this.#config, this.#collecting!.length)));
      this.#markBoundary();
    }
  }

  toBytes(): Buffer {
    return this.#boundary ?? this.#serialize();
  }

  #serialize(): Buffer {
    return encodeVersionMonitor({
      modelId: this.modelId,
      modelVersion: this.modelVersion,
      stream: this.stream,
      appliedThrough: this.#appliedThrough,
      lastEventTime: this.#lastEventTime,
      resumeFrom: this.#resumeFrom,
      hasProfile: this.#profile !== undefined,
      assigner: this.#assigner,
      panes: this.#panes.entries(),
      lateReported: this.#lateReported,
      anomalies: this.#anomalies.entries(),
      seriesTrends: this.#trends.entries(),
      gate: this.#gate.toJSON(),
      retrain: this.#retrain.toJSON(),
      estimate: this.#estimate,
    });
  }

  /**
   * Restores a saved monitor. A monitor saved while collecting its reference comes back empty-handed and
   * expects the input again from `resumeFrom`.
   */
  static fromBytes(bytes: Uint8Array, init: Omit<VersionMonitorInit, 'modelId' | 'modelVersion' | 'stream'>, profileBytes?: Uint8Array): VersionMonitor {
    const d = decodeVersionMonitor(bytes);
    const m = new VersionMonitor({ ...init, modelId: d.modelId, modelVersion: d.modelVersion, stream: d.stream, fixedReference: undefined });
    if (d.hasProfile) {
      if (!profileBytes) throw new CorruptMonitorStateError(`no saved reference profile for ${d.modelId} ${d.modelVersion}`);
      m.#useProfile(profileFromBytes(profileBytes));
      m.#profileChanged = false;
      m.#collecting = undefined;
      m.#reconcileReconstruction(init.fixedReference);
    } else if (init.fixedReference) {
      m.#useProfile(init.fixedReference);
      m.#profileChanged = false;
      m.#collecting = undefined;
    }
    m.#appliedThrough = d.resumeFrom !== undefined ? d.resumeFrom - 1 : d.appliedThrough;
    m.#resumeFrom = d.resumeFrom;
    m.#lastEventTime = d.lastEventTime;
    if (m.#rollingReference && m.#profile) {
      // What was saved is the state at the last window boundary: until the next one, it is what this
      // monitor's checkpoints must save again (its raw events since then are held in memory only).
      m.#collecting = [];
      m.#boundary = Buffer.from(bytes);
    }
    m.#assigner = m.#config.window.type === 'count' ? CountWindowAssigner.fromBytes(d.assigner) : EventTimeWindowAssigner.fromBytes(d.assigner);
    const profile = m.#profile;
    if (profile) for (const pane of d.panes) m.#panes.restore(pane.start, restorePane(pane, profile));
    m.#lateReported = d.lateReported;
    const { anomalies, warnings } = WindowAnomalies.restore(m.#config.anomaly, d.anomalies);
    m.#anomalies = anomalies;
    const restoredTrends = WindowTrends.restore(m.#config.trend, d.seriesTrends);
    m.#trends = restoredTrends.trends;
    m.#restoreWarnings.push(...warnings, ...restoredTrends.warnings);
    m.#gate = AlertGate.fromJSON({ persistence: m.#config.persistence, severities: m.#config.severities }, d.gate);
    m.#retrain = RetrainPolicy.fromJSON(m.#config.retraining, d.retrain);
    if (m.#estimate && d.estimate) {
      m.#estimate = PerformanceEstimate.fromBytes(d.estimate, m.#estimateInit(init.estimator!));
      m.#restoreWarnings.push(...m.#estimate.restoreWarnings);
    }
    return m;
  }
}
