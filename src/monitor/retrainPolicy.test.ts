import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertRecord } from '../contracts/events.ts';
import type { Finding, WindowBounds } from '../detectors/finding.ts';
import { RetrainPolicy } from './retrainPolicy.ts';

const model = { modelId: 'churn', modelVersion: 'v1' };
const options = { enabled: true, criticalDriftWindows: 2, onPerformanceTrend: true, cooldownWindows: 0 };

function trendAlert(metric: string, summary: string): AlertRecord {
  return {
    alert_id: `a-${metric}`, model_id: 'churn', model_version: 'v1', detector: 'trend.page_hinkley', feature: null, severity: 'warning',
    status: 'firing', metric, value: 0.8, threshold: 0.85, window: { start: 0, end: 10, count: 10 }, summary, details: {}, created_at: 0, episode_id: null,
  };
}

describe('RetrainPolicy reasons', () => {
  it('joins trend summaries as clauses of one sentence ending in a single full stop', () => {
    const policy = new RetrainPolicy(options);
    const alerts = [trendAlert('accuracy', 'accuracy declined by 0.04 over 5 windows.'), trendAlert('f1', 'f1 declined by 0.06 over 5 windows.')];
    const request = policy.onWindow(model, { start: 0, end: 10, count: 10 }, [], alerts, [], 0)!;
    assert.equal(request.reason, 'Retrain churn v1: performance trend: accuracy declined by 0.04 over 5 windows; f1 declined by 0.06 over 5 windows.');
    assert.doesNotMatch(request.reason, /\.\./);
  });

  it('names the features in critical drift for the configured run of windows', () => {
    const policy = new RetrainPolicy(options);
    const critical = (window: WindowBounds): Finding[] => [{ detector: 'drift.psi', feature: 'age', metric: 'psi', value: 0.4, threshold: 0.25, severity: 'critical', window, summary: 'age drifted.' }];
    const first = { start: 0, end: 10, count: 10 };
    const second = { start: 10, end: 20, count: 10 };
    assert.equal(policy.onWindow(model, first, critical(first), [], [], 0), undefined);
    const request = policy.onWindow(model, second, critical(second), [], [], 0)!;
    assert.equal(request.reason, 'Retrain churn v1: critical drift in age for 2 or more consecutive windows.');
    assert.deepEqual(request.data_window, { start: 0, end: 20 });
  });
});
