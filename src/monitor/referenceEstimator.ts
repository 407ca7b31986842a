import type { MonitorConfig } from '../config/configSchema.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import { CbpeFitError, CbpeModel, type CbpeReferenceRow } from '../detectors/performance/cbpe/cbpeModel.ts';

/**
 * performance.estimate: the CBPE model of a monitor, fitted on its reference file's predictions and their
 * targets (aligned with the events; null where a record had none). Events without a score in [0, 1] or without
 * a target are left out; a prediction's class is its label when it has one, else its score against
 * decisionThreshold, as in the monitored windows. Throws CbpeFitError naming the model when nothing is left
 * to fit on or the targets hold one class only.
 */
export function fitReferenceEstimator(config: MonitorConfig, events: readonly PredictionEvent[], targets: readonly (string | null)[] | undefined): CbpeModel {
  const performance = config.performance!;
  const rows: CbpeReferenceRow[] = [];
  events.forEach((event, i) => {
    const target = targets?.[i] ?? null;
    const { score, label } = event.prediction;
    if (target === null || score === null || !(score >= 0 && score <= 1)) return;
    rows.push({ score, predictedPositive: label !== null ? label === performance.positiveLabel : score >= performance.decisionThreshold, positive: target === performance.positiveLabel });
  });
  const where = `model ${config.model}: performance.estimate`;
  if (rows.length === 0) throw new CbpeFitError(`${where} found no reference event with both a score in [0, 1] and a target (${config.mapping?.target ?? 'target'}) in ${config.reference.source === 'file' ? config.reference.path : 'the reference'}`);
  try {
    return CbpeModel.fit(rows, { chunkSize: performance.windowSize, calibration: performance.scoreCalibration, businessValue: performance.businessValue });
  } catch (error) {
    if (error instanceof CbpeFitError) throw new CbpeFitError(`${where}: ${error.message}`);
    throw error;
  }
}
