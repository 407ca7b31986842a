/**
 * End-to-end throughput of `driftwatch serve` on the live stack (scripts/stack.sh): consume, decode (Avro via
 * the registry), monitor, publish, checkpoint to Redis, commit — for ONE serve process and for TWO in one
 * consumer group, each a real child process (`node src/cli/main.ts serve --config …`).
 *
 * The events are produced once, before any serve starts: `events` PredictionEvents of 10 features
 * (8 numeric, 2 categorical; prediction.score and prediction.label are watched too) from `models` models,
 * model i written to partition i of a `partitions`-partition topic, so two instances both get work. Each
 * measurement uses its own consumer group and Redis prefix over the same topic. Time runs from the first
 * committed offset of the group (polled with admin.fetchOffsets every 100 ms) to the poll at which the
 * committed offsets reach the end on every partition; events/s counts the events committed in between.
 * Stage timings, checkpoint bytes and CPU seconds come from each process's /metrics.
 *
 * Throws when the stack is not up (never returns made-up numbers). Everything it creates (topics, schema
 * subjects, consumer groups, Redis keys) has a unique name and is deleted at the end.
 *
 * `node bench/endToEnd.ts [--profile] [--events N] [--instances 1,2] [--reference firstEvents|file]
 * [--node-flags "--flag …"] [--noop-rounds N]` runs it alone; --profile runs one instance under `node --cpu-prof` and adds the
 * hot spots of the serve process (self time, inclusive time, self time by package); the .cpuprofile is kept.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Admin } from 'kafkajs';
import { Redis } from 'ioredis';
import type { PredictionEvent } from '../src/contracts/events.ts';
import { withWrappedFeatures } from '../src/contracts/featureValueUnion.ts';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { registerContracts } from '../src/registry/registerContracts.ts';
import { assertStackUp, createTopics, stack, testKafka, uniqueNames, type TestNames } from '../test/support/liveStack.ts';
import { seededRandom, type Random } from '../test/support/random.ts';
import { startServe, type ServeProcess } from '../test/support/serveProcess.ts';
import { summariseCpuProfile, type CpuProfile } from './support/cpuProfileSummary.ts';
import { measureNoopConsumer, type NoopRun } from './support/noopConsumer.ts';
import { sampleDelta, scrapeSamples, sumOf, type Sample } from './support/prometheusSamples.ts';

export interface EndToEndOptions {
  /** Events produced (split evenly over the models). */
  events?: number;
  models?: number;
  partitions?: number;
  /** Reference size (events per model) and count-window size. */
  referenceEvents?: number;
  /**
   * 'firstEvents' (default): each model's first `referenceEvents` events from Kafka. 'file': the same number of
   * events of the same generator (another seed) in a JSONL file, loaded at startup (outside the timed span).
   */
  referenceSource?: 'firstEvents' | 'file';
  windowSize?: number;
  /** Instance counts to measure, each with a consumer group of its own. */
  instances?: number[];
  /** Run the (first) measurement under `node --cpu-prof` and summarise the profile. */
  profile?: boolean;
  /** Extra node flags for the serve processes, e.g. ['--max-semi-space-size=64']. */
  nodeFlags?: string[];
  /** Give up on a measurement after this long. */
  timeoutMs?: number;
  /** Rounds of serve (one instance) then a no-op consumer, interleaved A B A B …, each with its own group; 0 skips. */
  noopRounds?: number;
}

const DEFAULTS = {
  events: 1_500_000,
  models: 6,
  partitions: 6,
  referenceEvents: 5_000,
  referenceSource: 'firstEvents' as 'firstEvents' | 'file',
  windowSize: 1_000,
  instances: [1, 2],
  profile: false,
  nodeFlags: [] as string[],
  timeoutMs: 300_000,
  noopRounds: 3,
};

