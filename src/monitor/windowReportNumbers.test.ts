import assert from 'node:assert/strict';
import { test } from 'node:test';
import avsc from 'avsc';
import { seededRandom } from '../../test/support/random.ts';
import { avroContract } from '../contracts/avroContracts.ts';
import { DriftDetector } from '../detectors/drift/index.ts';
import { CategoricalReference, NumericReference } from '../detectors/reference/index.ts';
import { CategoricalWindowState, NumericWindowState, ksWindowTest, wassersteinOfWindow } from '../detectors/window/index.ts';
import { chiSquareOfWindow } from '../detectors/window/categoricalStatistics.ts';
import { windowReport } from './windowReport.ts';

const bounds = { start: 0, end: 999, count: 1000 };

function reportOf(detector: DriftDetector) {
  const r = seededRandom(3);
  const numeric = NumericReference.fromValues(Array.from({ length: 5000 }, () => r.normal()));
  const nw = new NumericWindowState(numeric);
  for (let i = 0; i < 1000; i++) nw.update(r.normal(0.3, 1));
  const categorical = CategoricalReference.fromValues(Array.from({ length: 5000 }, () => r.pick(['a', 'b', 'c'], [5, 3, 2])));
  const cw = new CategoricalWindowState(categorical);
  for (let i = 0; i < 1000; i++) cw.update(r.pick(['a', 'b', 'c'], [3, 3, 4]));
  const findings = [...detector.evaluate('x', numeric, nw, bounds), ...detector.evaluate('region', categorical, cw, bounds)];
  const report = windowReport({ modelId: 'm', modelVersion: 'v1', stream: 'predictions', window: bounds, lateEvents: 0, features: [], modelMetrics: {}, findings, now: 0 });
  return { report, numeric, nw, categorical, cw };
}

test('every finding of a window report carries its numbers: KS D and p, chi-square statistic, dof and p, W1 and its bound, PSI bins, and the threshold source', () => {
  const { report, numeric, nw, categorical, cw } = reportOf(new DriftDetector());
  const by = (detector: string) => report.findings.find((f) => f.detector === detector)!;
  const ks = ksWindowTest(numeric, nw, 'asymp');
  assert.equal(by('drift.ks').details!.statistic, ks.statistic);
  assert.equal(by('drift.ks').p_value, ks.pValue);
  const chi = chiSquareOfWindow(categorical, cw);
  assert.deepEqual([by('drift.chi_square').details!.statistic, by('drift.chi_square').details!.dof, by('drift.chi_square').p_value], [chi.statistic, chi.dof, chi.pValue]);
  const w1 = wassersteinOfWindow(numeric, nw);
  const scale = Math.max(numeric.std, 0.001);
  assert.equal(by('drift.wasserstein_norm').details!.error_bound, w1.errorBound / scale);
  assert.equal(by('drift.wasserstein_norm').value, w1.value / scale);
  assert.equal(by('drift.psi').details!.bins, numeric.psiCounts.length);
  assert.equal(by('drift.psi').details!.alerting, 1);
  for (const f of report.findings) assert.equal(f.threshold_source, 'default', f.detector);
});

test('threshold_source says configured or calibrated when the thresholds came from there', () => {
  const { report } = reportOf(new DriftDetector({ thresholds: { psi: { warning: 0.2, critical: 0.3 }, jensen_shannon: { warning: 0.05, critical: 0.1 } }, thresholdSources: { jensen_shannon: 'calibrated' } }));
  assert.equal(report.findings.find((f) => f.detector === 'drift.psi')!.threshold_source, 'configured');
  assert.equal(report.findings.find((f) => f.detector === 'drift.jensen_shannon')!.threshold_source, 'calibrated');
  assert.equal(report.findings.find((f) => f.detector === 'drift.ks')!.threshold_source, 'default');
});

test('the WindowReport contract encodes them, and the new finding fields have defaults (a reader of this schema reads reports written without them)', () => {
  const schema = avroContract('WindowReport');
  const type = avsc.Type.forSchema(schema as avsc.Schema);
  const { report } = reportOf(new DriftDetector());
  const decoded = type.fromBuffer(type.toBuffer(report)) as typeof report;
  assert.deepEqual(decoded.findings.map((f) => ({ ...f.details })), report.findings.map((f) => f.details));
  const findingFields = (schema.fields.find((f) => f.name === 'findings')!.type as { items: { fields: { name: string; default?: unknown }[] } }).items.fields;
  for (const name of ['details', 'threshold_source']) assert.ok('default' in findingFields.find((f) => f.name === name)!, name);
  const older = JSON.parse(JSON.stringify(schema)) as typeof schema;
  const olderFindings = (older.fields.find((f) => f.name === 'findings')!.type as { items: { fields: { name: string }[] } }).items;
  olderFindings.fields = olderFindings.fields.filter((f) => f.name !== 'details' && f.name !== 'threshold_source');
  older.fields = older.fields.filter((f) => !['stream_start', 'stream_end', 'first_event_time', 'last_event_time'].includes(f.name));
  const olderType = avsc.Type.forSchema(older as avsc.Schema);
  const fromOlder = type.fromBuffer(olderType.toBuffer(report), type.createResolver(olderType)) as typeof report;
  assert.deepEqual(fromOlder.findings.map((f) => [f.details, f.threshold_source]), report.findings.map(() => [{}, null]));
});

test('count-window reports count positions from the stream\'s first event too (the reference\'s 200 events included) and carry their earliest and latest event time; event-time windows leave positions null', async () => {
  const { MonitorEngine } = await import('./monitorEngine.ts');
  const { configSchema } = await import('../config/configSchema.ts');
  const { predictionStream } = await import('../../test/support/predictionStream.ts');
  const engineFor = (window: Record<string, unknown>) =>
    new MonitorEngine({ monitors: [configSchema.parse({ monitors: [{ model: 'credit-risk', reference: { source: 'firstEvents', events: 200 }, window }] }).monitors[0]], now: () => 0 });
  const events = predictionStream(seededRandom(5), { modelId: 'credit-risk', count: 400 });
  const count = engineFor({ type: 'count', size: 50, hop: 25 });
  const reports = events.flatMap((e, i) => count.ingest('predictions', e, i).reports);
  assert.ok(reports.length >= 6);
  for (const r of reports) assert.deepEqual([r.stream_start, r.stream_end], [r.window.start + 200, r.window.end + 200]);
  assert.deepEqual([reports[0].window.start, reports[0].stream_start, reports[0].stream_end], [0, 200, 250]);
  for (const r of reports) {
    const times = events.slice(r.stream_start!, r.stream_end!).map((e) => e.timestamp);
    assert.deepEqual([r.first_event_time, r.last_event_time], [Math.min(...times), Math.max(...times)], `event times of window ${r.window.start}`);
  }
  const timed = engineFor({ type: 'eventTime', size: '1m' });
  const timedReports = [...events.flatMap((e, i) => timed.ingest('predictions', e, i).reports), ...timed.flush().reports];
  assert.ok(timedReports.length > 0);
  for (const r of timedReports) {
    assert.deepEqual([r.stream_start, r.stream_end], [null, null]);
    assert.ok(r.first_event_time! >= r.window.start && r.last_event_time! < r.window.end && r.first_event_time! <= r.last_event_time!);
  }
});
