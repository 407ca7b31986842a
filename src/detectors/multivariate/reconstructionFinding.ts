import { formatNumber } from '../common/format.ts';
import type { Finding, WindowBounds } from '../finding.ts';
import type { ReconstructionBand } from './reconstructionModel.ts';
import type { ReconstructionWindow } from './reconstructionWindow.ts';

export const RECONSTRUCTION_DETECTOR = 'multivariate.reconstruction';
export const RECONSTRUCTION_METRIC = 'reconstruction_error';

/**
 * The window's mean reconstruction error against the reference's band: a warning when it is not strictly
 * inside (NannyML's alert). None before the window holds `minCount` events.
 */
export function reconstructionFinding(window: ReconstructionWindow, band: ReconstructionBand, minCount: number, bounds: WindowBounds): Finding | undefined {
  if (window.count < minCount || window.count === 0) return undefined;
  const value = window.mean;
  const below = value <= band.lower;
  const above = value >= band.upper;
  const where = `[${band.lower === -Infinity ? '−∞' : formatNumber(band.lower)}, ${formatNumber(band.upper)}]`;
  const samplingError = window.samplingError();
  return {
    detector: RECONSTRUCTION_DETECTOR,
    metric: RECONSTRUCTION_METRIC,
    value,
    threshold: below ? band.lower : band.upper,
    severity: below || above ? 'warning' : 'none',
    window: bounds,
    summary: below || above
      ? `Mean PCA reconstruction error ${formatNumber(value)} over ${window.count} events is ${above ? 'above' : 'below'} the reference's band ${where}: the features' joint distribution ${above ? 'moved away from' : 'is tighter than'} the reference's.`
      : `Mean PCA reconstruction error ${formatNumber(value)} over ${window.count} events is within the reference's band ${where}.`,
    details: {
      window_count: window.count,
      ...(Number.isFinite(samplingError) ? { sampling_error: samplingError } : {}),
      ...(band.lower !== -Infinity ? { lower: band.lower } : {}),
      upper: band.upper,
      threshold_source: 'calibrated',
      reference_mean: band.mean,
      reference_std: band.std,
      reference_chunks: band.chunks,
    },
  };
}
