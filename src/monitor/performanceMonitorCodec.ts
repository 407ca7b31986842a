import type { SeriesDetector } from '../detectors/series/seriesDetector.ts';
import { trendTag, type TrendTag } from './performanceTrends.ts';
import { readStateBundle, StateBundleWriter } from './stateBundle.ts';

/** What a performance monitor saves, as the monitor holds it. */
export interface PerformanceMonitorParts {
  modelId: string;
  modelVersion: string;
  appliedThrough: number;
  /** −Infinity before the first label. */
  lastEventTime: number;
  assigner: { toBytes(): Uint8Array };
  window: { toBytes(): Uint8Array };
  trends: Iterable<[string, readonly SeriesDetector[]]>;
  gate: unknown;
  retrain: unknown;
  /** performance.calibrate's state; absent without it. */
  calibration?: unknown;
}

/** What a performance monitor saved; the trend states name their own kinds (see restoreTrends). */
export interface SavedPerformanceMonitor {
  modelId: string;
  modelVersion: string;
  appliedThrough: number;
  lastEventTime: number;
  assigner: Uint8Array;
  window: Uint8Array;
  trends: [string, Uint8Array[]][];
  gate: unknown;
  retrain: unknown;
  calibration?: unknown;
}

interface SavedDocument {
  modelId: string;
  modelVersion: string;
  appliedThrough: number;
  lastEventTime?: number | null;
  assigner: number;
  window: number;
  /** Per metric its detectors as [tag, blob]; the tag is still written for builds that restore by it, this one reads the kind from the bytes. */
  trends: [string, [TrendTag, number][]][];
  gate: unknown;
  retrain: unknown;
  /** Written only with performance.calibrate, so states without it keep their bytes. */
  calibration?: unknown;
}

export function encodePerformanceMonitor(parts: PerformanceMonitorParts): Buffer {
  const w = new StateBundleWriter();
  // Blobs are numbered in this order (assigner, window, trends): saved states depend on it.
  const document: SavedDocument = {
    modelId: parts.modelId,
    modelVersion: parts.modelVersion,
    appliedThrough: parts.appliedThrough,
    lastEventTime: Number.isFinite(parts.lastEventTime) ? parts.lastEventTime : null,
    assigner: w.blob(parts.assigner.toBytes()),
    window: w.blob(parts.window.toBytes()),
    trends: [...parts.trends].map(([metric, ds]) => [metric, ds.map((d): [TrendTag, number] => [trendTag(d), w.blob(d.toBytes())])]),
    gate: parts.gate,
    retrain: parts.retrain,
    ...(parts.calibration !== undefined ? { calibration: parts.calibration } : {}),
  };
  return w.finish(document);
}

export function decodePerformanceMonitor(bytes: Uint8Array): SavedPerformanceMonitor {
  const { document, blob } = readStateBundle(bytes);
  const d = document as SavedDocument;
  return {
    modelId: d.modelId,
    modelVersion: d.modelVersion,
    appliedThrough: d.appliedThrough,
    lastEventTime: d.lastEventTime ?? -Infinity,
    assigner: blob(d.assigner),
    window: blob(d.window),
    trends: d.trends.map(([metric, saved]) => [metric, saved.map(([, i]) => blob(i))]),
    gate: d.gate,
    retrain: d.retrain,
    calibration: d.calibration,
  };
}
