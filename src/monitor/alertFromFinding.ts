import { createHash } from 'node:crypto';
import type { AlertRecord } from '../contracts/events.ts';
import type { Finding } from '../detectors/finding.ts';
import type { WindowEvaluation } from './windowEvaluation.ts';

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

/**
 * The firing alerts of a window: one per warning or critical finding. 'info' findings (a statistic that is
 * computed and reported but not the one chosen to alert) stay in the window report: quiet by default.
 */
export function firingAlerts(evaluation: WindowEvaluation, createdAt: number): AlertRecord[] {
  const alerts: AlertRecord[] = [];
  for (const finding of evaluation.findings) {
    if (finding.severity === 'none' || finding.severity === 'info') continue;
    alerts.push({
      alert_id: alertId(evaluation.modelId, finding),
      model_id: evaluation.modelId,
      model_version: evaluation.modelVersion,
      detector: finding.detector,
      feature: finding.feature ?? null,
      severity: finding.severity,
      status: 'firing',
      metric: finding.metric,
      value: finding.value,
      threshold: finding.threshold,
      window: { ...finding.window },
      summary: finding.summary,
      details: Object.fromEntries(Object.entries(finding.details ?? {}).map(([k, v]) => [k, String(v)])),
      created_at: createdAt,
    });
  }
  return alerts;
}
