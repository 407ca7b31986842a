import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { predictionStream } from '../../test/support/predictionStream.ts';
import { seededRandom } from '../../test/support/random.ts';
import { configSchema, type MonitorConfig } from '../config/configSchema.ts';
import type { LabelEvent, PredictionEvent } from '../contracts/events.ts';
import { appendOutput, emptyOutput, type EngineOutput } from './engineOutput.ts';
import { entryKey, MonitorEngine } from './monitorEngine.ts';
import { MonitorLimitError } from './monitorLimitError.ts';

const MODEL = 'credit-risk';
const clock = () => 0;

function monitorConfig(monitor: Record<string, unknown>, model = MODEL): MonitorConfig {
  return configSchema.parse({ monitors: [{ model, ...monitor }] }).monitors[0];
}

/** What a partition's entries hash would hold: every save applies the dirty entries, then deletes the retired ones. */
class SavedEntries {
  readonly entries = new Map<string, Buffer>();
  bytes = 0;

  save(engine: MonitorEngine): void {
    for (const key of engine.takeDirty()) {
      const bytes = engine.snapshot(key);
      if (bytes) this.entries.set(key, bytes);
    }
    for (const key of engine.takeRetired()) this.entries.delete(key);
    this.bytes = [...this.entries.values()].reduce((n, b) => n + b.length, 0);
  }
}

