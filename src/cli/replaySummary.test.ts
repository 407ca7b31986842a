import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../config/loadConfig.ts';
import type { AlertRecord } from '../contracts/events.ts';
import type { WindowReportRecord } from '../contracts/reports.ts';
import { injectedProblemsText } from './demoSummary.ts';
import { replaySummary } from './replaySummary.ts';
import { ReplayTally } from './replayTally.ts';
import { textTable } from './textTable.ts';

const monitors = parseConfig('monitors:\n  - model: m\n    window: { type: eventTime, size: 1h }\n', 'x.yaml').monitors;
const H = 3_600_000;
const T0 = Date.UTC(2026, 2, 2);

function report(stream: 'predictions' | 'labels', start: number, end: number): WindowReportRecord {
  return { report_id: `${stream}${start}`, model_id: 'm', model_version: 'v2', stream, window: { start, end, count: 10 }, late_events: 0, features: [], model_metrics: {}, findings: [], created_at: 0 };
}

function alert(detector: string, feature: string | null, severity: AlertRecord['severity'], status: AlertRecord['status']): AlertRecord {
  return { alert_id: `${detector}${feature}${status}`, episode_id: `${detector}${feature}firing`, model_id: 'm', model_version: 'v2', detector, feature, severity, status, metric: 'x', value: 1, threshold: 0, window: { start: T0, end: T0 + H, count: 10 }, summary: '', details: {}, created_at: 0 };
}

describe('replay summary', () => {
  const tally = new ReplayTally(monitors);
  tally.add({ reports: [report('predictions', T0, T0 + H), report('labels', 0, 500)], alerts: [alert('drift.psi', 'income', 'critical', 'firing')], retrainRequests: [] });
  tally.add({
    reports: [report('predictions', T0 + H, T0 + 2 * H), report('labels', 500, 1000)],
    alerts: [alert('drift.psi', 'age', 'warning', 'firing'), alert('drift.psi', 'income', 'critical', 'resolved'), alert('quality.score', null, 'warning', 'firing')],
    retrainRequests: [{ request_id: 'q', model_id: 'm', model_version: 'v2', reason: 'r', alert_ids: [], drifted_features: [], data_window: { start: 0, end: 1 }, metrics: {}, created_at: 0 }],
  });

  it('counts windows per model version and stream with their span, and alerts per detector by severity and status', () => {
    assert.equal(replaySummary(tally), [
      '  model  version  stream       windows  from              to',
      '  ─────  ───────  ───────────  ───────  ────────────────  ────────────────',
      '  m      v2       predictions  2        2026-03-02 00:00  2026-03-02 02:00',
      '  m      v2       labels       2        0 pairs           1,000 pairs',
      '',
      '  detector       firing  critical  warning  info  resolved  features',
      '  ─────────────  ──────  ────────  ───────  ────  ────────  ───────────',
      '  drift.psi      2       1         1        0     1         income, age',
      '  quality.score  1       0         1        0     0         (model)',
      '',
      '  retraining requests: 1',
      '',
    ].join('\n'));
  });

  it('says which injected problems were caught, by which detectors on which of their features', () => {
    const text = injectedProblemsText([
      { what: 'drift in age', caughtBy: ['drift.'], features: ['age'] },
      { what: 'quality', caughtBy: ['quality.'], features: [] },
      { what: 'schema', caughtBy: ['quality.schema_change'], features: [] },
    ], tally);
    assert.equal(text, [
      '  ✓ drift in age', '      caught by drift.psi (age)',
      '  ✓ quality', '      caught by quality.score',
      '  ✗ schema', '      NOT caught by any detector',
    ].join('\n'));
  });

  it('says so when nothing closed or fired', () => {
    assert.match(replaySummary(new ReplayTally(monitors)), /no window closed[^\n]*\n\n {2}no alert\n\n {2}retraining requests: 0/);
  });

  it('aligns text columns under an underlined header', () => {
    assert.equal(textTable([['a', 'bb'], ['ccc', 'd']], ''), 'a    bb\n───  ──\nccc  d');
  });
});
