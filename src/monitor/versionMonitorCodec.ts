import { ReconstructionWindow } from '../detectors/multivariate/reconstructionWindow.ts';
import { QualityWindow } from '../detectors/quality/qualityWindow.ts';
import { restoreFeatureWindow } from './featureWindows.ts';
import type { ReferenceProfile } from './referenceProfile.ts';
import { CorruptMonitorStateError, readStateBundle, StateBundleWriter } from './stateBundle.ts';
import { WindowAggregates } from './windowAggregates.ts';
import type { WindowContents } from './windowPanes.ts';

/** 2: open windows saved as panes (1 saved one state per open window). */
export const VERSION_MONITOR_FORMAT = 2;

type Stream = 'predictions' | 'features';

/** What a version monitor saves, as the monitor holds it. */
export interface VersionMonitorParts {
  modelId: string;
  modelVersion: string;
  stream: Stream;
  appliedThrough: number;
  /** −Infinity before the first event. */
  lastEventTime: number;
  resumeFrom: number | undefined;
  hasProfile: boolean;
  assigner: { toBytes(): Uint8Array };
  panes: Iterable<[number, WindowContents]>;
  lateReported: number;
  anomalies: Iterable<[string, { toBytes(): Uint8Array }]>;
  /** Trend detectors on window series (trend.series), by series. */
  seriesTrends: Iterable<[string, { toBytes(): Uint8Array }[]]>;
  gate: unknown;
  retrain: unknown;
  /** performance.estimate's state; absent without it. */
  estimate?: { toBytes(): Uint8Array };
}

/** A saved pane before it is read against the reference profile (see restorePane). */
export interface SavedPane {
  start: number;
  features: Uint8Array[];
  quality: Uint8Array | undefined;
  aggregates: unknown;
  reconstruction: Uint8Array | undefined;
}

/** What a version monitor saved, decoded as far as it can be without the monitor's config and profile. */
export interface SavedVersionMonitor {
  modelId: string;
  modelVersion: string;
  stream: Stream;
  appliedThrough: number;
  lastEventTime: number;
  resumeFrom: number | undefined;
  hasProfile: boolean;
  assigner: Uint8Array;
  panes: SavedPane[];
  lateReported: number;
  anomalies: [string, Uint8Array][];
  seriesTrends: [string, Uint8Array[]][];
  gate: unknown;
  retrain: unknown;
  estimate: Uint8Array | undefined;
}

/** The JSON document of the state bundle; blobs are referred to by index. */
interface SavedDocument {
  format: number;
  modelId: string;
  modelVersion: string;
  stream: Stream;
  appliedThrough: number;
  /** Absent in states saved before idle retirement existed. */
  lastEventTime?: number | null;
  resumeFrom: number | null;
  hasProfile: boolean;
  assigner: number;
  /** start, feature states, quality, aggregates, and (only with multivariate) the reconstruction window. */
  panes: [number, number[], number | null, unknown, number?][];
  lateReported: number;
  anomalies: [string, number][];
  /** Absent when there are none (so states without them keep the bytes earlier builds wrote). */
  seriesTrends?: [string, number[]][];
  gate: unknown;
  retrain: unknown;
  /** Written only with performance.estimate (last of the blobs), so states without it keep their bytes. */
  estimate?: number;
}

export function encodeVersionMonitor(parts: VersionMonitorParts): Buffer {
  const w = new StateBundleWriter();
  // Blobs are numbered in this order (assigner, panes, anomalies, series trends): saved states depend on it.
  const document: SavedDocument = {
    format: VERSION_MONITOR_FORMAT,
    modelId: parts.modelId,
    modelVersion: parts.modelVersion,
    stream: parts.stream,
    appliedThrough: parts.appliedThrough,
    lastEventTime: Number.isFinite(parts.lastEventTime) ? parts.lastEventTime : null,
    resumeFrom: parts.resumeFrom ?? null,
    hasProfile: parts.hasProfile,
    assigner: w.blob(parts.assigner.toBytes()),
    panes: [...parts.panes].map(([start, o]) => {
      const pane: SavedDocument['panes'][number] = [start, o.features.map((f) => w.blob(f.toBytes())), o.quality ? w.blob(o.quality.toBytes()) : null, o.aggregates.toJSON()];
      if (o.reconstruction) pane.push(w.blob(o.reconstruction.toBytes()));
      return pane;
    }),
    lateReported: parts.lateReported,
    anomalies: [...parts.anomalies].map(([name, d]) => [name, w.blob(d.toBytes())]),
    gate: parts.gate,
    retrain: parts.retrain,
  };
  const seriesTrends = [...parts.seriesTrends].map(([name, ds]): [string, number[]] => [name, ds.map((d) => w.blob(d.toBytes()))]);
  if (seriesTrends.length > 0) document.seriesTrends = seriesTrends;
  if (parts.estimate) document.estimate = w.blob(parts.estimate.toBytes());
  return w.finish(document);
}

export function decodeVersionMonitor(bytes: Uint8Array): SavedVersionMonitor {
  const { document, blob } = readStateBundle(bytes);
  const d = document as SavedDocument;
  if (d.format !== VERSION_MONITOR_FORMAT) {
    throw new CorruptMonitorStateError(`format ${d.format}, written by another driftwatch version; this one reads format ${VERSION_MONITOR_FORMAT}`);
  }
  return {
    modelId: d.modelId,
    modelVersion: d.modelVersion,
    stream: d.stream,
    appliedThrough: d.appliedThrough,
    lastEventTime: d.lastEventTime ?? -Infinity,
    resumeFrom: d.resumeFrom ?? undefined,
    hasProfile: d.hasProfile,
    assigner: blob(d.assigner),
    panes: d.panes.map(([start, features, quality, aggregates, reconstruction]) => ({
      start,
      features: features.map((i) => blob(i)),
      quality: quality === null ? undefined : blob(quality),
      aggregates,
      reconstruction: reconstruction === undefined ? undefined : blob(reconstruction),
    })),
    lateReported: d.lateReported,
    anomalies: d.anomalies.map(([name, i]) => [name, blob(i)]),
    seriesTrends: (d.seriesTrends ?? []).map(([name, indices]) => [name, indices.map((i) => blob(i))]),
    gate: d.gate,
    retrain: d.retrain,
    estimate: d.estimate === undefined ? undefined : blob(d.estimate),
  };
}

/** A saved pane's contents, each feature state read against its reference; a pane saved without reconstruction errors starts them empty. */
export function restorePane(pane: SavedPane, profile: ReferenceProfile): WindowContents {
  const contents: WindowContents = {
    features: pane.features.map((bytes, k) => restoreFeatureWindow(bytes, profile.references[k])),
    quality: pane.quality === undefined ? undefined : QualityWindow.fromBytes(pane.quality, profile.quality),
    aggregates: WindowAggregates.fromJSON(pane.aggregates),
  };
  if (profile.reconstruction) contents.reconstruction = pane.reconstruction ? ReconstructionWindow.fromBytes(pane.reconstruction) : new ReconstructionWindow();
  return contents;
}
