import { createHash } from 'node:crypto';
import type { AlertRecord } from '../contracts/events.ts';
import type { Finding, Severity, WindowBounds } from '../detectors/finding.ts';

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

/** The Alert record of a finding, with its id, severity and status decided by the caller. */
export function alertFromFinding(
  modelId: string,
  modelVersion: string,
  finding: Finding,
  id: string,
  severity: Severity,
  status: 'firing' | 'resolved',
  now: number,
  extra: Record<string, string>,
  episodeId: string = id,
): AlertRecord {
  const window: WindowBounds = { ...finding.window };
  return {
    alert_id: id,
    model_id: modelId,
    model_version: modelVersion,
    detector: finding.detector,
    feature: finding.feature ?? null,
    severity,
    status,
    metric: finding.metric,
    value: finding.value,
    threshold: finding.threshold,
    window,
    summary: status === 'firing' ? finding.summary : `Resolved: ${finding.summary}`,
    details: { ...Object.fromEntries(Object.entries(finding.details ?? {}).map(([k, v]) => [k, String(v)])), ...extra },
    created_at: now,
    episode_id: episodeId,
    // Stamped by stampSegment for a slice's alert; stated here so every alert carries the field, as Avro does.
    segment: null,
  };
}
