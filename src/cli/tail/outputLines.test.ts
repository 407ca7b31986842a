import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AlertRecord, DeadLetterRecord } from '../../contracts/events.ts';
import type { RetrainRequestRecord, WindowReportRecord } from '../../contracts/reports.ts';
import { jsonLine, modelOf, prettyLine } from './outputLines.ts';

const at = Date.UTC(2026, 0, 1, 12, 0, 0);

test('jsonLine prints bytes as base64 and everything else as JSON', () => {
  const letter: DeadLetterRecord = { source_topic: 't', partition: 1, offset: 7, key: Buffer.from('m'), value: Buffer.from([0, 1, 255]), error_kind: 'decode', message: 'bad', at, original_size: 4, truncated: false };
  assert.equal(jsonLine(letter), `{"source_topic":"t","partition":1,"offset":7,"key":"bQ==","value":"AAH/","error_kind":"decode","message":"bad","at":${at},"original_size":4,"truncated":false}`);
  assert.equal(modelOf('dlq', letter), 'm');
});

test('prettyLine: one line per kind, with time, model, what and the numbers', () => {
  const alert: AlertRecord = {
    alert_id: 'a', episode_id: 'a', model_id: 'credit-risk', model_version: 'v1', detector: 'drift.psi', feature: 'income', severity: 'critical', status: 'firing',
    metric: 'psi', value: 0.31234, threshold: 0.25, window: { start: 3000, end: 4000, count: 1000 }, summary: 'income drifted', details: {}, created_at: at,
  };
  assert.equal(prettyLine('alerts', alert), '2026-01-01T12:00:00.000Z CRITICAL firing credit-risk@v1 drift.psi income psi=0.3123 (threshold 0.25) window 3000–4000 (1000 events): income drifted');
  const report: WindowReportRecord = {
    report_id: 'r', model_id: 'credit-risk', model_version: 'v1', stream: 'predictions', window: { start: 0, end: 1000, count: 1000 }, late_events: 0, features: [],
    model_metrics: { quality_score: 1 }, created_at: at,
    findings: [{ detector: 'drift.psi', feature: 'income', metric: 'psi', value: 0.3, threshold: 0.25, severity: 'critical', p_value: null }, { detector: 'quality.score', feature: null, metric: 'score', value: 1, threshold: 0.8, severity: 'none', p_value: null }],
  };
  assert.equal(prettyLine('windows', report), '2026-01-01T12:00:00.000Z credit-risk@v1 predictions window 0–1000 (1000 events, 0 late) quality_score=1 1 finding: drift.psi(income) critical');
  // A model with event-time windows: its bounds as UTC times (performance alerts and trends of realized metrics keep their pair positions).
  const monitors = [{ model: 'credit-risk', window: { type: 'eventTime' } }] as unknown as Parameters<typeof prettyLine>[2];
  const day = { start: Date.UTC(2026, 2, 17), end: Date.UTC(2026, 2, 18), count: 1981 };
  assert.equal(prettyLine('alerts', { ...alert, window: day }, monitors), '2026-01-01T12:00:00.000Z CRITICAL firing credit-risk@v1 drift.psi income psi=0.3123 (threshold 0.25) window 2026-03-17 00:00 → 2026-03-18 00:00 (1981 events): income drifted');
  assert.equal(prettyLine('windows', { ...report, window: day }, monitors), '2026-01-01T12:00:00.000Z credit-risk@v1 predictions window 2026-03-17 00:00 → 2026-03-18 00:00 (1981 events, 0 late) quality_score=1 1 finding: drift.psi(income) critical');
  assert.match(prettyLine('alerts', { ...alert, detector: 'trend.cusum', metric: 'accuracy_cusum' }, monitors), / window 3000–4000 /);
  assert.match(prettyLine('alerts', { ...alert, detector: 'trend.cusum', metric: 'psi_cusum', window: day }, monitors), / window 2026-03-17 00:00 → 2026-03-18 00:00 /, 'a trend of a window series counts its windows');
  assert.match(prettyLine('alerts', { ...alert, segment: { attribute: 'region', value: 'north' } }), /^\S+ CRITICAL firing credit-risk@v1 \[region=north\] drift.psi /);
  const request: RetrainRequestRecord = { request_id: 'q', model_id: 'credit-risk', model_version: 'v1', reason: 'Critical drift in income.', alert_ids: ['a'], drifted_features: ['income'], data_window: { start: 2000, end: 3000 }, metrics: {}, created_at: at };
  assert.equal(prettyLine('retrain', request), '2026-01-01T12:00:00.000Z RETRAIN credit-risk@v1: Critical drift in income; drifted: income; data window 2000–3000; 1 alert');
  const letter: DeadLetterRecord = { source_topic: 'ml.predictions', partition: 2, offset: 9, key: Buffer.from('m'), value: Buffer.from('xx'), error_kind: 'decode', message: 'not Avro', at, original_size: 3, truncated: false };
  assert.equal(prettyLine('dlq', letter), '2026-01-01T12:00:00.000Z DEAD LETTER ml.predictions[2]@9 key="m" decode: not Avro (2 bytes)');
  assert.equal(prettyLine('dlq', { ...letter, value: Buffer.from('x'), original_size: 9, truncated: true }), '2026-01-01T12:00:00.000Z DEAD LETTER ml.predictions[2]@9 key="m" decode: not Avro (1 of 9 bytes)');
});
