import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AlertRecord } from '../contracts/events.ts';
import { DriftwatchMetrics } from './metrics.ts';
import { ServiceObserver } from './serviceObserver.ts';

function alert(status: AlertRecord['status'], severity: AlertRecord['severity'], feature: string): AlertRecord {
  return {
    alert_id: `${feature}-${status}`, episode_id: `${feature}-firing`, model_id: 'churn', model_version: 'v1', detector: 'drift.psi', feature, severity, status, metric: 'psi',
    value: 0.3, threshold: 0.25, window: { start: 0, end: 100, count: 100 }, summary: 's', details: {}, created_at: 1,
  };
}

function firing(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('driftwatch_firing_alerts{'));
}

test('firing alerts are counted per configured model and severity, from 0, and follow resolutions and rebalances', async () => {
  const metrics = new DriftwatchMetrics();
  const observer = new ServiceObserver({ metrics, models: ['churn'], maxDriftSeries: 10 });
  const zero = ['info', 'warning', 'critical'].map((s) => `driftwatch_firing_alerts{model_id="churn",severity="${s}"} 0`);
  assert.deepEqual(firing(await metrics.exposition()), zero);
  observer.batchDone('ml.predictions', 0, '10', '9', { reports: [], alerts: [alert('firing', 'critical', 'income'), alert('firing', 'warning', 'age')] });
  assert.deepEqual(firing(await metrics.exposition()), [
    'driftwatch_firing_alerts{model_id="churn",severity="info"} 0',
    'driftwatch_firing_alerts{model_id="churn",severity="warning"} 1',
    'driftwatch_firing_alerts{model_id="churn",severity="critical"} 1',
  ]);
  observer.batchDone('ml.predictions', 0, '20', '19', { reports: [], alerts: [alert('resolved', 'warning', 'age')] });
  assert.match(firing(await metrics.exposition()).join('\n'), /severity="warning"\} 0/);
  assert.match(await metrics.exposition(), /^driftwatch_consumer_lag\{topic="ml.predictions",partition="0"\} 0$/m);
  observer.assigned({ 'ml.predictions': [1] });
  assert.deepEqual(firing(await metrics.exposition()), zero);
  assert.doesNotMatch(await metrics.exposition(), /^driftwatch_consumer_lag\{/m);
});
