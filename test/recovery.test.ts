import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test, type TestContext } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { Redis } from 'ioredis';
import { Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
import type { AlertRecord, DeadLetterRecord, PredictionEvent } from '../src/contracts/events.ts';
import { withWrappedFeatures } from '../src/contracts/featureValueUnion.ts';
import type { RetrainRequestRecord, WindowReportRecord } from '../src/contracts/reports.ts';
import { avroContract } from '../src/contracts/avroContracts.ts';
import { createRegistryClient, valueSubject } from '../src/registry/registryClient.ts';
import { registerContracts } from '../src/registry/registerContracts.ts';
import { stateKeys } from '../src/state/stateKeys.ts';
import type { StateRedis } from '../src/state/stateRedis.ts';
import { groupProgress, waitForGroupProgress, type GroupProgress } from './support/groupProgress.ts';
import { connectionsOf, createTopics, stack, uniqueNames, waitForGroupCaughtUp, type TestNames, connectLiveStack, type LiveStackClients, stateTiers, connectStateTier, type StateTier } from './support/liveStack.ts';
import { predictionStream } from './support/predictionStream.ts';
import { seededRandom } from './support/random.ts';
import type { ServeProcess } from './support/serveProcess.ts';
import { metricSample, metricsPort, scrapeMetrics, withServes } from './support/serveRun.ts';
import { readTopic } from './support/topicReader.ts';

/**
 * The Guarantees of DESIGN.md proven on the live stack with real `driftwatch serve` processes: whatever
 * happens to a run (kill -9, a second instance and rebalances, Redis restarted), the deduplicated window
 * reports, alerts and retraining requests equal those of an uninterrupted run, exactly — not one window
 * lost or double-counted — and any duplicate is identical to its first copy (apart from created_at, the
 * wall clock of the process that published it).
 */

const REFERENCE = 2000;
const WINDOW = 500;
const WINDOWS = 8;
const PER_MODEL = REFERENCE + WINDOWS * WINDOW;
/**
 * Keyed by model_id, kafkajs's default (murmur2) partitioner puts these on partitions 1, 2 and 0 of a
 * 3-partition topic (asserted below from the topic's end offsets). credit-risk drifts (income) in its
 * windows 3–5 and comes back, so there are firing and resolved alerts.
 */
const MODELS = [
  { id: 'credit-risk', seed: 101, drift: { from: 3, to: 6 } },
  { id: 'churn', seed: 102 },
  { id: 'credit-risk-eu', seed: 103 },
] as const;
const TOTAL = MODELS.length * PER_MODEL;
/** Events produced per send, interleaving models in chunks of this many. */
const SEND_BATCH = 500;
const INTERLEAVE = 100;
/** Pause between sends while a stream arrives during a run (so batches are small and a run has a middle). */
const PAUSE_MS = 100;
const SLOW_PAUSE_MS = 250;
const repoRoot = new URL('..', import.meta.url).pathname;

function streamEvents(): PredictionEvent[] {
  const perModel = MODELS.map((m) => {
    const rng = seededRandom(m.seed);
    const events: PredictionEvent[] = [];
    const drift = 'drift' in m ? m.drift : undefined;
    const driftFrom = drift ? REFERENCE + drift.from * WINDOW : PER_MODEL;
    const driftTo = drift ? REFERENCE + drift.to * WINDOW : PER_MODEL;
    events.push(...predictionStream(rng, { modelId: m.id, count: driftFrom }));
    if (driftFrom < PER_MODEL) {
      events.push(...predictionStream(rng, { modelId: m.id, count: driftTo - driftFrom, from: driftFrom, incomeShift: 1 }));
      events.push(...predictionStream(rng, { modelId: m.id, count: PER_MODEL - driftTo, from: driftTo }));
    }
    return events;
  });
  const out: PredictionEvent[] = [];
  for (let i = 0; i < PER_MODEL; i += INTERLEAVE) for (const events of perModel) out.push(...events.slice(i, i + INTERLEAVE));
  return out;
}

function configOn(tier: StateTier, names: TestNames) {
  const connections = { ...connectionsOf(names), redis: { ...tier, keyPrefix: names.redisPrefix } };
  return {
    ...connections,
    // A killed member's partitions move after this; the default 30 s would only slow the test down.
    kafka: { ...connections.kafka, sessionTimeout: '8s' },
    monitors: MODELS.map((m) => ({
      model: m.id,
      features: { income: 'numeric', age: 'numeric', debt_ratio: 'numeric', region: 'categorical' },
      reference: { source: 'firstEvents', events: REFERENCE },
      window: { type: 'count', size: WINDOW },
    })),
  };
}

/**
 * The window kinds whose recovery is delicate, beside each other: a `previousWindow` reference (the open
 * window's raw events are held in memory only, so a restore reads them again) and event-time hopping windows
 * with allowed lateness over out-of-order and late events, and count hopping windows (kept as panes).
 * fraud-previous-window and ads-event-time share partition 0 of a 3-partition topic (so one restore serves
 * both), pricing-previous-window has partition 1, churn-hopping partition 2.
 */
/** churn-hopping's hop: windows of WINDOW events every HOP events, four panes each. */
const HOP = WINDOW / 4;
const KIND_MODELS = [
  { id: 'fraud-previous-window', seed: 201, drift: true, monitor: { reference: { source: 'previousWindow' }, window: { type: 'count', size: WINDOW }, persistence: { k: 1, n: 1 } } },
  { id: 'ads-event-time', seed: 202, disorder: true, monitor: { reference: { source: 'firstEvents', events: REFERENCE }, window: { type: 'eventTime', size: '5m', hop: '1m', allowedLateness: '30s' } } },
  { id: 'pricing-previous-window', seed: 203, monitor: { reference: { source: 'previousWindow' }, window: { type: 'count', size: WINDOW } } },
  { id: 'churn-hopping', seed: 204, monitor: { reference: { source: 'firstEvents', events: REFERENCE }, window: { type: 'count', size: WINDOW, hop: HOP } } },
] as const;
const KIND_TOTAL = KIND_MODELS.length * PER_MODEL;

/**
 * Each model's PER_MODEL events interleaved in chunks of INTERLEAVE. fraud-previous-window's income shifts in
 * its events 3,500–5,000; on ads-event-time every 10th event is 25 s behind (inside the lateness) and every
 * 50th seven minutes behind (late for every window it belonged to: counted, not applied).
 */
function kindEvents(): PredictionEvent[] {
  const perModel = KIND_MODELS.map((m) => {
    const rng = seededRandom(m.seed);
    const shiftFrom = 3500;
    const shiftTo = 5000;
    const events = 'drift' in m
      ? [
        ...predictionStream(rng, { modelId: m.id, count: shiftFrom }),
        ...predictionStream(rng, { modelId: m.id, count: shiftTo - shiftFrom, from: shiftFrom, incomeShift: 1 }),
        ...predictionStream(rng, { modelId: m.id, count: PER_MODEL - shiftTo, from: shiftTo }),
      ]
      : predictionStream(rng, { modelId: m.id, count: PER_MODEL });
    if (!('disorder' in m)) return events;
    return events.map((e, i) => (i % 50 === 7 ? { ...e, timestamp: e.timestamp - 420_000 } : i % 10 === 3 ? { ...e, timestamp: e.timestamp - 25_000 } : e));
  });
  const out: PredictionEvent[] = [];
  for (let i = 0; i < PER_MODEL; i += INTERLEAVE) for (const events of perModel) out.push(...events.slice(i, i + INTERLEAVE));
  return out;
}

function kindConfigFor(tier: StateTier, names: TestNames) {
  const connections = { ...connectionsOf(names), redis: { ...tier, keyPrefix: names.redisPrefix } };
  return {
    ...connections,
    // The broker's group.min.session.timeout.ms: a killed member's partitions move as soon as allowed.
    kafka: { ...connections.kafka, sessionTimeout: '6s' },
    monitors: KIND_MODELS.map((m) => ({ model: m.id, features: { income: 'numeric', age: 'numeric', debt_ratio: 'numeric', region: 'categorical' }, ...m.monitor })),
  };
}

interface RunOutputs {
  reports: WindowReportRecord[];
  alerts: AlertRecord[];
  retrain: RetrainRequestRecord[];
  deadLetters: DeadLetterRecord[];
}

interface Deduplicated<T> {
  /** First copy of each record by id, created_at stripped. */
  byId: Map<string, Omit<T, 'created_at'>>;
  copies: number;
  /** Ids whose later copies differ from the first (beyond created_at). */
  differing: string[];
}

function dedupe<T extends { created_at: number }>(records: T[], idOf: (r: T) => string): Deduplicated<T> {
  const byId = new Map<string, Omit<T, 'created_at'>>();
  const differing: string[] = [];
  for (const record of records) {
    const { created_at: _, ...rest } = record;
    const id = idOf(record);
    const first = byId.get(id);
    if (!first) byId.set(id, rest);
    else if (!isDeepStrictEqual(first, rest)) differing.push(id);
  }
  return { byId, copies: records.length - byId.size, differing };
}

function sortedById<T>(m: Map<string, T>): [string, T][] {
  return [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Same ids, then same content per id (so a failure names the first window that differs). */
function assertSameRecords<T>(kind: string, actual: Map<string, T>, expected: Map<string, T>, describe: (r: T) => string): void {
  const missing = [...expected.keys()].filter((id) => !actual.has(id)).map((id) => describe(expected.get(id)!));
  const extra = [...actual.keys()].filter((id) => !expected.has(id)).map((id) => describe(actual.get(id)!));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${kind}: the ids differ from the uninterrupted run's`);
  for (const [id, record] of sortedById(expected)) {
    assert.deepStrictEqual(actual.get(id), record, `${kind} ${describe(record)} differs from the uninterrupted run's`);
  }
}

const describeReport = (r: Omit<WindowReportRecord, 'created_at'>) => `${r.model_id}/${r.model_version} ${r.stream} [${r.window.start}, ${r.window.end}) count ${r.window.count}`;
const describeAlert = (a: Omit<AlertRecord, 'created_at'>) => `${a.model_id} ${a.detector} ${a.feature ?? ''} ${a.metric} ${a.status} [${a.window.start}, ${a.window.end})`;
const describeRetrain = (r: Omit<RetrainRequestRecord, 'created_at'>) => `${r.model_id} [${r.data_window.start}, ${r.data_window.end})`;

interface LogLine {
  msg: string;
  [field: string]: unknown;
}

/** The process's JSON log lines so far (a line still being written is left out). */
function logLines(serve: ServeProcess): LogLine[] {
  const lines: LogLine[] = [];
  for (const l of serve.logs().split('\n')) {
    if (!l.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(l) as LogLine);
    } catch {
      // incomplete
    }
  }
  return lines;
}

/** The partitions of `topic` this process was assigned at each rebalance, from its 'partitions assigned' logs. */
function assignmentHistory(serve: ServeProcess, topic: string): number[][] {
  return logLines(serve)
    .filter((l) => l.msg === 'partitions assigned')
    .map((l) => [...((l.assignment as Record<string, number[]>)[topic] ?? [])].sort());
}

/** Partitions of `topic` this process was ever assigned. */
function assignedPartitions(serve: ServeProcess, topic: string): number[] {
  return [...new Set(assignmentHistory(serve, topic).flat())].sort();
}

describe('recovery: the Guarantees on the live stack', () => recoverySuite(stateTiers.standalone));
describe('recovery on Redis Cluster (3 masters, keys hash-tagged per partition)', () => recoverySuite(stateTiers.cluster));
describe('recovery on Sentinel (a primary, one replica, three sentinels)', () => recoverySuite(stateTiers.sentinel));

/** The runs below with the state in `tier`: every run on standalone Redis, the kill -9 run on Redis Cluster too, the failover on Sentinel. */
function recoverySuite(tier: StateTier): void {
  const configFor = (names: TestNames) => configOn(tier, names);
  const registry = createRegistryClient({ url: stack.registryUrl });
  let clients: LiveStackClients | undefined;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const events = streamEvents();
  const encodedBySchema = new Map<number, Promise<{ key: string; value: Buffer }[]>>();
  type Baseline = { reports: Deduplicated<WindowReportRecord>; alerts: Deduplicated<AlertRecord>; retrain: Deduplicated<RetrainRequestRecord> };
  /** Set by the first test; every other run is compared with it. */
  let baseline: Promise<Baseline> = Promise.reject(new Error('the uninterrupted baseline did not run'));
  baseline.catch(() => undefined);

  before(async () => {
    clients = await connectLiveStack({ createPartitioner: Partitioners.DefaultPartitioner });
    ({ kafka, admin, producer } = clients);
  });

  after(async () => {
    redis?.disconnect();
    await clients?.close();
  });

  let redis: StateRedis | undefined;
  /** The offset each partition's Redis checkpoint holds (−1: none), as the service saved it. */
  async function checkpointOffsets(names: TestNames): Promise<Record<number, number>> {
    redis ??= await connectStateTier(tier);
    const keys = stateKeys(`${names.redisPrefix}:${names.groupId}:`, { hashTags: tier.mode === 'cluster' });
    const out: Record<number, number> = {};
    for (let p = 0; p < 3; p++) {
      const offset = await redis.hget(keys.partition(names.predictions, p).checkpoint, 'offset');
      out[p] = offset === null ? -1 : Number(offset);
    }
    return out;
  }

  async function encoded(topic: string): Promise<{ key: string; value: Buffer }[]> {
    const [{ id }] = await registerContracts(registry, [{ contract: 'PredictionEvent', topic }]);
    let messages = encodedBySchema.get(id);
    if (!messages) {
      messages = Promise.all(events.map(async (e) => ({ key: e.model_id, value: await registry.encode(id, withWrappedFeatures(e)) })));
      encodedBySchema.set(id, messages);
    }
    return messages;
  }

  async function prepare(names: TestNames) {
    await createTopics(admin, [names.predictions, names.alerts, names.deadLetter, names.windows, names.retrain]);
    return encoded(names.predictions);
  }

  /** Sends messages[from, to) in sends of SEND_BATCH, pausing pauseMs between sends. */
  async function send(topic: string, messages: { key: string; value: Buffer }[], from = 0, to = messages.length, pauseMs = 0): Promise<void> {
    for (let i = from; i < to; i += SEND_BATCH) {
      await producer.send({ topic, messages: messages.slice(i, Math.min(to, i + SEND_BATCH)) });
      if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    }
  }

  async function outputsOf(names: TestNames): Promise<RunOutputs> {
    const [reports, alerts, retrain, deadLetters] = await Promise.all([
      readTopic<WindowReportRecord>(kafka, registry, names.windows),
      readTopic<AlertRecord>(kafka, registry, names.alerts),
      readTopic<RetrainRequestRecord>(kafka, registry, names.retrain),
      readTopic<DeadLetterRecord>(kafka, registry, names.deadLetter),
    ]);
    return { reports, alerts, retrain, deadLetters };
  }

  /** Waits until the group committed the end of the predictions topic, then stops the processes: each must exit with 0 (killed ones aside). */
  async function finish(names: TestNames, processes: ServeProcess[], timeoutMs = 90_000): Promise<void> {
    await waitForGroupCaughtUp(admin, names.groupId, names.predictions, timeoutMs);
    const codes = await Promise.all(processes.map((p) => p.stop()));
    for (const [i, code] of codes.entries()) {
      if (processes[i].child.signalCode === 'SIGKILL') continue;
      assert.equal(code, 0, `serve #${i + 1} exited with ${code}`);
    }
  }

  /** Everything a run must show: equal to the baseline once deduplicated, duplicates identical. */
  async function assertLikeBaseline(t: TestContext, names: TestNames, processes: ServeProcess[], expectedRun: Promise<Baseline> = baseline): Promise<void> {
    const outputs = await outputsOf(names);
    const expected = await expectedRun;
    const reports = dedupe(outputs.reports, (r) => r.report_id);
    const alerts = dedupe(outputs.alerts, (a) => a.alert_id);
    const retrain = dedupe(outputs.retrain, (r) => r.request_id);
    t.diagnostic(`${reports.byId.size} reports (+${reports.copies} duplicates), ${alerts.byId.size} alerts (+${alerts.copies}), ${retrain.byId.size} retraining requests (+${retrain.copies})`);
    assert.deepEqual(outputs.deadLetters, [], 'no dead letters');
    assert.deepEqual(
      { reports: reports.differing, alerts: alerts.differing, retrain: retrain.differing },
      { reports: [], alerts: [], retrain: [] },
      'a record published twice must be identical to its first copy (created_at aside)',
    );
    try {
      assertSameRecords('window report', reports.byId, expected.reports.byId, describeReport);
      assertSameRecords('alert', alerts.byId, expected.alerts.byId, describeAlert);
      assertSameRecords('retraining request', retrain.byId, expected.retrain.byId, describeRetrain);
    } catch (error) {
      t.diagnostic(processes.map((p, i) => `serve #${i + 1} ${p.logsTail()}`).join('\n'));
      throw error;
    }
  }

  test('uninterrupted baseline: every window of every model reported once, drift alerts fire and resolve', async (t) => {
    const names = uniqueNames('recovery-base');
    let resolve!: (v: Baseline) => void;
    let reject!: (e: unknown) => void;
    baseline = new Promise((res, rej) => ((resolve = res), (reject = rej)));
    baseline.catch(() => undefined);
    try {
      const messages = await prepare(names);
      await send(names.predictions, messages);
      const ends = await admin.fetchTopicOffsets(names.predictions);
      assert.deepEqual(ends.map((e) => Number(e.offset)).sort(), MODELS.map(() => PER_MODEL), 'each model on a partition of its own');
      const t0 = Date.now();
      await withServes(configFor(names), async (start) => finish(names, [start()]));
      t.diagnostic(`serve caught up in ${Date.now() - t0} ms`);
      const outputs = await outputsOf(names);
      assert.deepEqual(outputs.deadLetters, []);
      const reports = dedupe(outputs.reports, (r) => r.report_id);
      const alerts = dedupe(outputs.alerts, (a) => a.alert_id);
      const retrain = dedupe(outputs.retrain, (r) => r.request_id);
      assert.equal(reports.copies, 0, 'an uninterrupted run publishes each report once');
      assert.equal(alerts.copies, 0, 'an uninterrupted run publishes each alert once');
      assert.equal(retrain.byId.size, 1, 'three critical windows in a row ask for retraining once');
      assert.deepEqual(
        sortedById(reports.byId).map(([, r]) => describeReport(r)).sort(),
        MODELS.flatMap((m) => Array.from({ length: WINDOWS }, (_, k) => describeReport({ model_id: m.id, model_version: 'v1', stream: 'predictions', window: { start: k * WINDOW, end: (k + 1) * WINDOW, count: WINDOW } } as WindowReportRecord))).sort(),
        'one report per window per model',
      );
      const psi = [...alerts.byId.values()].filter((a) => a.detector === 'drift.psi');
      assert.deepEqual(
        psi.map((a) => `${a.model_id} ${a.feature} ${a.status} ${a.window.start}`).sort(),
        ['credit-risk income firing 2000', 'credit-risk income resolved 3500'].sort(),
        'income drift on credit-risk fires on its second drifted window and resolves once it no longer persists',
      );
      t.diagnostic(`${reports.byId.size} reports, ${alerts.byId.size} alerts (${[...alerts.byId.values()].map(describeAlert).join('; ')}), ${retrain.byId.size} retraining requests`);
      resolve({ reports, alerts, retrain });
    } catch (error) {
      reject(error);
      throw error;
    }
  });

  if (tier.mode !== 'sentinel') test('kill -9 mid-reference and mid-stream: each new process carries on from the checkpoints, nothing lost or double-counted', async (t) => {
    const names = uniqueNames('recovery-kill');
    const messages = await prepare(names);
    const processes = await withServes(configFor(names), async (start) => {
      // 1. Only the first 30 % exists while #1 runs, so every checkpoint it leaves is mid-reference
      //    (≤ 1,800 of each model's 2,000 reference events): the restore must read the reference again.
      const one = start();
      const head = send(names.predictions, messages, 0, Math.floor(TOTAL * 0.3), PAUSE_MS);
      const at1 = await waitForGroupProgress(admin, names.groupId, names.predictions, Math.floor(TOTAL * 0.2));
      one.child.kill('SIGKILL');
      await one.stop();
      await head;
      const saved1 = await checkpointOffsets(names);
      t.diagnostic(`#1 killed at ${describeProgress(at1)}; Redis checkpoints ${JSON.stringify(saved1)}`);
      assert.ok(Object.values(saved1).some((o) => o >= 0 && o < REFERENCE - 1), 'a checkpoint was saved mid-reference before the kill');

      // 2. #2 restores (once the dead member's session expired); up to 80 % arrives while it runs and it is
      //    killed past 60 %, in the middle of the windows.
      const two = start();
      await waitUntil('serve #2 is assigned partitions', 60_000, () => assignedPartitions(two, names.predictions).length > 0);
      const tail = send(names.predictions, messages, Math.floor(TOTAL * 0.3), Math.floor(TOTAL * 0.8), PAUSE_MS);
      const at2 = await waitForGroupProgress(admin, names.groupId, names.predictions, Math.floor(TOTAL * 0.6));
      two.child.kill('SIGKILL');
      await two.stop();
      await tail;
      t.diagnostic(`#2 killed at ${describeProgress(at2)}; Redis checkpoints ${JSON.stringify(await checkpointOffsets(names))}`);
      await send(names.predictions, messages, Math.floor(TOTAL * 0.8), TOTAL);

      // 3. #3 finishes.
      const t0 = Date.now();
      await finish(names, [one, two, start()]);
      t.diagnostic(`#3 caught up ${Date.now() - t0} ms after it started`);
    });
    await assertLikeBaseline(t, names, processes);
  });

  if (tier.mode === 'sentinel') test('the Redis primary killed (-9) mid-stream: serve pauses through the failover, and a serve killed afterwards restores from the promoted replica; nothing lost', async (t) => {
    const names = uniqueNames('recovery-failover');
    const messages = await prepare(names);
    let killed: { port: number; pid: number } | undefined;
    try {
      const processes = await withServes(configFor(names), async (start) => {
        const one = start();
        const head = send(names.predictions, messages, 0, Math.floor(TOTAL * 0.6), PAUSE_MS);
        const at1 = await waitForGroupProgress(admin, names.groupId, names.predictions, Math.floor(TOTAL * 0.25));
        killed = await killSentinelPrimary(tier);
        const t0 = Date.now();
        const promoted = await newSentinelPrimary(tier, killed.port, 30_000);
        t.diagnostic(`primary 127.0.0.1:${killed.port} (pid ${killed.pid}) killed at ${describeProgress(at1)}; sentinels promoted 127.0.0.1:${promoted} after ${Date.now() - t0} ms`);
        // Saves wait for a replica's acknowledgement (replicaAcks 1): serve pauses until the old primary is back as one.
        await stackCommand('start', 'sentinel');
        t.diagnostic(`the old primary rejoined as a replica ${Date.now() - t0} ms after the kill, at ${describeProgress(await groupProgress(admin, names.groupId, names.predictions))}`);
        await head;
        // #1 is killed once it has checkpointed well past the failover, so #2 restores what the promoted replica holds.
        const at2 = await waitForGroupProgress(admin, names.groupId, names.predictions, Math.floor(TOTAL * 0.5));
        one.child.kill('SIGKILL');
        await one.stop();
        t.diagnostic(`#1 killed at ${describeProgress(at2)}; checkpoints on the new primary ${JSON.stringify(await checkpointOffsets(names))}`);
        const tail = send(names.predictions, messages, Math.floor(TOTAL * 0.6), TOTAL, PAUSE_MS);
        const two = start();
        await tail;
        await finish(names, [one, two]);
      });
      const retries = logLines(processes[0]).filter((l) => /redis unavailable, retrying/.test(l.msg));
      t.diagnostic(`#1 logged ${retries.length} Redis retries: ${[...new Set(retries.map((l) => String(l.err).slice(0, 120)))].slice(0, 4).join('; ')}`);
      assert.ok(retries.length > 0, 'serve #1 paused and retried through the failover');
      await assertLikeBaseline(t, names, processes);
    } finally {
      // Whatever failed: the stack's sentinel set is whole again for the next run.
      if (killed) await stackCommand('start', 'sentinel');
    }
  });

  if (tier.mode === 'standalone') test('two instances and forced rebalances (mid-reference, then mid-windows): both own partitions, outputs as if one ran', async (t) => {
    const names = uniqueNames('recovery-rebalance');
    const messages = await prepare(names);
    const processes = await withServes(configFor(names), async (start) => {
      const one = start();
      // 1. Only the first 30 % exists until #2 has its partitions, so the first rebalance lands while every
      //    model is still collecting its reference (≤ 1,800 of 2,000 events per partition).
      const head = send(names.predictions, messages, 0, Math.floor(TOTAL * 0.3), SLOW_PAUSE_MS);
      const at1 = await waitForGroupProgress(admin, names.groupId, names.predictions, Math.floor(TOTAL * 0.1));
      const two = start();
      await waitUntil('instance 2 is assigned partitions', 60_000, () => assignedPartitions(two, names.predictions).length > 0);
      const at2 = await groupProgress(admin, names.groupId, names.predictions);
      await head;
      // 2. Up to 75 % arrives while both consume; past 50 % (every model in its windows) #1 leaves, a second
      //    rebalance, and the rest arrives while #2 alone carries on.
      const middle = send(names.predictions, messages, Math.floor(TOTAL * 0.3), Math.floor(TOTAL * 0.75), SLOW_PAUSE_MS);
      const at3 = await waitForGroupProgress(admin, names.groupId, names.predictions, Math.floor(TOTAL * 0.5));
      assert.ok(at3.committed < TOTAL, 'instance 1 leaves mid-stream');
      const stopped = one.stop();
      await middle;
      const tail = send(names.predictions, messages, Math.floor(TOTAL * 0.75), TOTAL, PAUSE_MS);
      assert.equal(await stopped, 0, 'instance 1 exited with 0');
      await tail;
      await finish(names, [one, two]);
      const restored = (p: ServeProcess) => logLines(p).filter((l) => l.msg === 'partition restored').length;
      t.diagnostic(`#2 started at ${describeProgress(at1)} and had partitions at ${describeProgress(at2)}; #1 stopped at ${describeProgress(at3)}`);
      t.diagnostic(`assignments of #1: ${JSON.stringify(assignmentHistory(one, names.predictions))}, of #2: ${JSON.stringify(assignmentHistory(two, names.predictions))}; partition restores: #1 ${restored(one)}, #2 ${restored(two)}`);
    });
    await assertLikeBaseline(t, names, processes);
    for (const [i, p] of processes.entries()) {
      assert.ok(assignedPartitions(p, names.predictions).length > 0, `instance ${i + 1} was never assigned a partition; logs: ${p.logsTail()}`);
    }
  });

  if (tier.mode !== 'sentinel') test('Redis restarted mid-stream: the service pauses, retries and finishes with nothing skipped', async (t) => {
    const names = uniqueNames('recovery-redis');
    const messages = await prepare(names);
    const [serve] = await withServes(configFor(names), async (start) => {
      const serve = start();
      // Half the stream, then the restart once 35 % is committed (so mid-stream by construction) while the
      // other half arrives: batches keep checkpointing through the outage.
      const head = send(names.predictions, messages, 0, TOTAL / 2, PAUSE_MS);
      const at = await waitForGroupProgress(admin, names.groupId, names.predictions, Math.floor(TOTAL * 0.35));
      await head;
      const t0 = Date.now();
      // Redis stays down until serve has had to retry (or 60 s have passed): a restart quicker than serve's
      // next Redis command would be buffered by ioredis's offline queue and test nothing.
      const service = tier.mode === 'cluster' ? 'cluster' : 'redis';
      await stackCommand('stop', service);
      const tail = send(names.predictions, messages, TOTAL / 2, TOTAL, PAUSE_MS);
      const downUntil = Date.now() + 60_000;
      while (Date.now() < downUntil && !logLines(serve).some((l) => /redis unavailable, retrying/.test(l.msg))) await new Promise((r) => setTimeout(r, 200));
      await stackCommand('start', service);
      const restarted = await groupProgress(admin, names.groupId, names.predictions);
      t.diagnostic(`redis went down at ${describeProgress(at)}, was down for ${Date.now() - t0} ms, back at ${describeProgress(restarted)}`);
      await tail;
      await finish(names, [serve]);
    });
    const retries = logLines(serve).filter((l) => /redis unavailable, retrying/.test(l.msg));
    t.diagnostic(`${retries.length} retries logged: ${[...new Set(retries.map((l) => l.msg))].join('; ')}`);
    assert.ok(retries.length > 0, `the service should have paused and retried; logs: ${serve.logsTail()}`);
    await assertLikeBaseline(t, names, [serve]);
  });

  if (tier.mode === 'standalone') test('a writer schema change before a restart mid-reference: one schema alert, no spurious ones', async (t) => {
    // From its event 1,000 on, churn's producer writes with a second, compatible schema (one optional field
    // more). The decoded events are the same, so the reports must equal the baseline's and the alerts must be
    // the baseline's plus one schema-change alert at churn's offset 1,000. #1 stops (SIGTERM) once every
    // partition's checkpoint is past 1,000 but inside the reference, so #2 restores the saved writer schema
    // (the new one) and reads each reference again from its start, through the old schema's messages.
    const SCHEMA_CHANGE_AT = 1000;
    const names = uniqueNames('recovery-schema');
    const v1 = await prepare(names);
    const base = avroContract('PredictionEvent');
    const { id: v2 } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify({ ...base, fields: [...base.fields, { name: 'trace_id', type: ['null', 'string'], default: null }] }) },
      { subject: valueSubject(names.predictions) },
    );
    const messages = await Promise.all(events.map(async (e, i) =>
      e.model_id === 'churn' && Number(e.event_id.split('-').at(-1)) >= SCHEMA_CHANGE_AT
        ? { key: e.model_id, value: await registry.encode(v2, { ...withWrappedFeatures(e), trace_id: null }) }
        : v1[i]));
    await withServes(configFor(names), async (start) => {
      const one = start();
      await send(names.predictions, messages, 0, Math.floor(TOTAL * 0.3), PAUSE_MS);
      await eventuallyTrue('every partition checkpointed past offset 1,000', 60_000, async () => Object.values(await checkpointOffsets(names)).every((o) => o >= SCHEMA_CHANGE_AT));
      const saved = await checkpointOffsets(names);
      assert.equal(await one.stop(), 0, 'serve #1 exited with 0');
      t.diagnostic(`#1 stopped with Redis checkpoints ${JSON.stringify(saved)}`);
      const two = start();
      await waitUntil('serve #2 is assigned partitions', 60_000, () => assignedPartitions(two, names.predictions).length > 0);
      await send(names.predictions, messages, Math.floor(TOTAL * 0.3), TOTAL, PAUSE_MS);
      await finish(names, [one, two]);
    });
    const outputs = await outputsOf(names);
    const expected = await baseline;
    const reports = dedupe(outputs.reports, (r) => r.report_id);
    const alerts = dedupe(outputs.alerts, (a) => a.alert_id);
    assert.deepEqual(outputs.deadLetters, [], 'no dead letters');
    assert.deepEqual({ reports: reports.differing, alerts: alerts.differing }, { reports: [], alerts: [] }, 'duplicates identical to their first copy (created_at aside)');
    assertSameRecords('window report', reports.byId, expected.reports.byId, describeReport);
    const schemaAlerts = [...alerts.byId.values()].filter((a) => a.detector === 'schema.change');
    assert.deepEqual(
      schemaAlerts.map((a) => `${a.model_id} ${a.severity} ${a.details.old_schema_id}->${a.details.new_schema_id} at ${a.window.start}`),
      [`churn warning ${schemaIdOf(v1[0].value)}->${v2} at ${SCHEMA_CHANGE_AT}`],
      'exactly one schema-change alert: old to new, where the new schema begins',
    );
    const others = new Map([...alerts.byId].filter(([, a]) => a.detector !== 'schema.change'));
    assertSameRecords('alert', others, expected.alerts.byId, describeAlert);
    const retrain = dedupe(outputs.retrain, (r) => r.request_id);
    assertSameRecords('retraining request', retrain.byId, expected.retrain.byId, describeRetrain);
  });


  const kindStream = kindEvents();
  let kindEncoded: Promise<{ key: string; value: Buffer }[]> | undefined;
  /** Set by the window kinds' uninterrupted run; their kill and restart runs are compared with it. */
  let kindBaseline: Promise<Baseline> = Promise.reject(new Error('the window kinds\' uninterrupted run did not run'));
  kindBaseline.catch(() => undefined);

  async function prepareKinds(names: TestNames): Promise<{ key: string; value: Buffer }[]> {
    await createTopics(admin, [names.predictions, names.alerts, names.deadLetter, names.windows, names.retrain]);
    const [{ id }] = await registerContracts(registry, [{ contract: 'PredictionEvent', topic: names.predictions }]);
    kindEncoded ??= Promise.all(kindStream.map(async (e) => ({ key: e.model_id, value: await registry.encode(id, withWrappedFeatures(e)) })));
    return kindEncoded;
  }

  if (tier.mode !== 'sentinel') test('window kinds, uninterrupted: previousWindow, count hopping and event-time hopping windows with lateness report, alert and count late events', async (t) => {
    const names = uniqueNames('recovery-kinds-base');
    let resolve!: (v: Baseline) => void;
    let reject!: (e: unknown) => void;
    kindBaseline = new Promise((res, rej) => ((resolve = res), (reject = rej)));
    kindBaseline.catch(() => undefined);
    try {
      const messages = await prepareKinds(names);
      await send(names.predictions, messages);
      const ends = await admin.fetchTopicOffsets(names.predictions);
      assert.deepEqual(ends.map((e) => [e.partition, Number(e.offset)]).sort(), [[0, 2 * PER_MODEL], [1, PER_MODEL], [2, PER_MODEL]], 'two models on partition 0, one on partition 1, one on partition 2');
      await withServes(kindConfigFor(tier, names), async (start) => finish(names, [start()]));
      const outputs = await outputsOf(names);
      assert.deepEqual(outputs.deadLetters, []);
      const reports = dedupe(outputs.reports, (r) => r.report_id);
      const alerts = dedupe(outputs.alerts, (a) => a.alert_id);
      const retrain = dedupe(outputs.retrain, (r) => r.request_id);
      assert.equal(reports.copies + alerts.copies + retrain.copies, 0, 'an uninterrupted run publishes each record once');
      const reportsOf = (model: string) => [...reports.byId.values()].filter((r) => r.model_id === model);
      for (const model of ['fraud-previous-window', 'pricing-previous-window']) {
        assert.deepEqual(reportsOf(model).map((r) => `${r.window.start} ${r.window.count}`).sort(),
          Array.from({ length: PER_MODEL / WINDOW - 1 }, (_, k) => `${k * WINDOW} ${WINDOW}`).sort(), `${model}: every window after the first (its first reference) reported once`);
      }
      assert.deepEqual(reportsOf('churn-hopping').map((r) => `${r.window.start} ${r.window.count}`).sort(),
        Array.from({ length: (PER_MODEL - REFERENCE - WINDOW) / HOP + 1 }, (_, k) => `${k * HOP} ${WINDOW}`).sort(), 'churn-hopping: every hopping window after the reference, once');
      const eventTime = reportsOf('ads-event-time');
      assert.ok(eventTime.length > 50, `ads-event-time: a report per minute of event time (${eventTime.length})`);
      assert.ok(eventTime.some((r) => r.late_events > 0), 'ads-event-time: late events are counted in the reports');
      const psi = [...alerts.byId.values()].filter((a) => a.detector === 'drift.psi' && a.model_id === 'fraud-previous-window');
      assert.deepEqual(psi.map((a) => `${a.feature} ${a.status}`).sort(), ['income firing', 'income firing', 'income resolved', 'income resolved'].sort(),
        'fraud-previous-window: the shift in and the shift back each show against the previous window once');
      t.diagnostic(`${reports.byId.size} reports (${eventTime.length} event-time, ${eventTime.reduce((n, r) => n + r.late_events, 0)} late events), ${alerts.byId.size} alerts, ${retrain.byId.size} retraining requests`);
      resolve({ reports, alerts, retrain });
    } catch (error) {
      reject(error);
      throw error;
    }
  });

  if (tier.mode !== 'sentinel') test('window kinds, kill -9 ×20 at moments spread over the stream (mid-reference, mid-window): equal to the uninterrupted run', async (t) => {
    const KILLS = 20;
    const names = uniqueNames('recovery-kinds-kill');
    const messages = await prepareKinds(names);
    const chunk = Math.ceil(KIND_TOTAL / (KILLS + 1));
    const processes = await withServes(kindConfigFor(tier, names), async (start) => {
      const killed: ServeProcess[] = [];
      for (let k = 0; k < KILLS; k++) {
        const serve = start();
        killed.push(serve);
        await waitUntil(`serve #${k + 1} is assigned partitions`, 60_000, () => assignedPartitions(serve, names.predictions).length > 0);
        const sending = send(names.predictions, messages, k * chunk, (k + 1) * chunk, PAUSE_MS);
        // Somewhere in this chunk, while it still arrives: each kill lands at another point of the windows.
        const at = await waitForGroupProgress(admin, names.groupId, names.predictions, k * chunk + Math.floor(chunk * (0.3 + 0.025 * k)));
        serve.child.kill('SIGKILL');
        await serve.stop();
        await sending;
        t.diagnostic(`#${k + 1} killed at ${at.committed}/${KIND_TOTAL} committed; Redis checkpoints ${JSON.stringify(await checkpointOffsets(names))}`);
      }
      await send(names.predictions, messages, KILLS * chunk, KIND_TOTAL);
      await finish(names, [...killed, start()]);
    });
    await assertLikeBaseline(t, names, processes, kindBaseline);
  });

  if (tier.mode === 'standalone') test('previousWindow: three SIGTERM restarts inside one window: equal to the uninterrupted run', async (t) => {
    const names = uniqueNames('recovery-kinds-sigterm');
    const messages = await prepareKinds(names);
    const processes = await withServes(kindConfigFor(tier, names), async (start) => {
      const stopped: ServeProcess[] = [];
      let from = 0;
      // Each model's events 1,000–1,499 are the window [500, 1000) after a previousWindow monitor's first
      // reference: stop after its events 1,100, 1,200 and 1,300.
      for (const perModel of [1100, 1200, 1300]) {
        const serve = start();
        stopped.push(serve);
        const to = perModel * KIND_MODELS.length;
        await send(names.predictions, messages, from, to, PAUSE_MS);
        from = to;
        await waitForGroupCaughtUp(admin, names.groupId, names.predictions);
        const saved = await checkpointOffsets(names);
        assert.equal(saved[1], perModel - 1, 'pricing-previous-window (partition 1) checkpointed inside its window');
        assert.equal(await serve.stop(), 0, `serve #${stopped.length} exited with 0`);
        t.diagnostic(`#${stopped.length} stopped with Redis checkpoints ${JSON.stringify(saved)}`);
      }
      await send(names.predictions, messages, from, KIND_TOTAL, PAUSE_MS);
      await finish(names, [...stopped, start()]);
    });
    await assertLikeBaseline(t, names, processes, kindBaseline);
  });

  if (tier.mode === 'standalone') test('Redis down for three session timeouts: the member keeps its assignment (one join, same member id), is not ready, pauses and loses nothing', async (t) => {
    const SESSION_TIMEOUT_MS = 6000;
    const OUTAGE_MS = 3 * SESSION_TIMEOUT_MS;
    const names = uniqueNames('recovery-redis-down');
    const messages = await prepare(names);
    const config = { ...configFor(names), kafka: { ...configFor(names).kafka, sessionTimeout: SESSION_TIMEOUT_MS } };
    const [serve] = await withServes(config, async (start) => {
      const serve = start();
      const port = await metricsPort(serve);
      const head = send(names.predictions, messages, 0, TOTAL / 2, PAUSE_MS);
      await waitForGroupProgress(admin, names.groupId, names.predictions, Math.floor(TOTAL * 0.35));
      await head;
      const before = await groupMembers(admin, names.groupId);
      assert.equal(before.members.length, 1, `one member before the outage: ${JSON.stringify(before)}`);
      await stackCommand('stop', 'redis');
      const t0 = Date.now();
      try {
        // Batches arrive during the outage: the one in hand waits on its checkpoint for all of it.
        const during = send(names.predictions, messages, TOTAL / 2, Math.floor(TOTAL * 0.75), PAUSE_MS);
        await eventuallyTrue('/health/ready answers 503 waiting for redis and driftwatch_paused{dependency="redis"} is 1', 30_000, async () => {
          const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
          const body = await ready.text();
          return ready.status === 503 && body.includes('redis') && metricSample(await scrapeMetrics(port), 'driftwatch_paused', { dependency: 'redis' }) === 1;
        });
        await during;
        await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - t0))));
        const inOutage = await groupMembers(admin, names.groupId);
        t.diagnostic(`after ${Date.now() - t0} ms of outage the group is ${JSON.stringify(inOutage)}`);
        assert.deepEqual(inOutage, before, `after ${OUTAGE_MS / SESSION_TIMEOUT_MS} session timeouts without Redis the same member is still in the stable group`);
      } finally {
        await stackCommand('start', 'redis');
      }
      t.diagnostic(`redis was down ${Date.now() - t0} ms`);
      await send(names.predictions, messages, Math.floor(TOTAL * 0.75), TOTAL, PAUSE_MS);
      await finish(names, [serve]);
      assert.deepEqual(await groupMembers(admin, names.groupId).then((g) => g.members), [], 'the member left when stopped');
    });
    const joins = logLines(serve).filter((l) => l.msg === 'partitions assigned');
    const crashes = logLines(serve).filter((l) => /consumer crashed/.test(l.msg));
    const retries = logLines(serve).filter((l) => /redis unavailable, retrying/.test(l.msg));
    t.diagnostic(`${retries.length} retries logged, ${joins.length} group joins, ${crashes.length} crashes`);
    assert.equal(joins.length, 1, `one group join for the whole run (no rebalance); logs: ${serve.logsTail()}`);
    assert.deepEqual(crashes, [], 'the consumer never crashed');
    assert.ok(retries.length > 0, `the service paused and retried; logs: ${serve.logsTail()}`);
    await assertLikeBaseline(t, names, [serve]);
  });

  if (tier.mode === 'standalone') test('Kafka restarted under a running serve: /health/ready is 503 with the reason during the outage, 200 after, nothing lost', async (t) => {
    const names = uniqueNames('recovery-kafka-restart');
    const messages = await prepare(names);
    const seen: { at: number; status: number; reason: string; pausedKafka: number | undefined }[] = [];
    const [serve] = await withServes(configFor(names), async (start) => {
      const serve = start();
      const port = await metricsPort(serve);
      const probe = async () => {
        const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
        const body = (await response.json()) as { reason?: string };
        const pausedKafka = metricSample(await scrapeMetrics(port), 'driftwatch_paused', { dependency: 'kafka' });
        seen.push({ at: Date.now(), status: response.status, reason: body.reason ?? '', pausedKafka });
        return response.status;
      };
      await send(names.predictions, messages, 0, TOTAL / 2, PAUSE_MS);
      await waitForGroupCaughtUp(admin, names.groupId, names.predictions);
      await eventuallyTrue('serve is ready before the restart', 30_000, async () => (await probe()) === 200);
      const t0 = Date.now();
      // Kafka stays down until readiness has said so (or 60 s have passed): a restart quicker than the
      // consumer's probe (probeAfterMs + probeTimeoutMs) would otherwise go unseen and test nothing.
      await stackCommand('stop', 'kafka');
      const downUntil = Date.now() + 60_000;
      while (Date.now() < downUntil && !seen.some((s) => s.at >= t0 && s.status === 503 && s.pausedKafka === 1)) {
        await probe().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 200));
      }
      let started = false;
      const starting = stackCommand('start', 'kafka').finally(() => (started = true));
      while (!started) {
        await probe().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 200));
      }
      await starting;
      const back = Date.now();
      await eventuallyTrue('serve is ready again after the restart', 120_000, async () => (await probe()) === 200);
      const outage = seen.filter((s) => s.at >= t0);
      const notReady = outage.filter((s) => s.status === 503);
      t.diagnostic(`kafka was down for ${back - t0} ms; ready again ${Date.now() - back} ms later; readiness during it: ${[...new Set(outage.map((s) => `${s.status} ${s.reason} paused{kafka}=${s.pausedKafka}`))].join(' | ')}`);
      assert.ok(notReady.length > 0, 'not ready while Kafka was down');
      assert.ok(notReady.some((s) => /Kafka|kafka/.test(s.reason)), `the reason names Kafka: ${[...new Set(notReady.map((s) => s.reason))].join('; ')}`);
      assert.ok(outage.some((s) => s.pausedKafka === 1), 'driftwatch_paused{dependency="kafka"} was 1 during the outage');
      assert.equal(seen.at(-1)!.pausedKafka, 0, 'and 0 once ready again');
      await send(names.predictions, messages, TOTAL / 2, TOTAL, PAUSE_MS);
      await finish(names, [serve]);
    });
    await assertLikeBaseline(t, names, [serve]);
  });
}

