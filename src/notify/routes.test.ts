import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notifySchema } from '../config/notifySchema.ts';
import { globMatches, receiversFor } from './routes.ts';

const notify = notifySchema.parse({
  receivers: [
    { name: 'pd', type: 'pagerduty', routingKey: 'R0UT1NGK3YR0UT1NGK3YR0UT1NGK3Y32' },
    { name: 'slack', type: 'slack', webhookUrl: 'https://hooks.slack.example/x' },
    { name: 'hook', type: 'webhook', url: 'https://hooks.example.com/x', secret: 's', sendResolved: false },
    { name: 'quality', type: 'slack', webhookUrl: 'https://hooks.slack.example/q' },
  ],
  routes: [
    { match: { severity: 'critical' }, receivers: ['pd'] },
    { match: { model: 'credit-*' }, receivers: ['slack', 'hook'] },
    { match: { detector: 'quality.*', severity: 'warning' }, receivers: ['quality', 'slack'] },
  ],
});

test('route matrix: every matching route delivers, severity is "at least", globs on model and detector, sendResolved', () => {
  const cases: [string, string, 'info' | 'warning' | 'critical', 'firing' | 'resolved', string[]][] = [
    ['credit-risk', 'drift.psi', 'critical', 'firing', ['pd', 'slack', 'hook']],
    ['credit-risk', 'drift.psi', 'warning', 'firing', ['slack', 'hook']],
    ['credit-risk', 'drift.psi', 'info', 'firing', ['slack', 'hook']],
    ['credit-risk', 'drift.psi', 'critical', 'resolved', ['pd', 'slack']],
    ['fraud', 'drift.psi', 'critical', 'firing', ['pd']],
    ['fraud', 'drift.psi', 'warning', 'firing', []],
    ['fraud', 'quality.score', 'warning', 'firing', ['slack', 'quality']],
    ['fraud', 'quality.score', 'info', 'firing', []],
    ['fraud', 'quality.score', 'critical', 'firing', ['pd', 'slack', 'quality']],
    ['credit-risk', 'quality.score', 'warning', 'firing', ['slack', 'hook', 'quality']],
    ['credit', 'drift.psi', 'warning', 'firing', []],
    ['xcredit-risk', 'drift.psi', 'warning', 'firing', []],
  ];
  for (const [model_id, detector, severity, status, expected] of cases) {
    assert.deepEqual(receiversFor({ model_id, detector, severity, status }, notify), expected, `${model_id} ${detector} ${severity} ${status}`);
  }
});

test('a route without match keys takes every alert', () => {
  const all = notifySchema.parse({ receivers: notify.receivers, routes: [{ receivers: ['hook'] }] });
  assert.deepEqual(receiversFor({ model_id: 'any', detector: 'trend.slope', severity: 'info', status: 'firing' }, all), ['hook']);
});

test('globs: * and ? only, the rest literal, whole-text', () => {
  assert.ok(globMatches('credit-*', 'credit-risk'));
  assert.ok(globMatches('credit-*', 'credit-'));
  assert.ok(globMatches('m?del', 'model'));
  assert.ok(!globMatches('drift.*', 'driftXpsi'), '. is literal');
  assert.ok(!globMatches('a(b)', 'ab'));
  assert.ok(globMatches('a(b)', 'a(b)'));
  assert.ok(!globMatches('credit', 'credit-risk'));
});

test('retraining requests go only to routes of kind retrain, matched by model', () => {
  const withRetrain = notifySchema.parse({
    receivers: notify.receivers,
    routes: [...notify.routes, { match: { kind: 'retrain', model: 'credit-*' }, receivers: ['hook'] }],
  });
  const request = { model_id: 'credit-risk', detector: 'retrain.request', severity: 'warning' as const, status: 'firing' as const };
  assert.deepEqual(receiversFor(request, withRetrain, 'retrain'), ['hook']);
  assert.deepEqual(receiversFor({ ...request, model_id: 'fraud' }, withRetrain, 'retrain'), []);
  assert.deepEqual(receiversFor(request, notify, 'retrain'), [], 'no retrain route: no receiver');
  assert.deepEqual(receiversFor({ ...request, detector: 'drift.psi' }, withRetrain), ['slack', 'hook'], 'alert routes are unchanged');
  const refused = notifySchema.safeParse({ receivers: notify.receivers, routes: [{ match: { kind: 'retrain', severity: 'critical' }, receivers: ['pd'] }] });
  assert.deepEqual(refused.success ? [] : refused.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`), ['routes.0.match.severity: retraining requests have no severity: match them by model only']);
});
