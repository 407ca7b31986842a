import { createHash } from 'node:crypto';
import type { Finding } from '../detectors/finding.ts';

/**
 * Deterministic alert id: the same model, detector, feature and window always give the same id, so a
 * re-published alert (after a crash and replay) is recognisably the same alert and notifiers deduplicate it.
 */
export function alertId(modelId: string, finding: Pick<Finding, 'detector' | 'feature' | 'metric' | 'window'>): string {
  const { detector, feature, metric, window } = finding;
  return createHash('sha256')
    .update(JSON.stringify([modelId, detector, feature ?? null, metric, window.start, window.end]))
    .digest('hex')
    .slice(0, 32);
}