/**
 * `bash scripts/stack.sh restart redis` from the repo root. Asynchronous, not execFileSync, which would
 * block this process and with it the stream that must keep arriving meanwhile; and detached, so the new
 * redis-server (the shared stack's) is in a process group of its own, not in this test run's.
 */
/** `bash scripts/stack.sh ARGS` from the repo root; fails with its stderr. */
async function stackCommand(...args: string[]): Promise<void> {
  const child = spawn('bash', ['scripts/stack.sh', ...args], { cwd: repoRoot, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('exit', resolve));
  if (code !== 0) throw new Error(`scripts/stack.sh ${args.join(' ')} exited with ${code}:\n${stderr}`);
}

type SentinelTier = typeof stateTiers.sentinel;

/** The primary's port as the first sentinel that answers names it. */
async function sentinelPrimaryPort(tier: SentinelTier): Promise<number> {
  let lastError: unknown;
  for (const address of tier.sentinels) {
    const sentinel = new Redis(`redis://${address}`, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000 }).on('error', () => undefined);
    try {
      const [, port] = (await sentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', tier.masterName)) as [string, string];
      return Number(port);
    } catch (error) {
      lastError = error;
    } finally {
      sentinel.disconnect();
    }
  }
  throw new Error('no sentinel answered', { cause: lastError });
}

/** kill -9 of the process serving as primary (its pid from INFO server); returns its port and pid. */
async function killSentinelPrimary(tier: SentinelTier): Promise<{ port: number; pid: number }> {
  const port = await sentinelPrimaryPort(tier);
  const primary = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0 }).on('error', () => undefined);
  try {
    const info = await primary.info('server');
    const pid = Number(/^process_id:(\d+)/m.exec(info)?.[1]);
    assert.ok(pid > 0, `INFO server of 127.0.0.1:${port} names its process`);
    process.kill(pid, 'SIGKILL');
    return { port, pid };
  } finally {
    primary.disconnect();
  }
}

