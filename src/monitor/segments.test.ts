/**
 * segments: each slice of the events by an attribute is monitored with its own windows, findings and alerts,
 * beside the whole population. Drift put into one region only is found in that slice (its reports, findings
 * and alerts name it; summaries start with it; ids differ from the population's), slices beyond the cap are
 * grouped as `other`, the number of monitors stays bounded however many values come, admitted values
 * survive a restore, and a slice's windows equal a monitor of that slice's events alone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../config/loadConfig.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import type { WindowReportRecord } from '../contracts/reports.ts';
import { seededRandom } from '../demo/seededRandom.ts';
import { EventBatchBuilder } from '../contracts/eventBatchBuilder.ts';
import { BatchPipeline } from './batchPipeline.ts';
import { appendOutput, emptyOutput, type EngineOutput } from './engineOutput.ts';
import { MemoryJoinRecords } from './memoryJoinRecords.ts';
import { MonitorEngine } from './monitorEngine.ts';

const REGIONS = ['north', 'south', 'east', 'west'];
const T0 = 1_767_225_600_000;

/** Events with a region (12 values, 4 frequent) and a channel; from `driftFrom` on, south's income shifts. */
function events(count: number, driftFrom = Infinity, seed = 7): PredictionEvent[] {
  const rng = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const region = rng.uniform() < 0.9 ? rng.pick(REGIONS, [0.4, 0.3, 0.2, 0.1]) : `rare-${rng.int(8)}`;
    const shift = i >= driftFrom && region === 'south' ? 2 : 0;
    return {
      event_id: `e${i}`, model_id: 'm', model_version: 'v1', timestamp: T0 + i * 1000,
      features: { income: rng.normal(50 + 10 * shift, 10), age: rng.normal(40, 10) },
      prediction: { score: rng.uniform(), label: null, probabilities: null }, latency_ms: null,
      attributes: { region, channel: rng.pick(['web', 'app', 'phone']) },
    };
  });
}

function engine(segments: string, reference = '{ source: firstEvents, events: 1000 }'): MonitorEngine {
  const config = parseConfig(`monitors:
  - model: m
    reference: ${reference}
    window: { type: count, size: 1000 }
    monitorPrediction: false
    persistence: { k: 1, n: 1 }
    segments: ${segments}
`, 'c.yaml');
  return new MonitorEngine({ monitors: config.monitors, now: () => 0 });
}

function run(e: MonitorEngine, input: PredictionEvent[], from = 0): EngineOutput {
  const out = emptyOutput();
  input.forEach((event, i) => appendOutput(out, e.ingest('predictions', event, from + i)));
  return out;
}

const sliceOf = (r: { segment?: { attribute: string; value: string } | null }) => (r.segment ? `${r.segment.attribute}=${r.segment.value}` : 'all');
const SEGMENTS = '[{ attribute: region, maxValues: 3 }, { attribute: channel, values: [web, app] }]';

