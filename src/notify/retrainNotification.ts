import type { AlertRecord } from '../contracts/events.ts';
import type { RetrainRequestRecord } from '../contracts/reports.ts';

export const RETRAIN_DETECTOR = 'retrain.request';

/**
 * A retraining request as a notification every receiver already formats: detector retrain.request, firing,
 * warning, its id as alert_id (and as PagerDuty dedup_key), the data window to retrain on as its window, the
 * reason as summary and the request's fields in details. Never resolved.
 */
export function retrainNotification(request: RetrainRequestRecord): AlertRecord {
  const features = request.drifted_features.length > 0 ? ` Drifted features: ${request.drifted_features.join(', ')}.` : '';
  return {
    alert_id: request.request_id,
    model_id: request.model_id,
    model_version: request.model_version,
    detector: RETRAIN_DETECTOR,
    feature: null,
    severity: 'warning',
    status: 'firing',
    metric: 'drifted_features',
    value: request.drifted_features.length,
    threshold: 0,
    window: { start: request.data_window.start, end: request.data_window.end, count: 0 },
    summary: `Retraining requested: ${request.reason}.${features}`,
    details: {
      request_id: request.request_id,
      reason: request.reason,
      alert_ids: request.alert_ids.join(','),
      drifted_features: request.drifted_features.join(','),
      ...Object.fromEntries(Object.entries(request.metrics).map(([k, v]) => [`metric.${k}`, String(v)])),
    },
    created_at: request.created_at,
    episode_id: request.request_id,
  };
}
