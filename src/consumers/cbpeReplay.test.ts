/**
 * performance.estimate: cbpe end to end, against NannyML 0.13.1's CBPE (test/fixtures/peers/nannymlCbpe/generate.py):
 * `replay` over a reference file with targets and analysis events without any, windows of 1000 predictions as
 * NannyML's chunks. Every window's estimated ROC AUC, accuracy, precision, recall, F1 and business value, their
 * sampling errors and default bands equal NannyML's (1e-12, relative for business value), the band findings
 * breach on exactly the chunks NannyML alerts, a mapped CSV reference (mapping.target) gives the same reports,
 * and a restore in the middle of a window changes nothing. With the labels replayed too, the realized business
 * value equals NannyML's realized one, and a threshold on either states the cost of errors against the reference.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseConfig } from '../config/loadConfig.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import type { WindowReportRecord } from '../contracts/reports.ts';
import { appendOutput, emptyOutput, type EngineOutput } from '../monitor/engineOutput.ts';
import { MonitorEngine } from '../monitor/monitorEngine.ts';
import { loadReferenceEvents } from './referenceEvents.ts';
import { replayFiles } from './replayFiles.ts';
import type { RejectedRecord } from './fileEvents/readEvents.ts';

interface Columns { y_true: number[]; y_pred_proba: number[]; y_pred: number[] }
interface Case {
  needs_calibration: boolean;
  reference: Columns;
  analysis: Columns;
  metrics: Record<string, { value: number[]; sampling_error: number[]; lower_threshold: (number | null)[]; upper_threshold: (number | null)[]; alert: boolean[] }>;
  realized: Record<string, number[]>;
}
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/peers/nannymlCbpe/nannymlCbpe.json', import.meta.url), 'utf8')) as
  { chunk_size: number; business_value: { tp: number; fp: number; tn: number; fn: number }; overconfident: Case; calibrated: Case };
const CHUNK = fixture.chunk_size;
const TOLERANCE = 1e-12;
const METRICS = ['roc_auc', 'accuracy', 'precision', 'recall', 'f1', 'business_value'];
const { tp, fp, tn, fn } = fixture.business_value;
const BUSINESS_VALUE = `businessValue: { tp: ${tp}, fp: ${fp}, tn: ${tn}, fn: ${fn} }`;
const T0 = 1_767_225_600_000;

function event(i: number, c: Columns): PredictionEvent {
  return {
    event_id: `e${i}`, model_id: 'nanny', model_version: 'v1', timestamp: T0 + i * 1000, features: { x: (i * 7919) % 101 },
    prediction: { score: c.y_pred_proba[i], label: String(c.y_pred[i]), probabilities: null }, latency_ms: null, attributes: {},
  };
}

function configYaml(reference: string, extra = '', performance = ''): string {
  return `monitors:
  - model: nanny
    reference: { source: file, path: ${reference} }
    window: { type: count, size: ${CHUNK} }
    performance: { task: classification, estimate: cbpe, windowSize: ${CHUNK}, ${BUSINESS_VALUE}${performance} }
    persistence: { k: 1, n: 1 }
${extra}`;
}

function writeCase(c: Case): { dir: string; reference: string; events: string } {
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-cbpe-'));
  const reference = join(dir, 'reference.jsonl');
  writeFileSync(reference, c.reference.y_true.map((y, i) => JSON.stringify({ ...event(i, c.reference), target: y })).join('\n') + '\n');
  const events = join(dir, 'events.jsonl');
  writeFileSync(events, c.analysis.y_pred.map((_, i) => JSON.stringify({ ...event(i, c.analysis), event_id: `a${i}` })).join('\n') + '\n');
  return { dir, reference, events };
}

async function replay(dir: string, yaml: string, events: string, labels?: string): Promise<{ output: EngineOutput; rejected: RejectedRecord[] }> {
  const configPath = join(dir, 'driftwatch.yaml');
  writeFileSync(configPath, yaml);
  const output = emptyOutput();
  const rejected: RejectedRecord[] = [];
  await replayFiles({ config: parseConfig(yaml, configPath), configPath, events, labels, stream: 'predictions', onOutput: (o) => appendOutput(output, o), onRejected: (r) => rejected.push(r) });
  return { output, rejected };
}

const estimates = (out: EngineOutput) => out.reports.filter((r) => r.stream === 'estimates');
const close = (a: number, b: number) => Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(b));

for (const name of ['overconfident', 'calibrated'] as const) {
  describe(`replay with performance.estimate: cbpe equals NannyML's CBPE (${name} model)`, async () => {
    const c = fixture[name];
    const files = writeCase(c);
    const { output, rejected } = await replay(files.dir, configYaml('reference.jsonl'), files.events);
    const reports = estimates(output);

    it('reports one estimates window per chunk, each metric and its sampling error equal to NannyML', () => {
      assert.deepEqual(rejected, []);
      assert.equal(reports.length, c.analysis.y_pred.length / CHUNK);
      reports.forEach((r, k) => {
        assert.deepEqual(r.window, { start: k * CHUNK, end: (k + 1) * CHUNK, count: CHUNK });
        assert.equal(r.model_metrics.predictions, CHUNK);
        for (const metric of METRICS) {
          const expected = c.metrics[metric];
          assert.ok(close(r.model_metrics[`estimated_${metric}`], expected.value[k]), `chunk ${k} ${metric}: ${r.model_metrics[`estimated_${metric}`]} vs ${expected.value[k]}`);
          assert.ok(close(r.model_metrics[`estimated_${metric}_sampling_error`], expected.sampling_error[k]), `chunk ${k} ${metric} sampling error`);
        }
      });
    });

    it("breaches the reference's default band on exactly the chunks NannyML alerts, with NannyML's thresholds", () => {
      let breaches = 0;
      reports.forEach((r, k) => {
        for (const metric of METRICS) {
          const expected = c.metrics[metric];
          const finding = r.findings.find((f) => f.detector === 'performance.band' && f.metric === `estimated_${metric}`)!;
          assert.ok(finding, `chunk ${k}: a band finding for estimated_${metric}`);
          assert.equal(finding.threshold_source, 'calibrated');
          assert.ok(close(finding.details!.lower, expected.lower_threshold[k]!) && close(finding.details!.upper, expected.upper_threshold[k]!), `chunk ${k} ${metric} band`);
          assert.ok(close(finding.details!.sampling_error, expected.sampling_error[k]));
          assert.equal(finding.severity === 'warning', expected.alert[k], `chunk ${k} ${metric}: alert`);
          if (expected.alert[k]) breaches++;
        }
      });
      assert.ok(breaches > 0, 'the drifted half alerts');
      const firing = output.alerts.filter((a) => a.status === 'firing' && a.detector === 'performance.band');
      assert.ok(firing.length > 0 && firing.every((a) => /estimated without labels/.test(a.summary)), 'alerts state what they count');
    });

    it('watches estimated accuracy with the trend detectors (label-free trend)', () => {
      const trend = reports.flatMap((r) => r.findings).filter((f) => f.detector.startsWith('trend.'));
      assert.ok(trend.length > 0 && trend.every((f) => f.metric.startsWith('estimated_accuracy_')), trend.map((f) => f.metric).join());
      assert.ok(output.alerts.some((a) => a.detector.startsWith('trend.') && a.status === 'firing'), 'the decline is caught without labels');
    });

    if (name === 'overconfident') {
      it('reads the same reference from a CSV in the producer\'s own shape (mapping.target)', async () => {
        const csv = join(files.dir, 'reference.csv');
        writeFileSync(csv, 'id,at,x,p,yhat,outcome\n' + c.reference.y_true.map((y, i) => `r${i},${T0 + i * 1000},${(i * 7919) % 101},${c.reference.y_pred_proba[i]},${c.reference.y_pred[i]},${y}`).join('\n') + '\n');
        const eventsCsv = join(files.dir, 'events.csv');
        writeFileSync(eventsCsv, 'id,at,x,p,yhat\n' + c.analysis.y_pred.map((_, i) => `a${i},${T0 + i * 1000},${(i * 7919) % 101},${c.analysis.y_pred_proba[i]},${c.analysis.y_pred[i]}`).join('\n') + '\n');
        const mapping = '    mapping: { eventId: id, timestamp: at, features: [x], score: p, label: yhat, target: outcome }\n';
        const mapped = await replay(files.dir, configYaml('reference.csv', mapping), eventsCsv);
        assert.deepEqual(mapped.rejected, []);
        const strip = (r: WindowReportRecord) => ({ window: r.window, metrics: r.model_metrics, findings: r.findings });
        assert.deepEqual(estimates(mapped.output).map(strip), reports.map(strip));
      });

      it('reports a reference record without a target, and still fits on the others', async () => {
        const lines = readFileSync(files.reference, 'utf8').trimEnd().split('\n');
        const { target: _, ...untargeted } = JSON.parse(lines[3]) as Record<string, unknown>;
        lines[3] = JSON.stringify(untargeted);
        writeFileSync(join(files.dir, 'partial.jsonl'), lines.join('\n') + '\n');
        const config = parseConfig(configYaml('partial.jsonl'), join(files.dir, 'driftwatch.yaml'));
        const rejected: RejectedRecord[] = [];
        const data = await loadReferenceEvents(config.monitors, join(files.dir, 'driftwatch.yaml'), (r) => rejected.push(r));
        assert.equal(rejected.length, 1);
        assert.match(rejected[0].message, /no target: performance.estimate fits on reference records with their true outcome/);
        assert.equal(data.events.get('nanny')!.length, lines.length);
        assert.equal(data.targets.get('nanny')![3], null);
      });

      it("realizes business value from the labels as NannyML does, and states a threshold breach's cost against the reference", async () => {
        const labels = join(files.dir, 'labels.jsonl');
        writeFileSync(labels, c.analysis.y_true.map((y, i) => JSON.stringify({ event_id: `a${i}`, model_id: 'nanny', timestamp: T0 + i * 1000 + 500, label: y })).join('\n') + '\n');
        const thresholds = ', thresholds: { business_value: { warning: -400 }, estimated_business_value: { warning: -800 } }';
        const { output: out, rejected: bad } = await replay(files.dir, configYaml('reference.jsonl', '', thresholds), files.events, labels);
        assert.deepEqual(bad, []);
        const realized = out.reports.filter((r) => r.stream === 'labels');
        assert.deepEqual(realized.map((r) => r.model_metrics.business_value), c.realized.business_value);
        const estimated = estimates(out).map((r) => r.model_metrics.estimated_business_value);
        const below = (values: number[], bound: number) => values.map((v, k) => (v < bound ? k : -1)).filter((k) => k >= 0);
        const breached = (rs: WindowReportRecord[], metric: string) => rs.map((r, k) => (r.findings.some((f) => f.metric === metric && f.detector !== 'performance.band' && f.severity !== 'none') ? k : -1)).filter((k) => k >= 0);
        assert.deepEqual(breached(estimates(out), 'estimated_business_value'), below(estimated, -800));
        assert.deepEqual(breached(realized, 'business_value'), below(c.realized.business_value, -400));
        assert.ok(below(estimated, -800).length > 0 && below(c.realized.business_value, -400).length > 0, 'both thresholds are crossed somewhere');
        const firing = out.alerts.filter((a) => a.status === 'firing');
        const estimatedAlert = firing.find((a) => a.metric === 'estimated_business_value')!;
        assert.match(estimatedAlert.summary, /estimated cost of errors up \d+ % vs reference \(\S+ vs \S+ per prediction\)/);
        const realizedAlert = firing.find((a) => a.metric === 'business_value')!;
        assert.match(realizedAlert.summary, /; cost of errors (up|down) \d+ % vs reference/);
        const finding = estimates(out).flatMap((r) => r.findings).find((f) => f.metric === 'estimated_business_value' && f.details?.cost_change !== undefined)!;
        assert.ok(close(finding.details!.cost_change, (finding.details!.cost_of_errors - finding.details!.reference_cost_of_errors) / Math.abs(finding.details!.reference_cost_of_errors)));
      });

      it('gives the same windows when restored from saved state in the middle of a window', async () => {
        const config = parseConfig(configYaml('reference.jsonl'), join(files.dir, 'driftwatch.yaml'));
        const data = await loadReferenceEvents(config.monitors, join(files.dir, 'driftwatch.yaml'), () => {});
        const init = { monitors: config.monitors, referenceEvents: data.events, referenceTargets: data.targets, now: () => 0 };
        const analysis = c.analysis.y_pred.map((_, i) => ({ ...event(i, c.analysis), event_id: `a${i}` }));
        const whole = new MonitorEngine(init);
        const wholeOut = emptyOutput();
        analysis.forEach((e, i) => appendOutput(wholeOut, whole.ingest('predictions', e, i)));
        const first = new MonitorEngine(init);
        const split = 4321;
        const out = emptyOutput();
        analysis.slice(0, split).forEach((e, i) => appendOutput(out, first.ingest('predictions', e, i)));
        const saved = new Map(first.takeDirty().map((key) => [key, first.snapshot(key)!] as const));
        const restored = new MonitorEngine(init);
        restored.restoreAll(saved);
        assert.deepEqual(restored.takeRestoreWarnings(), []);
        analysis.slice(split).forEach((e, i) => appendOutput(out, restored.ingest('predictions', e, split + i)));
        assert.deepEqual(estimates(out), estimates(wholeOut));
        assert.deepEqual(out.alerts, wholeOut.alerts);
        const strip = (r: WindowReportRecord) => ({ window: r.window, metrics: r.model_metrics, findings: r.findings });
        assert.deepEqual(estimates(wholeOut).map(strip), reports.map(strip), 'event by event as in replay, batched');
      });
    }
  });
}

describe('performance.estimate config', () => {
  const yaml = (performance: string, reference = '{ source: file, path: ref.jsonl }') => `monitors:
  - model: m
    reference: ${reference}
    window: { type: count, size: 100 }
    performance: ${performance}
`;
  it('needs classification, a reference file, and estimate for estimated metrics', () => {
    assert.throws(() => parseConfig(yaml('{ task: regression, estimate: cbpe }'), 'c.yaml'), /CBPE estimates binary classification: it needs task: classification/);
    assert.throws(() => parseConfig(yaml('{ task: classification, estimate: cbpe }', '{ source: firstEvents, events: 100 }'), 'c.yaml'), /it needs reference.source file, whose records carry a target/);
    assert.throws(() => parseConfig(yaml('{ task: classification, thresholds: { estimated_f1: { warning: 0.6 } } }'), 'c.yaml'), /'estimated_f1' is an estimated metric: it needs performance.estimate: cbpe/);
    assert.throws(() => parseConfig(yaml('{ task: classification, estimate: cbpe, thresholds: { estimated_business_value: { warning: 0 } } }'), 'c.yaml'), /'estimated_business_value' needs performance.businessValue: \{ tp, fp, tn, fn \}/);
    assert.throws(() => parseConfig(yaml('{ task: classification, estimate: cbpe, calibrate: { windows: 5, metrics: [estimated_f1] } }'), 'c.yaml'), /calibrate.metrics\[0\]: Invalid option: expected one of "accuracy"/, 'estimated metrics get their band from the reference file, not from performance.calibrate');
    assert.throws(() => parseConfig(yaml('{ task: regression, businessValue: { tp: 1, fp: -1, tn: 0, fn: -5 } }'), 'c.yaml'), /business value is per classification outcome: it needs task: classification/);
    assert.throws(() => parseConfig(yaml('{ task: classification, businessValue: { tp: 1, fp: -1, tn: 0 } }'), 'c.yaml'), /businessValue/);
    const config = parseConfig(yaml('{ task: classification, estimate: cbpe, thresholds: { estimated_roc_auc: { warning: 0.8 } }, bands: { estimated_f1: { lower: 0.5 } }, trendMetrics: [accuracy, estimated_f1] }'), 'c.yaml');
    assert.equal(config.monitors[0].performance!.scoreCalibration, 'auto');
  });
});