/** Waits until the sentinels name a primary other than the one on `oldPort`; returns its port. */
async function newSentinelPrimary(tier: SentinelTier, oldPort: number, timeoutMs: number): Promise<number> {
  let port = oldPort;
  await eventuallyTrue(`the sentinels promote a replica in place of 127.0.0.1:${oldPort}`, timeoutMs, async () => {
    port = await sentinelPrimaryPort(tier).catch(() => oldPort);
    return port !== oldPort;
  });
  return port;
}

/** The schema id in a Confluent-framed message. */
function schemaIdOf(value: Buffer): number {
  return value.readInt32BE(1);
}

async function eventuallyTrue(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitUntil(what: string, timeoutMs: number, check: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function describeProgress(p: GroupProgress): string {
  return `${p.committed}/${TOTAL} committed (${[...p.byPartition].sort(([a], [b]) => a - b).map(([partition, o]) => `p${partition}=${o}`).join(' ')})`;
}

/** The group's state and its members' ids, as the coordinator reports them. */
async function groupMembers(admin: Admin, groupId: string): Promise<{ state: string; members: { memberId: string }[] }> {
  const { groups: [group] } = await admin.describeGroups([groupId]);
  return { state: group.state, members: group.members.map((m) => ({ memberId: m.memberId })) };
}