describe('per-model bounds: maxVersions and versionIdleTimeout', () => {
  test('10,000 model versions: live monitors, memos and saved state stay within their bounds', () => {
    const maxVersions = 5;
    const memoEntries = 64;
    const config = monitorConfig({
      reference: { source: 'firstEvents', events: 20 }, window: { type: 'count', size: 20 }, maxVersions, performance: { task: 'classification', windowSize: 10 },
    });
    const engine = new MonitorEngine({ monitors: [config], now: clock, state: { maxMonitors: 10_000, memoEntries } });
    const saved = new SavedEntries();
    const rng = seededRandom(11);
    let position = 0;
    let retiredReports = 0;
    let largestSaved = 0;
    let largestBytes = 0;
    for (let v = 0; v < 10_000; v++) {
      // Every version gets a reference and one closed window, and its labels one performance window.
      const events = predictionStream(rng, { modelId: MODEL, modelVersion: `v${v}`, count: 45, from: v * 45 });
      const out = emptyOutput();
      for (const event of events) appendOutput(out, engine.ingest('predictions', event, position++));
      for (const event of events.slice(0, 15)) {
        const label: LabelEvent = { event_id: event.event_id, model_id: MODEL, timestamp: event.timestamp + 1, label: event.prediction.label! };
        appendOutput(out, engine.ingestLabel(label, { modelVersion: event.model_version, timestamp: event.timestamp, score: event.prediction.score, label: event.prediction.label }, position++).output);
      }
      retiredReports += out.reports.filter((r) => r.model_metrics.retired === 1).length;
      saved.save(engine);
      largestSaved = Math.max(largestSaved, saved.entries.size);
      largestBytes = Math.max(largestBytes, saved.bytes);
      assert.ok(engine.liveMonitors <= 2 * maxVersions, `after version ${v}: ${engine.liveMonitors} live monitors`);
    }
    const bounds = new Map(engine.bounds().map((b) => [b.bound, b]));
    assert.equal(engine.liveMonitors, 2 * maxVersions, 'maxVersions prediction monitors and maxVersions performance monitors');
    assert.equal(bounds.get('versions_per_model')!.size, maxVersions);
    assert.equal(bounds.get('versions_per_model')!.evictions, 2 * (10_000 - maxVersions), 'every version beyond the newest five was retired, on both streams');
    assert.ok(bounds.get('entry_key_memo')!.size <= memoEntries, 'the entry-key memo is bounded');
    assert.ok(bounds.get('entry_key_memo')!.evictions > 0);
    // Each retired version reports its open prediction window (25 of 45 events) and its open performance window (5 of 15 pairs).
    assert.equal(retiredReports, 2 * (10_000 - maxVersions));
    // Saved state: per live prediction version its state and its profile, per live performance version its state, plus the join counts.
    assert.ok(largestSaved <= 3 * maxVersions + 1, `the saved entries peaked at ${largestSaved}`);
    assert.deepEqual([...saved.entries.keys()].filter((k) => JSON.parse(k)[0] === 'predictions').length, maxVersions);
    assert.ok(largestBytes < 3 * maxVersions * 64 * 1024, `saved state peaked at ${largestBytes} bytes`);
  });

  test('the least recently active version is retired first, with a final report of its open window', () => {
    const config = monitorConfig({ reference: { source: 'firstEvents', events: 20 }, window: { type: 'count', size: 30 }, maxVersions: 2 });
    const engine = new MonitorEngine({ monitors: [config], now: clock });
    const rng = seededRandom(5);
    const [a, b, c] = ['a', 'b', 'c'].map((modelVersion, i) => predictionStream(rng, { modelId: MODEL, modelVersion, count: 40, from: i * 40 }));
    let position = 0;
    for (const e of a) engine.ingest('predictions', e, position++);
    for (const e of b) engine.ingest('predictions', e, position++);
    engine.ingest('predictions', a[0], position++); // a becomes the most recent
    engine.takeRetired();
    const out = engine.ingest('predictions', c[0], position++);
    assert.deepEqual(engine.takeRetired().sort(), [entryKey('predictions', MODEL, 'b'), entryKey('predictions:profile', MODEL, 'b')].sort());
    assert.equal(out.reports.length, 1);
    assert.equal(out.reports[0].model_version, 'b');
    assert.equal(out.reports[0].model_metrics.retired, 1);
    assert.equal(out.reports[0].window.count, 20, 'the 20 events after b’s reference');
  });

  test('every window kind reports its open windows on retirement', () => {
    const kinds: Record<string, unknown>[] = [
      { window: { type: 'count', size: 50, hop: 25 } },
      { window: { type: 'eventTime', size: '1m', hop: '30s', allowedLateness: '10s' } },
      { reference: { source: 'previousWindow' }, window: { type: 'count', size: 40 } },
    ];
    for (const kind of kinds) {
      const config = monitorConfig({ reference: { source: 'firstEvents', events: 40 }, maxVersions: 1, ...kind });
      const engine = new MonitorEngine({ monitors: [config], now: clock });
      const rng = seededRandom(8);
      const old = predictionStream(rng, { modelId: MODEL, modelVersion: 'old', count: 130 });
      let position = 0;
      const before = emptyOutput();
      for (const e of old) appendOutput(before, engine.ingest('predictions', e, position++));
      const out = engine.ingest('predictions', predictionStream(rng, { modelId: MODEL, modelVersion: 'new', count: 1, from: 130 })[0], position++);
      const retired = out.reports.filter((r) => r.model_version === 'old');
      assert.ok(retired.length > 0 && retired.every((r) => r.model_metrics.retired === 1), `${JSON.stringify(kind)}: ${retired.length} final reports`);
      const reported = new Set(before.reports.map((r) => r.report_id));
      assert.ok(retired.every((r) => !reported.has(r.report_id)), 'only windows not reported before');
      assert.equal(engine.liveMonitors, 1);
    }
  });

  test('alerts still firing when a version retires are resolved', () => {
    const config = monitorConfig({ reference: { source: 'firstEvents', events: 500 }, window: { type: 'count', size: 250 }, maxVersions: 1, persistence: { k: 1, n: 1 } });
    const engine = new MonitorEngine({ monitors: [config], now: clock });
    const rng = seededRandom(12);
    // Two full shifted windows and no open one: nothing but the retirement can resolve the episodes.
    const v1 = [...predictionStream(rng, { modelId: MODEL, count: 500 }), ...predictionStream(rng, { modelId: MODEL, count: 500, from: 500, incomeShift: 3 })];
    const before = emptyOutput();
    v1.forEach((e, i) => appendOutput(before, engine.ingest('predictions', e, i)));
    const firing = before.alerts.filter((a) => a.status === 'firing').map((a) => a.alert_id).sort();
    assert.ok(firing.length > 0, 'the shift fires');
    const out = engine.ingest('predictions', predictionStream(rng, { modelId: MODEL, modelVersion: 'v2', count: 1, from: 1000 })[0], 1000);
    assert.deepEqual(out.reports, [], 'no open window to report');
    const resolved = out.alerts.filter((a) => a.model_version === 'v1' && a.status === 'resolved');
    const stillOpen = new Set(firing);
    for (const a of before.alerts.filter((x) => x.status === 'resolved')) stillOpen.delete(String(a.details.resolves));
    assert.deepEqual(resolved.map((a) => String(a.details.resolves)).sort(), [...stillOpen].sort(), 'each episode still open is resolved once');
    assert.ok(stillOpen.size > 0);
    assert.ok(resolved.every((a) => a.summary.startsWith('Resolved: ') && a.summary.endsWith('(the model version was retired)')), JSON.stringify(resolved.map((a) => a.summary)));
  });

  test('a version idle for versionIdleTimeout (event time) is retired', () => {
    const config = monitorConfig({ reference: { source: 'firstEvents', events: 20 }, window: { type: 'count', size: 30 }, versionIdleTimeout: '1h' });
    const engine = new MonitorEngine({ monitors: [config], now: clock });
    const rng = seededRandom(6);
    const old = predictionStream(rng, { modelId: MODEL, modelVersion: 'old', count: 25 });
    const fresh = predictionStream(rng, { modelId: MODEL, modelVersion: 'new', count: 10, from: 25 });
    let position = 0;
    for (const e of old) engine.ingest('predictions', e, position++);
    const lastOld = old.at(-1)!.timestamp;
    assert.equal(engine.ingest('predictions', { ...fresh[0], timestamp: lastOld + 3_600_000 }, position++).reports.length, 0, 'exactly 1 h later: not idle yet');
    assert.equal(engine.liveMonitors, 2);
    assert.deepEqual(engine.bounds().find((b) => b.bound === 'version_idle_timeout'), { bound: 'version_idle_timeout', size: 3_600_000, limit: 3_600_000, evictions: 0 });
    const out = engine.ingest('predictions', { ...fresh[1], timestamp: lastOld + 3_600_001 }, position++);
    assert.equal(engine.liveMonitors, 1);
    assert.deepEqual(out.reports.map((r) => [r.model_version, r.model_metrics.retired, r.window.count]), [['old', 1, 5]]);
    assert.ok(engine.takeRetired().includes(entryKey('predictions', MODEL, 'old')));
    assert.equal(engine.bounds().find((b) => b.bound === 'version_idle_timeout')!.evictions, 1);
  });

  test('retirements recover exactly: a restart anywhere gives the outputs of an uninterrupted run', () => {
    const config = monitorConfig({ reference: { source: 'firstEvents', events: 30 }, window: { type: 'count', size: 25 }, maxVersions: 2, versionIdleTimeout: '2m' });
    const rng = seededRandom(9);
    const events: PredictionEvent[] = [];
    // Versions interleave, come and go; some return after retirement.
    for (let i = 0; i < 900; i++) {
      const version = `v${Math.floor(i / 150) + (rng.uniform() < 0.3 ? 1 : 0)}`;
      events.push(...predictionStream(rng, { modelId: MODEL, modelVersion: version, count: 1, from: i }));
    }
    const run = (engine: MonitorEngine, from: number, to: number, restoredThrough = -1) => {
      const out = emptyOutput();
      for (let i = from; i < to; i++) appendOutput(out, engine.ingest('predictions', events[i], i, restoredThrough));
      return out;
    };
    const ids = (out: EngineOutput) => [...out.reports.map((r) => r.report_id + JSON.stringify(r.model_metrics)), ...out.alerts.map((a) => a.alert_id)].sort();
    const baseline = ids(run(new MonitorEngine({ monitors: [config], now: clock }), 0, events.length));
    assert.ok(baseline.filter((id) => id.includes('"retired":1')).length >= 3, 'versions are retired along the way');
    for (const cut of [10, 149, 150, 301, 455, 600, 777]) {
      const first = new MonitorEngine({ monitors: [config], now: clock });
      const saved = new SavedEntries();
      const out = emptyOutput();
      for (let i = 0; i < cut; i += 50) {
        appendOutput(out, run(first, i, Math.min(cut, i + 50)));
        saved.save(first);
      }
      const second = new MonitorEngine({ monitors: [config], now: clock });
      second.restoreAll(saved.entries);
      const resume = Math.min(cut, ...[...saved.entries.keys()].map((key) => second.resumeFrom(key) ?? cut));
      appendOutput(out, run(second, resume, events.length, cut - 1));
      assert.deepEqual(ids(out), baseline, `restart after ${cut} events`);
    }
  });

  test('state of a model no longer configured is deleted on restore', () => {
    const engine = new MonitorEngine({ monitors: [monitorConfig({ window: { type: 'count', size: 10 } })], now: clock });
    const gone = entryKey('predictions', 'removed-model', 'v1');
    engine.restoreAll(new Map([[gone, Buffer.from('x')]]));
    assert.deepEqual(engine.takeRetired(), [gone]);
  });
});

