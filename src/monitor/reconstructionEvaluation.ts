import type { Finding, WindowBounds } from '../detectors/finding.ts';
import { reconstructionFinding, RECONSTRUCTION_METRIC } from '../detectors/multivariate/reconstructionFinding.ts';
import type { ReconstructionBand } from '../detectors/multivariate/reconstructionModel.ts';
import type { ReconstructionWindow } from '../detectors/multivariate/reconstructionWindow.ts';

/** A window's reconstruction finding and report metrics (none without multivariate, or below minCount events). */
export function windowReconstruction(window: ReconstructionWindow | undefined, band: ReconstructionBand | undefined, minCount: number, bounds: WindowBounds): { findings: Finding[]; metrics: Record<string, number>; samplingError: Record<string, number> } {
  if (!window || window.count === 0 || window.count < minCount) return { findings: [], metrics: {}, samplingError: {} };
  const samplingError = window.samplingError();
  const finding = band ? reconstructionFinding(window, band, minCount, bounds) : undefined;
  return {
    findings: finding ? [finding] : [],
    metrics: { [RECONSTRUCTION_METRIC]: window.mean },
    samplingError: Number.isFinite(samplingError) ? { [`${RECONSTRUCTION_METRIC}_sampling_error`]: samplingError } : {},
  };
}
