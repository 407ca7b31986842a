import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding, FindingSeverity } from '../detectors/finding.ts';
import { AlertGate } from './alertGate.ts';

const gate = () => new AlertGate({ persistence: { k: 2, n: 3 }, severities: {} });

function finding(window: number, severity: FindingSeverity, detector = 'drift.psi'): Finding {
  return {
    detector, feature: 'income', metric: 'psi', value: severity === 'none' ? 0.01 : 0.4, threshold: 0.25, severity,
    window: { start: window * 100, end: window * 100 + 100, count: 100 }, summary: `psi ${severity}`,
  };
}

function statuses(g: AlertGate, severities: FindingSeverity[], immediate = false): string[] {
  return severities.flatMap((severity, w) =>
    g.evaluate('m', 'v1', finding(w, 'none').window, severity === ('absent' as FindingSeverity) ? [] : [{ finding: finding(w, severity), immediate }], 0)
      .map((a) => `${w}:${a.status}:${a.severity}`));
}

test('an alert fires once the breach persists k of n windows, once per episode, and resolves', () => {
  assert.deepEqual(statuses(gate(), ['warning', 'none', 'warning', 'warning', 'warning', 'none', 'none', 'none']), [
    '2:firing:warning',
    '6:resolved:warning',
  ]);
});

test('a rising severity fires again within the episode; a single breach never fires', () => {
  assert.deepEqual(statuses(gate(), ['warning', 'warning', 'critical', 'critical', 'none', 'none']), ['1:firing:warning', '2:firing:critical', '5:resolved:critical']);
  assert.deepEqual(statuses(gate(), ['critical', 'none', 'none', 'critical', 'none', 'none']), []);
});

test('immediate findings fire at once and resolve when their detector goes quiet', () => {
  assert.deepEqual(statuses(gate(), ['critical', 'critical', 'absent' as FindingSeverity, 'critical', 'none'], true), [
    '0:firing:critical',
    '2:resolved:critical',
    '3:firing:critical',
    '4:resolved:critical',
  ]);
});

test('alert ids are deterministic and state survives serialisation', () => {
  const a = gate();
  const b = gate();
  const first = statuses(a, ['warning']);
  const restored = AlertGate.fromJSON({ persistence: { k: 2, n: 3 }, severities: {} }, JSON.parse(JSON.stringify(a.toJSON())));
  const fired = restored.evaluate('m', 'v1', finding(1, 'none').window, [{ finding: finding(1, 'warning') }], 0);
  assert.deepEqual(first, []);
  assert.equal(fired.length, 1);
  statuses(b, ['warning']);
  assert.equal(b.evaluate('m', 'v1', finding(1, 'none').window, [{ finding: finding(1, 'warning') }], 0)[0].alert_id, fired[0].alert_id);
});

test('configured severities override the finding', () => {
  const g = new AlertGate({ persistence: { k: 1, n: 1 }, severities: { 'drift.psi': 'critical' } });
  const [alert] = g.evaluate('m', 'v1', finding(0, 'none').window, [{ finding: finding(0, 'warning') }], 0);
  assert.equal(alert.severity, 'critical');
});

test("every alert of an episode carries the episode's first firing alert_id, escalations and the resolution included", () => {
  const g = gate();
  const alerts = ['warning', 'warning', 'critical', 'critical', 'none', 'none'].flatMap((severity, w) =>
    g.evaluate('m', 'v1', finding(w, 'none').window, [{ finding: finding(w, severity as FindingSeverity) }], 0));
  assert.deepEqual(alerts.map((a) => `${a.status}:${a.severity}`), ['firing:warning', 'firing:critical', 'resolved:critical']);
  const first = alerts[0].alert_id;
  assert.deepEqual(alerts.map((a) => a.episode_id), [first, first, first]);
  assert.notEqual(alerts[1].alert_id, first);
  assert.equal(alerts[2].details.resolves, alerts[1].alert_id, 'resolves still names the latest firing alert');
});

test('an episode restored from state saved before episode ids were kept falls back to its alert id', () => {
  const g = gate();
  ['warning', 'warning'].forEach((severity, w) => g.evaluate('m', 'v1', finding(w, 'none').window, [{ finding: finding(w, severity as FindingSeverity) }], 0));
  const saved = JSON.parse(JSON.stringify(g.toJSON())) as [string, string, { alertId: string; episodeId?: string } | null][];
  const firingId = saved[0][2]!.alertId;
  delete saved[0][2]!.episodeId;
  const restored = AlertGate.fromJSON({ persistence: { k: 2, n: 3 }, severities: {} }, saved);
  const out = [2, 3].flatMap((w) => restored.evaluate('m', 'v1', finding(w, 'none').window, [{ finding: finding(w, 'none') }], 0));
  assert.deepEqual(out.map((a) => [a.status, a.episode_id]), [['resolved', firingId]]);
});