const TARGET_PER_INSTANCE = 50_000;
const POLL_MS = 100;
// Messages per partition per request, i.e. per record batch: several record batches make up one 1 MB partition
// fetch (kafkajs's default maxBytesPerPartition), as with a producer that batches by size; one record batch of
// ~2,000 would make each fetch, and so each service batch, exactly that batch.
const PRODUCE_CHUNK = 500;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const NUMERIC = {
  income: 'numeric', age: 'numeric', debt_ratio: 'numeric', credit_score: 'numeric',
  tenure_months: 'numeric', open_accounts: 'numeric', utilization: 'numeric', txn_amount: 'numeric',
} as const;
const CATEGORICAL = { region: 'categorical', product: 'categorical' } as const;
const FEATURES = { ...NUMERIC, ...CATEGORICAL };

/** One event of the 10-feature credit model; integers (credit_score, tenure_months, open_accounts) go as Avro long. */
function event(r: Random, modelId: string, i: number): PredictionEvent {
  const income = Math.exp(10.5 + 0.4 * r.normal());
  const debtRatio = Math.min(0.999, Math.max(0, r.uniform() * r.uniform() * 1.6));
  const utilization = Math.min(1, Math.max(0, r.normal(0.35, 0.2)));
  const creditScore = Math.round(Math.min(850, Math.max(300, r.normal(690, 60))));
  const score = 1 / (1 + Math.exp(-(-1 + 2.5 * debtRatio + 1.2 * utilization - (creditScore - 690) / 120 - 0.3 * r.normal())));
  return {
    event_id: `${modelId}-${i}`,
    model_id: modelId,
    model_version: 'v1',
    timestamp: 1_767_225_600_000 + i * 100,
    features: {
      income,
      age: Math.round(r.normal(42, 12) * 10) / 10,
      debt_ratio: debtRatio,
      credit_score: creditScore,
      tenure_months: r.int(240),
      open_accounts: Math.floor(Math.exp(r.normal(1.2, 0.6))),
      utilization,
      txn_amount: Math.exp(r.normal(4, 1.1)),
      region: r.pick(['north', 'south', 'east', 'west'], [0.4, 0.3, 0.2, 0.1]),
      product: r.pick(['card', 'loan', 'mortgage', 'overdraft', 'bnpl'], [0.35, 0.25, 0.15, 0.15, 0.1]),
    },
    prediction: { score, label: score >= 0.5 ? 'default' : 'repay', probabilities: null },
    latency_ms: 5 + r.uniform() * 20,
    attributes: { channel: 'web' },
  };
}

function monitorsConfig(o: typeof DEFAULTS, referenceFile: string | undefined) {
  return modelIds(o.models).map((model) => ({
    model,
    features: FEATURES,
    reference: referenceFile ? { source: 'file', path: referenceFile, format: 'jsonl' } : { source: 'firstEvents', events: o.referenceEvents },
    window: { type: 'count', size: o.windowSize },
  }));
}

/** A JSONL reference file: `referenceEvents` events per model, drawn like the stream (other seeds). */
function writeReferenceFile(dir: string, o: typeof DEFAULTS): string {
  const file = join(dir, 'reference.jsonl');
  const lines: string[] = [];
  modelIds(o.models).forEach((model, m) => {
    const r = seededRandom(9000 + m);
    for (let i = 0; i < o.referenceEvents; i++) lines.push(JSON.stringify(event(r, model, -1 - i)));
  });
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function modelIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `bench-model-${i}`);
}

/** Produces every event before serve starts; model m goes to partition m % partitions. */
async function produce(names: TestNames, o: typeof DEFAULTS) {
  const registry = createRegistryClient({ url: stack.registryUrl });
  const [{ id }] = await registerContracts(registry, [{ contract: 'PredictionEvent', topic: names.predictions }]);
  const type = (await registry.getSchema(id)) as unknown as { toBuffer(value: unknown): Buffer };
  const header = Buffer.alloc(5);
  header.writeInt32BE(id, 1);
  const models = modelIds(o.models);
  const perModel = Math.floor(o.events / o.models);
  const rngs = models.map((_, m) => seededRandom(1000 + m));
  const producer = testKafka().producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const started = performance.now();
  let bytes = 0;
  try {
    for (let from = 0; from < perModel; from += PRODUCE_CHUNK) {
      const messages = [];
      for (let m = 0; m < models.length; m++) {
        for (let i = from; i < Math.min(perModel, from + PRODUCE_CHUNK); i++) {
          const value = Buffer.concat([header, type.toBuffer(withWrappedFeatures(event(rngs[m], models[m], i)))]);
          bytes += value.length;
          messages.push({ key: models[m], value, partition: m % o.partitions });
        }
      }
      await producer.send({ topic: names.predictions, messages, acks: -1 });
    }
  } finally {
    await producer.disconnect();
  }
  const seconds = (performance.now() - started) / 1000;
  const total = perModel * models.length;
  return { events: total, perModel, seconds: round(seconds, 2), meanValueBytes: Math.round(bytes / total) };
}