describe('process bound: state.maxMonitors', () => {
  test('a new monitor beyond the cap is refused without changing anything; room made by a model’s own retirement is used', () => {
    const monitors = ['m1', 'm2', 'm3'].map((model) => monitorConfig({ window: { type: 'count', size: 10 }, maxVersions: 2 }, model));
    const engine = new MonitorEngine({ monitors, now: clock, state: { maxMonitors: 4, memoEntries: 100 } });
    const rng = seededRandom(2);
    const event = (model: string, version: string) => predictionStream(rng, { modelId: model, modelVersion: version, count: 1 })[0];
    let position = 0;
    for (const [m, v] of [['m1', 'a'], ['m1', 'b'], ['m2', 'a'], ['m2', 'b']]) engine.ingest('predictions', event(m, v), position++);
    engine.takeDirty();
    assert.throws(() => engine.ingest('predictions', event('m3', 'a'), position++), (error: unknown) => error instanceof MonitorLimitError && /state\.maxMonitors/.test(error.message));
    assert.deepEqual(engine.takeDirty(), [], 'a refused event changes nothing');
    assert.equal(engine.liveMonitors, 4);
    assert.equal(engine.bounds().find((b) => b.bound === 'monitors')!.evictions, 1);
    engine.ingest('predictions', event('m1', 'c'), position++);
    assert.equal(engine.liveMonitors, 4, 'm1 retired its oldest version for its new one');
    assert.ok(engine.takeRetired().includes(entryKey('predictions', 'm1', 'a')));
  });
});
