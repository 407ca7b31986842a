import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AlertRecord } from '../contracts/events.ts';
import type { WindowReportRecord } from '../contracts/reports.ts';
import { MonitorBoard } from './monitorBoard.ts';

function report(modelVersion: string, stream: WindowReportRecord['stream'], start: number, createdAt: number): WindowReportRecord {
  return {
    report_id: `r${start}`, model_id: 'churn', model_version: modelVersion, stream, window: { start, end: start + 100, count: 100 },
    late_events: 0, features: [], model_metrics: {}, findings: [], created_at: createdAt,
  };
}

function alert(id: string, status: AlertRecord['status'], severity: AlertRecord['severity'], createdAt: number, feature = 'income'): AlertRecord {
  return {
    alert_id: id, episode_id: id, model_id: 'churn', model_version: 'v1', detector: 'drift.psi', feature, severity, status, metric: 'psi', value: 0.3,
    threshold: 0.25, window: { start: 0, end: 100, count: 100 }, summary: `${feature} drifted`, details: {}, created_at: createdAt,
  };
}

test('configured models are listed before any report', () => {
  const board = new MonitorBoard(['fraud', 'churn']);
  assert.deepEqual(board.list().map((m) => [m.model_id, m.model_version, m.windows_seen, m.last_report_at]), [
    ['churn', null, 0, null],
    ['fraud', null, 0, null],
  ]);
});

test('windows are counted per version and stream; an alert fires until its episode resolves, escalation replaces it', () => {
  const board = new MonitorBoard(['churn']);
  board.record('ml.predictions', 0, { reports: [report('v1', 'predictions', 0, 10), report('v1', 'predictions', 100, 20)], alerts: [alert('a1', 'firing', 'warning', 20)] });
  board.record('ml.labels', 1, { reports: [report('v1', 'labels', 0, 30)], alerts: [alert('a2', 'firing', 'critical', 30), alert('b1', 'firing', 'warning', 30, 'age')] });
  board.record('ml.predictions', 0, { reports: [report('v2', 'predictions', 0, 40)], alerts: [] });
  let [v1, v2] = board.list();
  assert.equal(v1.model_version, 'v1');
  assert.equal(v1.windows_seen, 3);
  assert.equal(v1.last_report_at, 30);
  assert.deepEqual(v1.streams.predictions, { windows_seen: 2, last_window: { start: 100, end: 200, count: 100 }, last_report_at: 20 });
  assert.deepEqual(v1.firing_alerts.map((a) => [a.alert_id, a.severity, a.feature]), [['a2', 'critical', 'income'], ['b1', 'warning', 'age']]);
  assert.equal(v2.model_version, 'v2');
  assert.equal(v2.windows_seen, 1);
  assert.deepEqual(v2.firing_alerts, []);

  board.record('ml.predictions', 0, { reports: [], alerts: [alert('a3', 'resolved', 'critical', 50)] });
  [v1] = board.list();
  assert.deepEqual(v1.firing_alerts.map((a) => a.alert_id), ['b1']);
});

test('a rebalance forgets what came only from partitions this instance lost', () => {
  const board = new MonitorBoard(['churn']);
  board.record('ml.predictions', 0, { reports: [report('v1', 'predictions', 0, 10)], alerts: [] });
  board.record('ml.labels', 1, { reports: [report('v1', 'labels', 0, 10)], alerts: [] });
  board.record('ml.predictions', 2, { reports: [report('v2', 'predictions', 0, 10)], alerts: [] });
  board.assigned({ 'ml.predictions': [0], 'ml.labels': [] });
  assert.deepEqual(board.list().map((m) => m.model_version), ['v1']);
  board.assigned({});
  assert.deepEqual(board.list().map((m) => m.model_version), [null]);
});