interface Serve extends ServeProcess {
  /** performance.now() of each 'partitions assigned' line, as it arrived. */
  assignedAt: number[];
  /** 'seeking back to the checkpoint' lines so far. */
  seeks(): number;
}

/** test/support's serve process, counting the rebalances and checkpoint seeks as their log lines arrive. */
function startBenchServe(config: object, nodeFlags: string[]): Serve {
  const assignedAt: number[] = [];
  let seeks = 0;
  const serve = startServe(config, {
    nodeFlags,
    cwd: ROOT,
    onLogLine: (line) => {
      if (line.includes('"partitions assigned"')) assignedAt.push(performance.now());
      else if (line.includes('"seeking back to the checkpoint"')) seeks++;
    },
  });
  return Object.assign(serve, { assignedAt, seeks: () => seeks });
}

/** Sum over the partitions of the group's committed offsets (0 where none), and whether every partition reached its end. */
async function committed(admin: Admin, groupId: string, topic: string, ends: Map<number, number>) {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  let total = 0;
  let any = false;
  let done = true;
  for (const [partition, end] of ends) {
    const c = Number(offsets?.partitions.find((p) => p.partition === partition)?.offset ?? -1);
    if (c >= 0) {
      any = true;
      total += c;
    }
    if (end > 0 && c < end) done = false;
  }
  return { total, any, done };
}

async function scrape(serve: Serve): Promise<Sample[]> {
  return scrapeSamples(await serve.metricsPort());
}

const STAGES = ['decode', 'monitor', 'publish', 'checkpoint', 'commit'] as const;

function summariseMetrics(samples: Sample[][], wallSeconds: number) {
  const stages: Record<string, { batches: number; seconds: number; meanMs: number; shareOfWall: number }> = {};
  let staged = 0;
  for (const stage of STAGES) {
    const count = sumOf(samples, 'driftwatch_batch_duration_seconds_count', { stage });
    const seconds = sumOf(samples, 'driftwatch_batch_duration_seconds_sum', { stage });
    if (count === 0) continue;
    staged += seconds;
    // Per process the stages run one after another; with several processes the shares are of their summed wall time.
    stages[stage] = { batches: count, seconds: round(seconds, 3), meanMs: round((seconds / count) * 1000, 2), shareOfWall: round(seconds / (wallSeconds * samples.length), 3) };
  }
  const checkpoints = sumOf(samples, 'driftwatch_checkpoint_bytes_count');
  const checkpointBytes = sumOf(samples, 'driftwatch_checkpoint_bytes_sum');
  const processed = sumOf(samples, 'driftwatch_events_total', { outcome: 'processed' });
  const batches = sumOf(samples, 'driftwatch_batch_duration_seconds_count', { stage: 'monitor' });
  const cpuSeconds = sumOf(samples, 'process_cpu_seconds_total');
  return {
    eventsProcessed: processed,
    batches,
    eventsPerBatch: batches > 0 ? Math.round(processed / batches) : 0,
    windowReports: sumOf(samples, 'driftwatch_window_reports_total'),
    alerts: sumOf(samples, 'driftwatch_alerts_total'),
    deadLetters: sumOf(samples, 'driftwatch_dead_letters_total'),
    /** Non-zero when Kafka, the registry or Redis failed during the span (e.g. another test restarting Redis). */
    dependencyRetries: sumOf(samples, 'driftwatch_dependency_retries_total'),
    checkpoint: {
      saves: checkpoints,
      meanBytes: checkpoints > 0 ? Math.round(checkpointBytes / checkpoints) : 0,
      totalMB: round(checkpointBytes / 1e6, 1),
      mbPerSecond: round(checkpointBytes / 1e6 / wallSeconds, 1),
    },
    stages,
    /** Wall time outside the timed stages: fetching and parsing Kafka batches, kafkajs bookkeeping, waiting. Decode is inside 'monitor' (not timed apart). */
    unstagedShareOfWall: round(1 - staged / (wallSeconds * samples.length), 3),
    cpu: {
      seconds: round(cpuSeconds, 1),
      /** CPU seconds per wall second per process (1 = one core busy all the time). */
      perProcess: round(cpuSeconds / (wallSeconds * samples.length), 2),
      microsPerEvent: processed > 0 ? round((cpuSeconds * 1e6) / processed, 2) : 0,
    },
  };
}

