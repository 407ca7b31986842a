import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AlertRecord } from '../src/contracts/events.ts';
import type { WindowReportRecord } from '../src/contracts/reports.ts';
import { DEMO_SCHEDULE, DEMO_START } from '../src/demo/creditRiskScenario.ts';
import { DEMO_FILES } from '../src/demo/demoConfig.ts';
import { runCli, type CliResult } from './support/cliProcess.ts';
import { readJsonl } from './support/eventFiles.ts';
import { checkReportInBrowser } from './support/reportInBrowser.ts';

/**
 * `driftwatch demo` (a real process): generates the credit-risk scenario, replays it with the replay engine and
 * writes the report. Each injected problem must be caught by its detectors, at the right time and not before;
 * rerunning the written config with `driftwatch replay` must give the same outputs and report; the report
 * must load and draw every chart in headless Chromium.
 */

const DAY = 86_400_000;
const dayOf = (ms: number) => Math.floor((ms - DEMO_START) / DAY);
/** Performance windows hold 2,000 labelled pairs, about one day of predictions (labels arrive in prediction order). */
const PAIRS_PER_WINDOW = 2000;

type Line = { type: string } & Record<string, unknown>;

// Seed 42 is the default; 7 shows the detections do not hang on one draw of the data.
for (const seed of [42, 7]) describe(`driftwatch demo --seed ${seed}`, () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'driftwatch-demo-')), 'out');
  let run: CliResult;
  let lines: Line[];
  let alerts: AlertRecord[];
  const firing = (detector: string, feature?: string | null) =>
    alerts.filter((a) => a.status === 'firing' && a.detector === detector && (feature === undefined || a.feature === feature));

  before(async () => {
    run = await runCli(['demo', '--out', dir, '--seed', String(seed)], { timeoutMs: 120_000 });
    assert.equal(run.code, 0, `demo exited with ${run.code}; stderr:\n${run.stderr}`);
    lines = readJsonl<Line>(join(dir, DEMO_FILES.outputs));
    alerts = lines.filter((l) => l.type === 'alert') as unknown as AlertRecord[];
  });

  // The generated inputs are 60 MB a run; the report and the screenshot stay to be looked at.
  after(() => {
    for (const file of [DEMO_FILES.reference, DEMO_FILES.events, DEMO_FILES.labels]) rmSync(join(dir, file), { force: true });
  });

  test('writes the report, the inputs it generated and the config, and no progress bar when stderr is not a terminal', () => {
    for (const file of Object.values(DEMO_FILES)) assert.ok(existsSync(join(dir, file)) && statSync(join(dir, file)).size > 0, `${file} written`);
    assert.equal(readJsonl(join(dir, DEMO_FILES.events)).length, readJsonl(join(dir, DEMO_FILES.labels)).length, 'every prediction gets its outcome');
    assert.doesNotMatch(run.stderr, /ETA|\r|\u001b\[/, 'stderr is a pipe: no progress bar');
    const reports = lines.filter((l) => l.type === 'window_report') as unknown as WindowReportRecord[];
    assert.equal(reports.filter((r) => r.stream === 'predictions').length, 56, 'one report per day of the 56');
    assert.ok(reports.filter((r) => r.stream === 'labels').length >= 55, 'performance windows of 2,000 labelled pairs');
  });

  test('the data-quality incident is caught by quality.share and quality.score during the outage, and resolves after it', () => {
    const { from, to } = DEMO_SCHEDULE.bureauOutage;
    for (const feature of ['credit_score', 'num_open_accounts', 'delinquencies_2y']) {
      const fired = firing('quality.share', feature);
      assert.equal(fired.length, 1, `one episode for ${feature}`);
      assert.equal(fired[0].metric, 'missing_share');
      assert.equal(fired[0].severity, 'critical');
      assert.equal(dayOf(fired[0].window.start), from + 1, 'on the outage\'s second day (persistence 2 of 3)');
      const resolved = alerts.find((a) => a.status === 'resolved' && a.details.resolves === fired[0].alert_id);
      assert.ok(resolved && dayOf(resolved.window.start) >= to, `${feature}'s alert resolves after the outage`);
    }
    const score = firing('quality.score');
    assert.equal(score.length, 1);
    assert.equal(dayOf(score[0].window.start), from + 1);
    assert.ok(score[0].value < 0.8);
    assert.ok(alerts.some((a) => a.status === 'resolved' && a.details.resolves === score[0].alert_id && dayOf(a.window.start) >= to));
  });

  test('the input drift is caught from the day it starts, on the drifted features only, and never before', () => {
    const { from } = DEMO_SCHEDULE.partnerChannel;
    const drift = alerts.filter((a) => a.status === 'firing' && a.detector.startsWith('drift.'));
    assert.ok(drift.length > 0);
    for (const a of drift) assert.ok(dayOf(a.window.start) >= from, `${a.detector} on ${a.feature} fired on day ${dayOf(a.window.start)}, not before the drift`);
    const income = firing('drift.psi', 'income');
    assert.ok(income.some((a) => a.severity === 'critical'), 'income drifts past the critical PSI');
    assert.equal(dayOf(income[0].window.start), from + 1, 'on the second drifted window (persistence 2 of 3)');
    assert.ok(firing('drift.psi', 'age').length > 0);
    assert.ok(firing('drift.jensen_shannon', 'loan_purpose').length > 0);
    const untouched = ['region', 'housing', 'num_open_accounts'];
    assert.deepEqual(drift.filter((a) => untouched.includes(a.feature!)), [], 'features the partner channel does not change do not alert');
    const retrain = lines.filter((l) => l.type === 'retrain_request') as unknown as { reason: string; drifted_features: string[] }[];
    assert.ok(retrain.some((r) => r.drifted_features.includes('income')), 'sustained critical drift asks for retraining');
  });

  test('the slow accuracy decline is caught through the delayed labels by a trend detector and the accuracy bound, not while accuracy is stable', () => {
    const stableUntil = DEMO_SCHEDULE.accuracyDecline.from * PAIRS_PER_WINDOW;
    const performance = alerts.filter((a) => a.status === 'firing' && (a.detector.startsWith('trend.') || a.detector === 'performance.threshold'));
    for (const a of performance) assert.ok(a.window.end > stableUntil, `${a.detector} fired at pairs ${a.window.start}–${a.window.end}, after the decline began`);
    const trend = performance.filter((a) => a.detector.startsWith('trend.'));
    assert.ok(firing('trend.cusum').length > 0 && firing('trend.page_hinkley').length > 0, 'CUSUM and Page–Hinkley both signal');
    assert.ok(trend.every((a) => a.metric.startsWith('accuracy')));
    const bound = performance.filter((a) => a.detector === 'performance.threshold');
    assert.ok(bound.some((a) => a.value < 0.83), 'accuracy below its 0.83 warning bound');
    assert.ok(trend[0].window.end < bound[0].window.end, 'the trend detectors see the slide before the fixed bound does');
  });

  test('the schema change (a renamed feature) is detected by the engine on the first window after it', () => {
    const changes = firing('quality.schema_change');
    assert.equal(changes.length, 1);
    assert.equal(dayOf(changes[0].window.start), DEMO_SCHEDULE.featureRename.from);
    assert.equal(changes[0].severity, 'critical');
    assert.equal(changes[0].details.disappeared, 'employment_years');
    assert.equal(changes[0].details.appeared, 'employment_length');
  });

  test('the summary lists every injected problem as caught, with its detectors, the windows and where the report is', () => {
    const out = run.stdout;
    assert.equal((out.match(/✓/g) ?? []).length, 4, out);
    assert.doesNotMatch(out, /NOT caught/);
    assert.match(out, /✓ data quality: .*\n\s+caught by quality\.share \(credit_score, delinquencies_2y, num_open_accounts\), quality\.score/);
    assert.match(out, /✓ input drift: .*\n\s+caught by drift\.psi \([^)]*income[^)]*\)/);
    assert.match(out, /✓ performance: .*\n\s+caught by .*trend\.(page_hinkley|cusum)/);
    assert.match(out, /✓ schema change: .*\n\s+caught by quality\.schema_change/);
    assert.match(out, /credit-risk\s+v3\s+predictions\s+56\s+2026-03-02 00:00\s+2026-04-27 00:00/);
    for (const detector of ['drift.psi', 'quality.share', 'quality.score', 'quality.schema_change', 'performance.threshold']) {
      assert.match(out, new RegExp(`\\n\\s+${detector.replace('.', '\\.')}\\s+\\d+`), `alerts of ${detector} in the table`);
    }
    assert.ok(out.includes(`Report:  ${join(dir, DEMO_FILES.report)}`));
  });

  if (seed !== 42) return;

  test('rerunning the written config with `driftwatch replay` gives the same outputs and the same report', async () => {
    const again = await runCli([
      'replay', '--config', join(dir, DEMO_FILES.config), '--events', join(dir, DEMO_FILES.events), '--labels', join(dir, DEMO_FILES.labels),
      '--out', join(dir, 'again.jsonl'), '--report', join(dir, 'again.html'),
    ]);
    assert.equal(again.code, 0, again.stderr);
    const withoutClock = (file: string) => readJsonl<Record<string, unknown>>(file).map(({ created_at: _c, ...rest }) => rest);
    assert.deepEqual(withoutClock(join(dir, 'again.jsonl')), withoutClock(join(dir, DEMO_FILES.outputs)));
    const html = (file: string) => readFileSync(file, 'utf8');
    assert.equal(html(join(dir, 'again.html')), html(join(dir, DEMO_FILES.report)), 'the report depends on the outputs only');
  });

  test('the report loads in headless Chromium without console errors, draws every chart with its data, and reads at 1280 px', async () => {
    const screenshot = join(dir, 'report-1280.png');
    const result = await checkReportInBrowser(join(dir, DEMO_FILES.report), screenshot);
    assert.deepEqual(result.errors, []);
    assert.ok(result.charts.length >= 20, `${result.charts.length} charts`);
    for (const chart of result.charts) {
      assert.ok(chart.canvasWidth > 300 && chart.canvasHeight > 100, `${chart.id} drawn (${chart.canvasWidth}×${chart.canvasHeight})`);
      assert.equal(chart.drawnPoints, chart.expectedPoints, `${chart.id}: uPlot holds every window`);
      assert.equal(chart.drawnSeries, chart.expectedSeries, `${chart.id}: every series`);
      assert.ok(chart.expectedPoints > 0);
    }
    assert.ok(result.pageWidth <= 1280, `no horizontal scroll at 1280 px (page ${result.pageWidth} px wide)`);
    assert.ok(result.timelineRows === alerts.length, 'one timeline row per alert');
    assert.ok(statSync(screenshot).size > 50_000, 'screenshot taken');
  });
});
