/**
 * multivariate (PCA data-reconstruction drift) end to end, against NannyML 0.13.1's
 * DataReconstructionDriftCalculator (test/fixtures/peers/nannymlReconstruction/generate.py): `replay` over a
 * reference file and analysis events in windows of NannyML's chunk size reports every window's mean
 * reconstruction error and sampling error equal to NannyML's (1e-12), breaches the reference band on exactly
 * NannyML's alerted chunks and alerts, and a trend detector on the error catches the rise. A firstEvents
 * reference built from the stream gives the same windows, hopping windows (merged panes) give the mean over
 * exactly their events, and a restore in the middle of a window changes nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseConfig } from '../config/loadConfig.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import type { WindowReportRecord } from '../contracts/reports.ts';
import { ReconstructionModel } from '../detectors/multivariate/reconstructionModel.ts';
import { appendOutput, emptyOutput, type EngineOutput } from '../monitor/engineOutput.ts';
import { MonitorEngine } from '../monitor/monitorEngine.ts';
import { loadReferenceEvents } from './referenceEvents.ts';
import { replayFiles } from './replayFiles.ts';
import type { RejectedRecord } from './fileEvents/readEvents.ts';

type Row = Record<string, number | string | null>;
interface Period { value: number[]; sampling_error: number[]; lower_threshold: (number | null)[]; upper_threshold: number[]; alert: boolean[] }
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/peers/nannymlReconstruction/nannymlReconstruction.json', import.meta.url), 'utf8')) as
  { chunk_size: number; features: string[]; reference_rows: Row[]; analysis_rows: Row[]; reference: Period; analysis: Period };
const CHUNK = fixture.chunk_size;
const TOLERANCE = 1e-12;
const close = (a: number, b: number) => Math.abs(a - b) <= TOLERANCE;
const T0 = 1_767_225_600_000;

function event(id: string, i: number, row: Row): PredictionEvent {
  return {
    event_id: id, model_id: 'nanny', model_version: 'v1', timestamp: T0 + i * 1000, features: row,
    prediction: { score: 0.5, label: null, probabilities: null }, latency_ms: null, attributes: {},
  };
}
const referenceEvents = fixture.reference_rows.map((row, i) => event(`r${i}`, i, row));
const analysisEvents = fixture.analysis_rows.map((row, i) => event(`a${i}`, fixture.reference_rows.length + i, row));

function configYaml(reference: string, window = `{ type: count, size: ${CHUNK} }`, multivariate = '{}'): string {
  return `monitors:
  - model: nanny
    reference: ${reference}
    window: ${window}
    monitorPrediction: false
    multivariate: ${multivariate}
    persistence: { k: 1, n: 1 }
    trend: { series: [reconstruction_error] }
`;
}

const dir = mkdtempSync(join(tmpdir(), 'driftwatch-reconstruction-'));
const lines = (events: PredictionEvent[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n';
writeFileSync(join(dir, 'reference.jsonl'), lines(referenceEvents));
writeFileSync(join(dir, 'events.jsonl'), lines(analysisEvents));
writeFileSync(join(dir, 'stream.jsonl'), lines([...referenceEvents, ...analysisEvents]));
const FILE_REFERENCE = '{ source: file, path: reference.jsonl }';

async function replay(yaml: string, events: string): Promise<{ output: EngineOutput; rejected: RejectedRecord[] }> {
  const configPath = join(dir, 'driftwatch.yaml');
  writeFileSync(configPath, yaml);
  const output = emptyOutput();
  const rejected: RejectedRecord[] = [];
  await replayFiles({ config: parseConfig(yaml, configPath), configPath, events: join(dir, events), stream: 'predictions', onOutput: (o) => appendOutput(output, o), onRejected: (r) => rejected.push(r) });
  return { output, rejected };
}

const windows = (out: EngineOutput) => out.reports.filter((r) => r.stream === 'predictions');
const reconstruction = (r: WindowReportRecord) => r.findings.find((f) => f.detector === 'multivariate.reconstruction')!;
const strip = (r: WindowReportRecord) => ({ window: r.window, metrics: r.model_metrics, findings: r.findings });

describe("replay with multivariate equals NannyML's data-reconstruction drift", async () => {
  const { output, rejected } = await replay(configYaml(FILE_REFERENCE), 'events.jsonl');
  const reports = windows(output);

  it("reports each window's mean reconstruction error and sampling error as NannyML does", () => {
    assert.deepEqual(rejected, []);
    assert.equal(reports.length, fixture.analysis.value.length);
    reports.forEach((r, k) => {
      assert.ok(close(r.model_metrics.reconstruction_error, fixture.analysis.value[k]), `window ${k}: ${r.model_metrics.reconstruction_error} vs ${fixture.analysis.value[k]}`);
      assert.ok(close(r.model_metrics.reconstruction_error_sampling_error, fixture.analysis.sampling_error[k]), `window ${k} sampling error`);
    });
  });

  it("breaches the reference's band on NannyML's alerted chunks, and alerts", () => {
    reports.forEach((r, k) => {
      const finding = reconstruction(r);
      assert.equal(finding.severity === 'warning', fixture.analysis.alert[k], `window ${k}`);
      assert.ok(close(finding.details!.upper as number, fixture.analysis.upper_threshold[k]));
      assert.ok(close(finding.details!.lower as number, fixture.analysis.lower_threshold[k]!));
      assert.equal(finding.threshold_source, 'calibrated');
    });
    const firing = output.alerts.filter((a) => a.status === 'firing' && a.detector === 'multivariate.reconstruction');
    assert.equal(firing.length, 1, 'one episode for the broken half');
    assert.match(firing[0].summary, /Mean PCA reconstruction error \S+ over 500 events is above the reference's band/);
  });

  it('watches the error with the trend detectors (label-free trend)', () => {
    const trend = reports.flatMap((r) => r.findings).filter((f) => f.detector.startsWith('trend.') && f.metric.startsWith('reconstruction_error_'));
    assert.ok(trend.some((f) => f.severity !== 'none'), trend.map((f) => `${f.metric} ${f.severity}`).join());
  });

  it('gives the same windows with a firstEvents reference taken from the stream', async () => {
    const streamed = await replay(configYaml(`{ source: firstEvents, events: ${referenceEvents.length} }`), 'stream.jsonl');
    assert.deepEqual(streamed.rejected, []);
    const drop = (r: WindowReportRecord) => ({ metrics: r.model_metrics, reconstruction: reconstruction(r) });
    assert.deepEqual(windows(streamed.output).map(drop), reports.map(drop));
  });

  it('merges the panes of hopping windows into the mean over exactly their events', async () => {
    const hopping = await replay(configYaml(FILE_REFERENCE, `{ type: count, size: ${CHUNK}, hop: ${CHUNK / 5} }`), 'events.jsonl');
    const model = ReconstructionModel.fit(
      fixture.features.map((name) => ({ name, kind: ['region', 'channel'].includes(name) ? 'categorical' : 'numeric' })),
      fixture.reference_rows.length, (i, j) => fixture.reference_rows[i][fixture.features[j]], { chunkSize: CHUNK },
    );
    const hopped = windows(hopping.output);
    assert.equal(hopped.length, (fixture.analysis_rows.length - CHUNK) / (CHUNK / 5) + 1);
    for (const r of hopped) {
      const rows = fixture.analysis_rows.slice(r.window.start, r.window.end);
      const mean = rows.reduce((sum, row) => sum + model.error(fixture.features.map((f) => row[f])), 0) / rows.length;
      assert.ok(Math.abs(r.model_metrics.reconstruction_error - mean) < 1e-12, `window ${r.window.start}: ${r.model_metrics.reconstruction_error} vs ${mean}`);
    }
  });

  it('gives the same windows when restored from saved state in the middle of a window, event by event as batched', async () => {
    const configPath = join(dir, 'driftwatch.yaml');
    const config = parseConfig(configYaml(FILE_REFERENCE), configPath);
    const data = await loadReferenceEvents(config.monitors, configPath, () => {});
    const init = { monitors: config.monitors, referenceEvents: data.events, now: () => 0 };
    const first = new MonitorEngine(init);
    const split = 2345;
    const out = emptyOutput();
    analysisEvents.slice(0, split).forEach((e, i) => appendOutput(out, first.ingest('predictions', e, i)));
    const saved = new Map(first.takeDirty().map((key) => [key, first.snapshot(key)!] as const));
    const restored = new MonitorEngine(init);
    restored.restoreAll(saved);
    assert.deepEqual(restored.takeRestoreWarnings(), []);
    analysisEvents.slice(split).forEach((e, i) => appendOutput(out, restored.ingest('predictions', e, split + i)));
    assert.deepEqual(windows(out).map(strip), reports.map(strip));
  });
});

describe('multivariate configured after a reference was saved', () => {
  const configPath = join(dir, 'driftwatch.yaml');
  const firstEvents = `{ source: firstEvents, events: ${referenceEvents.length} }`;
  const withoutMultivariate = (reference: string) => configYaml(reference).replace('    multivariate: {}\n', '');
  async function restoredWith(reference: string, before: string, after: string, events: PredictionEvent[]) {
    const engine = async (yaml: string) => {
      const config = parseConfig(yaml, configPath);
      const data = await loadReferenceEvents(config.monitors, configPath, () => {});
      return new MonitorEngine({ monitors: config.monitors, referenceEvents: data.events, now: () => 0 });
    };
    const saving = await engine(before);
    events.slice(0, events.length - 1000).forEach((e, i) => saving.ingest('predictions', e, i));
    const saved = new Map(saving.takeDirty().map((key) => [key, saving.snapshot(key)!] as const));
    const restored = await engine(after);
    restored.restoreAll(saved);
    const out = emptyOutput();
    events.slice(events.length - 1000).forEach((e, i) => appendOutput(out, restored.ingest('predictions', e, events.length - 1000 + i)));
    return { warnings: restored.takeRestoreWarnings(), reports: windows(out) };
  }

  it("takes the reference file's model: the next windows report the error", async () => {
    const { warnings, reports } = await restoredWith(FILE_REFERENCE, withoutMultivariate(FILE_REFERENCE), configYaml(FILE_REFERENCE), analysisEvents);
    assert.deepEqual(warnings, []);
    assert.ok(reports.length > 0 && reports.every((r) => Number.isFinite(r.model_metrics.reconstruction_error) && reconstruction(r)));
    assert.ok(close(reports.at(-1)!.model_metrics.reconstruction_error, fixture.analysis.value.at(-1)!));
  });

  it('waits for the next reference of a streamed one, and says so', async () => {
    const { warnings, reports } = await restoredWith(firstEvents, withoutMultivariate(firstEvents), configYaml(firstEvents), [...referenceEvents, ...analysisEvents]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0].message, /has no reconstruction model \(multivariate was configured after it was built\): reconstruction drift starts with its next reference/);
    assert.ok(reports.length > 0 && reports.every((r) => r.model_metrics.reconstruction_error === undefined));
  });

  it('drops the model when multivariate is no longer configured', async () => {
    const { warnings, reports } = await restoredWith(firstEvents, configYaml(firstEvents), withoutMultivariate(firstEvents), [...referenceEvents, ...analysisEvents]);
    assert.deepEqual(warnings, []);
    assert.ok(reports.length > 0 && reports.every((r) => r.model_metrics.reconstruction_error === undefined && !r.findings.some((f) => f.detector === 'multivariate.reconstruction')));
  });
});

describe('multivariate config', () => {
  const yaml = (multivariate: string) => configYaml(FILE_REFERENCE, undefined, multivariate);
  it('takes watched features only, at least two, and a share strictly between 0 and 1', async () => {
    assert.throws(() => parseConfig(yaml('{ features: [a] }'), 'c.yaml'), /features/);
    assert.throws(() => parseConfig(yaml('{ varianceShare: 1 }'), 'c.yaml'), /varianceShare/);
    const config = parseConfig(yaml('{ features: [a, zzz] }'), join(dir, 'driftwatch.yaml'));
    const data = await loadReferenceEvents(config.monitors, join(dir, 'driftwatch.yaml'), () => {});
    assert.throws(() => new MonitorEngine({ monitors: config.monitors, referenceEvents: data.events }), /model nanny: multivariate.features names 'zzz', which the monitor does not watch \(it watches a, b, c, channel, d, region\)/);
    assert.deepEqual(parseConfig(yaml('{}'), 'c.yaml').monitors[0].multivariate, { varianceShare: 0.65, k: 3 });
  });
});
