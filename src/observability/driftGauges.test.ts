import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReportFinding, WindowReportRecord } from '../contracts/reports.ts';
import { DriftGauges } from './driftGauges.ts';
import { DriftwatchMetrics } from './metrics.ts';

function finding(detector: string, feature: string | null, metric: string, value: number): ReportFinding {
  return { detector, feature, metric, value, threshold: 0.1, severity: 'none', p_value: null };
}

function report(modelId: string, findings: ReportFinding[], quality?: number): WindowReportRecord {
  return {
    report_id: 'r', model_id: modelId, model_version: 'v1', stream: 'predictions', window: { start: 0, end: 1000, count: 1000 },
    late_events: 0, features: [], model_metrics: { prediction_mean: 0.4, ...(quality === undefined ? {} : { quality_score: quality }) },
    findings, created_at: 1,
  };
}

function samples(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

test('drift findings become gauges per model, stream, feature and metric; the quality score per model and stream', async () => {
  const metrics = new DriftwatchMetrics();
  const gauges = new DriftGauges(metrics.registry, { maxSeries: 100 });
  gauges.record(report('churn', [
    finding('drift.psi', 'income', 'psi', 0.31),
    finding('drift.ks', 'income', 'ks_statistic', 0.12),
    finding('drift.jensen_shannon', 'region', 'jensen_shannon', 0.05),
    finding('quality.share', 'income', 'missing_share', 0.2),
    finding('anomaly.ewma', null, 'prediction_mean', 0.4),
    finding('drift.psi', 'age', 'psi', Number.NaN),
  ], 0.75));
  gauges.record(report('churn', [finding('drift.psi', 'income', 'psi', 0.02)], 1));
  const text = await metrics.exposition();
  assert.deepEqual(samples(text, 'driftwatch_drift_statistic'), [
    'driftwatch_drift_statistic{model_id="churn",stream="predictions",feature="income",metric="psi"} 0.02',
    'driftwatch_drift_statistic{model_id="churn",stream="predictions",feature="income",metric="ks_statistic"} 0.12',
    'driftwatch_drift_statistic{model_id="churn",stream="predictions",feature="region",metric="jensen_shannon"} 0.05',
  ]);
  assert.deepEqual(samples(text, 'driftwatch_quality_score'), ['driftwatch_quality_score{model_id="churn",stream="predictions"} 1']);
});

test('past maxSeries no new series is created and the dropped updates are counted; existing series still move', async () => {
  const metrics = new DriftwatchMetrics();
  const gauges = new DriftGauges(metrics.registry, { maxSeries: 2 });
  gauges.record(report('churn', [finding('drift.psi', 'a', 'psi', 0.1), finding('drift.psi', 'b', 'psi', 0.2), finding('drift.psi', 'c', 'psi', 0.3)]));
  gauges.record(report('churn', [finding('drift.psi', 'a', 'psi', 0.4), finding('drift.psi', 'd', 'psi', 0.5)]));
  const text = await metrics.exposition();
  assert.equal(gauges.seriesCount, 2);
  assert.deepEqual(samples(text, 'driftwatch_drift_statistic'), [
    'driftwatch_drift_statistic{model_id="churn",stream="predictions",feature="a",metric="psi"} 0.4',
    'driftwatch_drift_statistic{model_id="churn",stream="predictions",feature="b",metric="psi"} 0.2',
  ]);
  assert.deepEqual(samples(text, 'driftwatch_drift_series_dropped_total'), ['driftwatch_drift_series_dropped_total{model_id="churn"} 2']);
});
