import { EwmaChart } from '../anomaly/ewmaChart.ts';
import { RobustZScore } from '../anomaly/robustZScore.ts';
import { readStateKind, StateDecodeError } from '../common/stateCodec.ts';
import { Adwin } from '../trend/adwin.ts';
import { Cusum } from '../trend/cusum.ts';
import { Kswin } from '../trend/kswin.ts';
import { PageHinkley } from '../trend/pageHinkley.ts';
import { SlopeTrend } from '../trend/slopeTrend.ts';
import type { SeriesDetector, SeriesDetectorKind } from './seriesDetector.ts';

/** Every series detector class by the kind its state names. */
export const SERIES_DETECTORS: { readonly [K in SeriesDetectorKind]: { fromBytes(bytes: Uint8Array): SeriesDetector } } = {
  [SlopeTrend.kind]: SlopeTrend,
  [PageHinkley.kind]: PageHinkley,
  [Cusum.kind]: Cusum,
  [Adwin.kind]: Adwin,
  [Kswin.kind]: Kswin,
  [EwmaChart.kind]: EwmaChart,
  [RobustZScore.kind]: RobustZScore,
};

export function isSeriesDetectorKind(kind: string): kind is SeriesDetectorKind {
  return Object.hasOwn(SERIES_DETECTORS, kind);
}

/**
 * Restores a saved series detector with the class its bytes name, whichever detector a caller would
 * build today. Throws StateDecodeError for a state that is not a series detector's.
 */
export function restoreSeriesDetector(bytes: Uint8Array): SeriesDetector {
  const kind = readStateKind(bytes);
  if (!isSeriesDetectorKind(kind)) {
    throw new StateDecodeError(`state is '${kind}', not a series detector's (one of ${Object.keys(SERIES_DETECTORS).join(', ')})`);
  }
  return SERIES_DETECTORS[kind].fromBytes(bytes);
}
