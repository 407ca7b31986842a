import type { EngineOutput } from '../../monitor/engineOutput.ts';
import type { Logger } from '../../observability/logger.ts';
import type { DriftwatchMetrics } from '../../observability/metrics.ts';
import { traceHeaders } from '../../observability/traceContext.ts';
import { SpanKind, spanNames, withSpan } from '../../observability/tracing.ts';
import type { OutputSinks } from '../../sinks/outputSinks.ts';
import type { KeyedDeadLetter } from './deadLetterWriter.ts';
import type { RetryPolicy } from './retryPolicy.ts';

/** Publishes a batch's reports, alerts, retraining requests and dead letters (retried while Kafka is down), then counts and logs them. */
export async function publishOutputs(
  deps: { sinks: OutputSinks; retry: RetryPolicy; metrics: DriftwatchMetrics; logger: Logger },
  output: EngineOutput, deadLetters: KeyedDeadLetter[], heartbeat: () => Promise<void>,
): Promise<void> {
  const { sinks, retry, metrics, logger } = deps;
  if (output.reports.length + output.alerts.length + output.retrainRequests.length + deadLetters.length === 0) return;
  const end = metrics.timeStage('publish');
  await withSpan(spanNames.publish, { 'driftwatch.alerts': output.alerts.length, 'driftwatch.reports': output.reports.length }, () =>
    retry.retry('kafka', 'publishing outputs', () => sinks.publish({ ...output, deadLetters }, traceHeaders()), heartbeat), { kind: SpanKind.PRODUCER });
  end();
  for (const alert of output.alerts) {
    metrics.alertPublished(alert);
    logger.warn({ alert_id: alert.alert_id, model: alert.model_id, feature: alert.feature, severity: alert.severity, status: alert.status }, alert.summary);
  }
  for (const report of output.reports) metrics.windowReported(report.model_id, report.stream);
  for (const request of output.retrainRequests) {
    metrics.retrainRequested(request.model_id);
    logger.warn({ request_id: request.request_id, model: request.model_id }, request.reason);
  }
}