describe('segments', () => {
  const input = events(30_000, 15_000);
  const out = run(engine(SEGMENTS), input);

  it('reports every slice under its cap: the first 3 regions seen, other, the listed channels and other', () => {
    const slices = new Set(out.reports.map(sliceOf));
    const firstThree = [...new Set(input.map((e) => e.attributes.region))].slice(0, 3);
    assert.deepEqual([...slices].sort(), ['all', ...firstThree.map((r) => `region=${r}`), 'region=other', 'channel=web', 'channel=app', 'channel=other'].sort());
  });

  it("finds the drift in the slice that has it, and names the slice in reports, findings' alerts and ids", () => {
    const alerts = out.alerts.filter((a) => a.status === 'firing' && a.detector === 'drift.psi' && a.feature === 'income');
    const southFirst = [...new Set(input.map((e) => e.attributes.region))].slice(0, 3).includes('south');
    const slice = southFirst ? 'region=south' : 'region=other';
    assert.ok(alerts.some((a) => sliceOf(a) === slice), alerts.map(sliceOf).join());
    assert.ok(!alerts.some((a) => a.segment?.attribute === 'region' && sliceOf(a) !== slice), 'no other region drifts');
    const alert = alerts.find((a) => sliceOf(a) === slice)!;
    assert.match(alert.summary, new RegExp(`^\\[${slice}\\] `));
    const ids = out.alerts.map((a) => a.alert_id);
    assert.equal(new Set(ids).size, ids.length, 'alert ids are unique across slices');
    const reportIds = out.reports.map((r) => r.report_id);
    assert.equal(new Set(reportIds).size, reportIds.length, 'report ids are unique across slices');
    assert.ok(out.alerts.filter((a) => a.status === 'resolved' && a.segment).every((a) => out.alerts.some((f) => f.alert_id === a.details.resolves && sliceOf(f) === sliceOf(a))), 'a slice resolves its own alerts');
    assert.ok(out.retrainRequests.every((q) => q.model_id === 'm'), 'retraining is asked by the population only');
  });

  it("gives a slice the windows a monitor of the slice's events alone gives", () => {
    const south = input.filter((e) => e.attributes.channel === 'web');
    const alone = run(engine('[]'), south, 0);
    const strip = (r: WindowReportRecord) => ({ window: r.window, features: r.features, metrics: r.model_metrics, findings: r.findings });
    const web = out.reports.filter((r) => sliceOf(r) === 'channel=web');
    assert.ok(web.length > 0);
    // Positions differ (the slice sees every event's position), so windows are compared by count and contents.
    assert.deepEqual(web.map((r) => strip(r).metrics), alone.reports.map((r) => strip(r).metrics));
  });

  it('stays bounded: a hundred region values make no more slices than the cap', () => {
    const many = events(6000).map((e, i) => ({ ...e, attributes: { ...e.attributes, region: `r${i % 100}` } }));
    const e = engine('[{ attribute: region, maxValues: 3 }]');
    run(e, many);
    assert.equal(e.liveMonitors, 1 + 3 + 1);
  });

  it('counts every monitor an event needs against state.maxMonitors before any applies it', () => {
    const config = parseConfig(`monitors:
  - model: m
    window: { type: count, size: 1000 }
    segments: [{ attribute: region, maxValues: 3 }, { attribute: channel, values: [web, app] }]
state: { maxMonitors: 2 }
`, 'c.yaml');
    const e = new MonitorEngine({ monitors: config.monitors, state: config.state, now: () => 0 });
    assert.throws(() => e.ingest('predictions', input[0], 0), /this process already holds 2 monitors \(state.maxMonitors\)/);
    assert.equal(e.liveMonitors, 0, 'nothing applied: not even the population');
    assert.deepEqual(e.takeDirty(), []);
  });

  it('routes alike after a restore: admitted values are saved with the partition', () => {
    const whole = run(engine(SEGMENTS), input);
    const first = engine(SEGMENTS);
    // Late enough that every slice has its reference: nothing needs reading again.
    const split = 16_543;
    const rest = emptyOutput();
    appendOutput(rest, run(first, input.slice(0, split)));
    const keys = first.takeDirty();
    assert.ok(keys.every((key) => first.resumeFrom(key) === undefined));
    const saved = new Map(keys.map((key) => [key, first.snapshot(key)!] as const));
    const restored = engine(SEGMENTS);
    restored.restoreAll(saved);
    assert.deepEqual(restored.takeRestoreWarnings(), []);
    appendOutput(rest, run(restored, input.slice(split), split));
    assert.deepEqual(rest, whole);
  });

  it('takes a reference file slice by slice: its most frequent values, and refuses a listed value it lacks', () => {
    const config = parseConfig(`monitors:
  - model: m
    reference: { source: file, path: ref.jsonl }
    window: { type: count, size: 1000 }
    monitorPrediction: false
    segments: [{ attribute: region, maxValues: 2 }]
`, 'c.yaml');
    const reference = events(4000, Infinity, 99);
    const e = new MonitorEngine({ monitors: config.monitors, referenceEvents: new Map([['m', reference]]), now: () => 0 });
    const out = run(e, events(6000, Infinity, 5));
    assert.deepEqual([...new Set(out.reports.map(sliceOf))].sort(), ['all', 'region=north', 'region=other', 'region=south']);
    const listed = parseConfig(`monitors:
  - model: m
    reference: { source: file, path: ref.jsonl }
    window: { type: count, size: 1000 }
    segments: [{ attribute: region, values: [north, central] }]
`, 'c.yaml');
    assert.throws(() => new MonitorEngine({ monitors: listed.monitors, referenceEvents: new Map([['m', reference]]) }), /model m: segment region=central has no event in the reference file ref.jsonl/);
  });

  it('gives the same reports and alerts from columns as event by event, once every slice has its monitor', () => {
    const config = parseConfig(`monitors:
  - model: m
    reference: { source: file, path: ref.jsonl }
    window: { type: count, size: 1000 }
    persistence: { k: 1, n: 1 }
    segments: [{ attribute: region, maxValues: 3 }, { attribute: channel, values: [web, app] }]
`, 'c.yaml');
    const init = { monitors: config.monitors, referenceEvents: new Map([['m', events(6000, Infinity, 99)]]), now: () => 0 };
    const stream = events(20_000, 8000, 3);
    const byEvent = run(new MonitorEngine(init), stream);
    const engine = new MonitorEngine(init);
    const pipeline = new BatchPipeline(engine);
    const joins = new MemoryJoinRecords();
    const byColumns = emptyOutput();
    let columnar = 0;
    for (let from = 0; from < stream.length; from += 2500) {
      const builder = new EventBatchBuilder(2500);
      stream.slice(from, from + 2500).forEach((e, i) => builder.add(e, from + i));
      const batch = builder.finish();
      if (engine.takesRows('predictions', 'm', 'v1')) columnar++;
      appendOutput(byColumns, pipeline.eventBatch('predictions', batch, joins).output);
    }
    assert.ok(columnar >= 7, `the batches after the first go as columns (${columnar})`);
    const sorted = <T extends { report_id?: string; alert_id?: string }>(xs: T[]) => [...xs].sort((a, b) => ((a.report_id ?? a.alert_id)! < (b.report_id ?? b.alert_id)! ? -1 : 1));
    assert.ok(byEvent.alerts.some((a) => a.segment), 'slices alert');
    assert.deepEqual(sorted(byColumns.reports), sorted(byEvent.reports));
    assert.deepEqual(sorted(byColumns.alerts), sorted(byEvent.alerts));
  });

  it('hashes slice names and values under privacy.hashCategories, unless the attribute is readable', () => {
    const yaml = (readable: string) => `monitors:
  - model: m
    reference: { source: firstEvents, events: 1000 }
    window: { type: count, size: 1000 }
    segments: [{ attribute: region, maxValues: 3 }, { attribute: channel, values: [web, app] }]
privacy: { hashCategories: true, secret: 0123456789abcdef0123, readableFeatures: [${readable}] }
`;
    const slicesOf = (readable: string) => {
      const config = parseConfig(yaml(readable), 'c.yaml');
      const out = run(new MonitorEngine({ monitors: config.monitors, privacy: config.privacy, now: () => 0 }), input.slice(0, 12_000));
      return { slices: new Set(out.reports.filter((r) => r.segment).map(sliceOf)), text: JSON.stringify(out) };
    };
    const hashed = slicesOf('');
    assert.ok(hashed.slices.size > 0 && [...hashed.slices].every((s) => /^h:[0-9a-f]{32}=(h:[0-9a-f]{32}|other)$/.test(s)), [...hashed.slices].join());
    for (const clear of ['north', 'south', '"web"', '"app"', '"region"', '"channel"']) assert.ok(!hashed.text.includes(clear), `${clear} is not in the output`);
    const readable = slicesOf('channel');
    assert.ok(readable.slices.has('channel=web') && readable.slices.has('channel=app'), 'a readable attribute keeps its name and values');
  });

  it('refuses a config it cannot honour', () => {
    const yaml = (segments: string) => `monitors:\n  - model: m\n    window: { type: count, size: 100 }\n    segments: ${segments}\n`;
    assert.throws(() => parseConfig(yaml('[{ attribute: region }, { attribute: region }]'), 'c.yaml'), /attribute 'region' is segmented twice/);
    assert.throws(() => parseConfig(yaml('[{ attribute: region, values: [a, other] }]'), 'c.yaml'), /'other' is the slice of the unlisted values/);
    assert.throws(() => parseConfig(yaml('[{ attribute: region, maxValues: 1000 }]'), 'c.yaml'), /maxValues/);
  });
});