const STUCK_SEEKS = 200;

/** Partitions of the last 'partitions assigned' log line of a process. */
function finalPartitions(logs: string): number[] {
  const line = logs.split('\n').filter((l) => l.includes('"partitions assigned"')).at(-1);
  if (!line) return [];
  try {
    const { assignment } = JSON.parse(line) as { assignment: Record<string, number[]> };
    return Object.values(assignment).flat().sort((a, b) => a - b);
  } catch {
    return [];
  }
}

async function measure(names: TestNames, o: typeof DEFAULTS, instances: number, ends: Map<number, number>, admin: Admin, profileDir?: string, label = '') {
  const groupId = `${names.groupId}.x${instances}${profileDir ? '.prof' : ''}${label}`;
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-bench-'));
  const config = {
    kafka: { brokers: stack.brokers, groupId },
    registry: { url: stack.registryUrl },
    redis: { url: stack.redisUrl, keyPrefix: `${names.redisPrefix}:${groupId}` },
    observability: { port: 0 },
    topics: { predictions: names.predictions, features: names.features, labels: names.labels, alerts: names.alerts, windows: names.windows, retrain: names.retrain, deadLetter: names.deadLetter },
    monitors: monitorsConfig(o, o.referenceSource === 'file' ? writeReferenceFile(dir, o) : undefined),
  };
  const flags = [...o.nodeFlags, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  const spawned = performance.now();
  const serves = Array.from({ length: instances }, () => startBenchServe(config, flags));
  let failure: Error | undefined;
  const exitedEarly = Promise.race(serves.map((s, i) => s.exited.then((code) => {
    failure ??= new Error(`serve ${i} exited with code ${code} during the measurement`);
  })));
  void exitedEarly;
  try {
    const total = [...ends.values()].reduce((a, b) => a + b, 0);
    let startedAt: number | undefined;
    let committedAtStart = 0;
    let baseline: Promise<Sample[][]> | undefined;
    const progress: [number, number][] = [];
    const polls: [number, number][] = [];
    const deadline = Date.now() + o.timeoutMs;
    for (;;) {
      if (failure) throw failure;
      const seeks = serves.map((s) => s.seeks());
      if (seeks.some((n) => n > STUCK_SEEKS)) {
        throw new Error(`serve is stuck: it logged 'seeking back to the checkpoint' ${seeks.join(' / ')} times without reaching the end (a reference spanning several batches re-seeks forever?)`);
      }
      if (Date.now() > deadline) throw new Error(`the group did not reach the end of ${names.predictions} within ${o.timeoutMs} ms`);
      const tick = performance.now();
      const c = await committed(admin, groupId, names.predictions, ends).catch(() => undefined);
      const now = performance.now();
      if (c?.any && startedAt === undefined) {
        startedAt = now;
        committedAtStart = c.total;
        baseline = Promise.all(serves.map(scrape));
        baseline.catch(() => undefined);
      }
      if (c && startedAt !== undefined) {
        polls.push([now, c.total]);
        const last = progress.at(-1);
        if (!last || now - startedAt >= (last[0] + 2) * 1000 || c.done) progress.push([round((now - startedAt) / 1000, 1), c.total]);
        if (c.done) break;
      }
      await sleep(Math.max(0, POLL_MS - (performance.now() - tick)));
    }
    const finishedAt = performance.now();
    const seconds = (finishedAt - startedAt!) / 1000;
    const measured = total - committedAtStart;
    const ended = await Promise.all(serves.map(scrape));
    const base = await baseline!;
    // Counters and histogram sums over the timed span only (start-up, restore and the first batches excluded).
    const samples = ended.map((s, i) => sampleDelta(s, base[i]));
    const logs = serves.map((s) => s.logs());
    // With several instances the group may rebalance after the first commit (a process that started later joins):
    // the same count from the poll after the last assignment of any instance, i.e. with the final assignment only.
    const settled = Math.max(...serves.map((s) => s.assignedAt.at(-1) ?? 0));
    const from = polls.find(([t]) => t >= settled);
    const afterLastRebalance = settled > startedAt! && from && finishedAt - from[0] > 1000
      ? {
        secondsAfterFirstCommit: round((from[0] - startedAt!) / 1000, 2),
        eventsMeasured: total - from[1],
        seconds: round((finishedAt - from[0]) / 1000, 2),
        eventsPerSecond: Math.round((total - from[1]) / ((finishedAt - from[0]) / 1000)),
      }
      : undefined;
    const result = {
      instances,
      eventsMeasured: measured,
      seconds: round(seconds, 2),
      eventsPerSecond: Math.round(measured / seconds),
      eventsPerSecondPerInstance: Math.round(measured / seconds / instances),
      startupSeconds: round((startedAt! - spawned) / 1000, 2),
      /** The machine's 1-minute load average at the end (other work on the same cores skews the numbers). */
      loadAverageAtEnd: round(loadavg()[0], 2),
      committedAtFirstPoll: committedAtStart,
      /** Every event processed by the group, start-up included (more than produced if a rebalance made some be re-read). */
      eventsProcessedTotal: sumOf(ended, 'driftwatch_events_total', { outcome: 'processed' }),
      /** Events/s over ~2 s intervals from the first committed offset on. */
      rateOverTime: progress.slice(1).map(([t, n], i) => [t, Math.round((n - progress[i][1]) / (t - progress[i][0]))]),
      ...(afterLastRebalance ? { afterLastRebalance } : {}),
      rebalances: logs.map((l) => l.split('\n').filter((line) => line.includes('"partitions assigned"')).length),
      finalPartitions: logs.map(finalPartitions),
      ...summariseMetrics(samples, seconds),
      ...(instances > 1 ? { perInstance: samples.map((s) => summariseMetrics([s], seconds)).map(({ eventsProcessed, batches, cpu }) => ({ eventsProcessed, batches, cpu })) } : {}),
    };
    const codes = await Promise.all(serves.map((s) => s.stop()));
    if (codes.some((code) => code !== 0)) throw new Error(`serve exited with ${codes.join(', ')}; last logs:\n${logs.map((l) => l.slice(-3000)).join('\n---\n')}`);
    return { groupId, result };
  } catch (error) {
    const logs = serves.map((s) => s.logs().slice(-3000)).join('\n---\n');
    await Promise.all(serves.map((s) => s.stop()));
    throw new Error(`${(error as Error).message}\nlast serve logs:\n${logs}`, { cause: error });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- cleanup ----

async function cleanup(names: TestNames, admin: Admin, groups: string[]): Promise<string[]> {
  const problems: string[] = [];
  const note = (what: string) => (error: unknown) => {
    problems.push(`${what}: ${(error as Error).message}`);
  };
  if (groups.length > 0) await admin.deleteGroups(groups).catch(note('deleting consumer groups'));
  const topics = [names.predictions, names.alerts, names.windows, names.retrain, names.deadLetter];
  const existing = new Set(await admin.listTopics().catch(() => [] as string[]));
  const toDelete = [...topics, names.features, names.labels].filter((t) => existing.has(t));
  if (toDelete.length > 0) await admin.deleteTopics({ topics: toDelete, timeout: 30_000 }).catch(note('deleting topics'));
  for (const topic of topics) {
    const subject = encodeURIComponent(`${topic}-value`);
    for (const suffix of ['', '?permanent=true']) {
      const response = await fetch(`${stack.registryUrl}/subjects/${subject}${suffix}`, { method: 'DELETE' }).catch(() => undefined);
      if (response && !response.ok && response.status !== 404) problems.push(`deleting subject ${topic}-value${suffix}: HTTP ${response.status}`);
    }
  }
  const redis = new Redis(stack.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${names.redisPrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } catch (error) {
    note('deleting Redis keys')(error);
  } finally {
    redis.disconnect();
  }
  return problems;
}

export async function run(options: EndToEndOptions = {}) {
  const o = { ...DEFAULTS, ...options };
  try {
    await assertStackUp();
  } catch (error) {
    throw new Error(`endToEnd needs the live stack: ${(error as Error).message}`, { cause: error });
  }
  const names = uniqueNames('bench-e2e');
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  const groups: string[] = [];
  const source = sourceVersion();
  let profileDir: string | undefined;
  try {
    await createTopics(admin, [names.predictions], o.partitions);
    await createTopics(admin, [names.alerts, names.windows, names.retrain, names.deadLetter], 1);
    const produced = await produce(names, o);
    const ends = new Map((await admin.fetchTopicOffsets(names.predictions)).map((p) => [p.partition, Number(p.offset)]));
    const runs: Record<string, unknown> = {};
    let profile: ReturnType<typeof summariseCpuProfile> | undefined;
    for (const [k, instances] of o.instances.entries()) {
      const profiled = o.profile && k === 0;
      if (profiled) profileDir = mkdtempSync(join(tmpdir(), 'driftwatch-cpuprof-'));
      const { groupId, result } = await measure(names, o, instances, ends, admin, profiled ? profileDir : undefined);
      groups.push(groupId);
      runs[instances === 1 ? 'oneInstance' : instances === 2 ? 'twoInstances' : `instances${instances}`] = profiled ? { ...result, profiled: true } : result;
      process.stderr.write(`endToEnd: ${instances} instance(s): ${result.eventsPerSecond} events/s over ${result.seconds} s${profiled ? ' (profiled)' : ''}\n`);
      if (profiled) {
        const file = readdirSync(profileDir!).find((f) => f.endsWith('.cpuprofile'));
        if (!file) throw new Error(`node --cpu-prof wrote no profile into ${profileDir}`);
        profile = { file: join(profileDir!, file), ...summariseCpuProfile(JSON.parse(readFileSync(join(profileDir!, file), 'utf8')) as CpuProfile) } as typeof profile;
      }
    }
    const versusNoop = o.noopRounds > 0 ? await serveVersusNoop(names, o, ends, admin, groups) : undefined;
    const one = runs.oneInstance as { eventsPerSecond: number } | undefined;
    const two = runs.twoInstances as { eventsPerSecond: number } | undefined;
    return {
      settings: {
        events: produced.events,
        models: o.models,
        partitions: o.partitions,
        features: { numeric: Object.keys(NUMERIC).length, categorical: Object.keys(CATEGORICAL).length, alsoWatched: ['prediction.score', 'prediction.label'] },
        reference: { source: o.referenceSource, events: o.referenceEvents },
        window: { type: 'count', size: o.windowSize },
        meanValueBytes: produced.meanValueBytes,
        timing: `first committed offset → committed offsets at the end of every partition (admin.fetchOffsets every ${POLL_MS} ms)`,
        serve: `child process: node ${[...o.nodeFlags, ''].join(' ')}src/cli/main.ts serve (type stripping, no build)`,
        source: { ...source, ...(JSON.stringify(sourceVersion()) !== JSON.stringify(source) ? { changedDuringRun: true } : {}) },
        node: process.version,
        cpus: cpus().length,
        note: 'Kafka, the registry and Redis run on the same machine as the serve processes',
        stageNotes: "'monitor' includes decoding; 'commit' times the explicit offset commit that follows each batch's checkpoint",
      },
      produce: { seconds: produced.seconds, eventsPerSecond: Math.round(produced.events / produced.seconds) },
      ...runs,
      ...(one && two ? { scalingTwoOverOne: round(two.eventsPerSecond / one.eventsPerSecond, 2) } : {}),
      ...(versusNoop ? { versusNoop } : {}),
      ...(profile ? { profile } : {}),
      targetEventsPerSecondPerInstance: TARGET_PER_INSTANCE,
    };
  } finally {
    const problems = await cleanup(names, admin, groups);
    await admin.disconnect();
    if (problems.length > 0) process.stderr.write(`endToEnd: cleanup: ${problems.join('; ')}\n`);
  }
}

/**
 * serve (one instance) and the no-op consumer, interleaved A B A B … so that drifting load hits both alike;
 * medians of each, and serve's rate as a share of the no-op's (1 = serve is as fast as reading Kafka).
 */
async function serveVersusNoop(names: TestNames, o: typeof DEFAULTS, ends: Map<number, number>, admin: Admin, groups: string[]) {
  const serve: { eventsPerSecond: number; cpuMicrosPerEvent: number; loadAverage: number }[] = [];
  const noop: (NoopRun & { loadAverage: number })[] = [];
  for (let round = 0; round < o.noopRounds; round++) {
    const { groupId, result } = await measure(names, o, 1, ends, admin, undefined, `.vs${round}`);
    groups.push(groupId);
    serve.push({ eventsPerSecond: result.eventsPerSecond, cpuMicrosPerEvent: result.cpu.microsPerEvent, loadAverage: round2(loadavg()[0]) });
    const noopGroup = `${names.groupId}.noop${round}`;
    groups.push(noopGroup);
    noop.push({ ...(await measureNoopConsumer(names.predictions, noopGroup, ends, o.timeoutMs)), loadAverage: round2(loadavg()[0]) });
    process.stderr.write(`endToEnd: round ${round}: serve ${serve.at(-1)!.eventsPerSecond} events/s, no-op ${noop.at(-1)!.eventsPerSecond} events/s\n`);
  }
  const serveMedian = median(serve.map((r) => r.eventsPerSecond));
  const noopMedian = median(noop.map((r) => r.eventsPerSecond));
  return {
    order: 'serve, no-op, serve, no-op, … (one consumer group each, same topic)',
    noop: 'kafkajs consumer with serve\'s settings that iterates each batch and commits its last offset; CPU from process.cpuUsage() of the bench process',
    serveRuns: serve,
    noopRuns: noop,
    serveMedianEventsPerSecond: serveMedian,
    noopMedianEventsPerSecond: noopMedian,
    serveOverNoop: round(serveMedian / noopMedian, 3),
    serveMedianCpuMicrosPerEvent: median(serve.map((r) => r.cpuMicrosPerEvent)),
    noopMedianCpuMicrosPerEvent: median(noop.map((r) => r.cpuMicrosPerEvent)),
    loadAverages: loadavg().map(round2),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round2 = (v: number) => round(v, 2);

/** The commit measured, and the files under src/ that differ from it (others may be editing the checkout). */
function sourceVersion(): { commit: string; uncommittedSrc: string[]; uncommittedSrcHash?: string } {
  try {
    const git = (...args: string[]) => execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const uncommittedSrc = git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean).map((l) => l.slice(3));
    // Tells apart runs over different uncommitted edits (tracked files' diff plus the untracked files' contents).
    const hash = createHash('sha1').update(git('diff', 'HEAD', '--', 'src'));
    for (const file of uncommittedSrc) if (!file.endsWith('/')) hash.update(file).update(readFileSync(join(ROOT, file)).toString('utf8'));
    return { commit: git('rev-parse', '--short', 'HEAD').trim(), uncommittedSrc, ...(uncommittedSrc.length > 0 ? { uncommittedSrcHash: hash.digest('hex').slice(0, 10) } : {}) };
  } catch {
    return { commit: 'unknown', uncommittedSrc: [] };
  }
}

function round(v: number, digits: number): number {
  return Number(v.toFixed(digits));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const options: EndToEndOptions = { profile: args.includes('--profile') };
  if (value('--events')) options.events = Number(value('--events'));
  if (value('--node-flags')) options.nodeFlags = value('--node-flags')!.split(' ').filter(Boolean);
  if (value('--reference')) options.referenceSource = value('--reference') as 'firstEvents' | 'file';
  if (value('--instances')) options.instances = value('--instances')!.split(',').map(Number);
  if (value('--noop-rounds')) options.noopRounds = Number(value('--noop-rounds'));
  if (options.profile && !value('--instances')) options.instances = [1];
  if (options.profile && !value('--noop-rounds')) options.noopRounds = 0;
  const result = await run(options);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
