/**
 * `replay` (src/consumers/replayFiles.ts, in-process) over a Parquet file of 1M PredictionEvents (10 numeric and
 * 3 categorical features, score and label) in count windows of 100k against a 100k-event Parquet reference,
 * with the time per stage, beside Evidently's DataDriftPreset and NannyML's UnivariateDriftCalculator on the same
 * 10 windows vs the same reference read from the same files. The data set is seeded and cached under the OS
 * temp dir. Stages: read = iterating readRecords alone; decode = readPredictionEvents minus read;
 * engine = replayFiles minus readPredictionEvents; output = JSON-serialising what replay produced (as the CLI
 * writes it). The peers' time is the Parquet read (into pandas) plus the drift computation, both stated.
 * A peer whose Python or package is missing gives a `skipped` line saying which.
 *
 * Alone: `node bench/replayVsPeers.ts [--events N]`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetWriteFile } from 'hyparquet-writer';
import { configSchema } from '../src/config/configSchema.ts';
import { readPredictionEvents } from '../src/consumers/fileEvents/readEvents.ts';
import { readRecords } from '../src/consumers/fileEvents/readRecords.ts';
import { replayFiles } from '../src/consumers/replayFiles.ts';
import { seededRandom, type Random } from '../test/support/random.ts';

export interface ReplayVsPeersOptions {
  events?: number;
  referenceEvents?: number;
  window?: number;
}

const DEFAULTS = { events: 1_000_000, referenceEvents: 100_000, window: 100_000 };
const MODEL = 'bench-replay';
const NUMERIC = Array.from({ length: 10 }, (_, i) => `n${i}`);
const CATEGORICAL = ['region', 'product', 'channel'];
const LEVELS = [['north', 'south', 'east', 'west'], ['card', 'loan', 'mortgage', 'overdraft', 'bnpl'], ['web', 'app', 'branch']];
const SCRIPT = fileURLToPath(new URL('./python/driftPeers.py', import.meta.url));
const PEERS = {
  evidently: { env: 'DRIFTWATCH_BENCH_PYTHON_EVIDENTLY', python: '/work/pyenvs/evidently/bin/python', pins: 'evidently==0.7.23 pandas==2.3.3 pyarrow' },
  nannyml: { env: 'DRIFTWATCH_BENCH_PYTHON_NANNYML', python: '/work/pyenvs/nannyml/bin/python', pins: 'nannyml==0.13.1 pyarrow' },
} as const;

/** Seeded events; `shift` moves the numeric means (the current data drifts a little, window by window). */
function writeEvents(path: string, r: Random, count: number, firstTimestamp: number, window: number, shift: number): void {
  const columns: { name: string; type: 'STRING' | 'DOUBLE' | 'INT64'; data: unknown[] }[] = [
    { name: 'event_id', type: 'STRING', data: [] }, { name: 'model_id', type: 'STRING', data: [] },
    { name: 'model_version', type: 'STRING', data: [] }, { name: 'timestamp', type: 'INT64', data: [] },
    ...NUMERIC.map((f) => ({ name: `features.${f}`, type: 'DOUBLE' as const, data: [] })),
    ...CATEGORICAL.map((f) => ({ name: `features.${f}`, type: 'STRING' as const, data: [] })),
    { name: 'prediction.score', type: 'DOUBLE', data: [] }, { name: 'prediction.label', type: 'STRING', data: [] },
  ];
  for (let i = 0; i < count; i++) {
    const drift = shift * Math.floor(i / window);
    const row: unknown[] = [`e${firstTimestamp + i}`, MODEL, 'v1', BigInt(firstTimestamp + i)];
    for (let f = 0; f < NUMERIC.length; f++) row.push(r.normal(f + drift, 1 + f / 10));
    for (let f = 0; f < CATEGORICAL.length; f++) row.push(LEVELS[f][r.int(LEVELS[f].length)]);
    const score = r.uniform();
    row.push(score, score >= 0.5 ? 'yes' : 'no');
    row.forEach((v, c) => columns[c].data.push(v));
  }
  parquetWriteFile({ filename: path, rowGroupSize: 100_000, columnData: columns as never });
}

function dataSet(o: typeof DEFAULTS) {
  const dir = join(tmpdir(), 'driftwatch-bench-cache', `replay-${o.events}-${o.referenceEvents}-${o.window}-v1`);
  const reference = join(dir, 'reference.parquet');
  const current = join(dir, 'current.parquet');
  let generatedSeconds: number | undefined;
  if (!existsSync(current)) {
    const started = performance.now();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeEvents(reference, seededRandom(11), o.referenceEvents, 1_767_225_600_000, o.window, 0);
    writeEvents(`${current}.part`, seededRandom(12), o.events, 1_767_225_600_000 + o.referenceEvents, o.window, 0.02);
    // Renamed at the end: a run killed mid-write leaves no cache that looks complete.
    renameSync(`${current}.part`, current);
    generatedSeconds = (performance.now() - started) / 1000;
  }
  return { dir, reference, current, generatedSeconds };
}

async function timeNode(o: typeof DEFAULTS, files: ReturnType<typeof dataSet>) {
  const features = Object.fromEntries([...NUMERIC.map((f) => [f, 'numeric']), ...CATEGORICAL.map((f) => [f, 'categorical'])]);
  const config = configSchema.parse({
    monitors: [{ model: MODEL, features, reference: { source: 'file', path: files.reference }, window: { type: 'count', size: o.window } }],
  });
  const onRejected = (rejected: unknown) => {
    throw new Error(`replayVsPeers: a generated record was rejected: ${JSON.stringify(rejected)}`);
  };
  let started = performance.now();
  let records = 0;
  for await (const _ of readRecords(files.current)) records++;
  const read = (performance.now() - started) / 1000;
  started = performance.now();
  let events = 0;
  for await (const _ of readPredictionEvents(files.current, { onRejected, limits: config.limits })) events++;
  const readDecode = (performance.now() - started) / 1000;
  let outputSeconds = 0;
  let windows = 0;
  let alerts = 0;
  let outputBytes = 0;
  started = performance.now();
  const counts = await replayFiles({
    config, configPath: join(files.dir, 'driftwatch.yaml'), events: files.current, stream: 'predictions', onRejected,
    onOutput: (output) => {
      const t = performance.now();
      for (const report of output.reports) outputBytes += JSON.stringify(report).length;
      for (const alert of output.alerts) outputBytes += JSON.stringify(alert).length;
      windows += output.reports.length;
      alerts += output.alerts.length;
      outputSeconds += (performance.now() - t) / 1000;
    },
  });
  const total = (performance.now() - started) / 1000;
  if (records !== o.events || events !== o.events || counts.events !== o.events) throw new Error(`replayVsPeers: read ${records} records, ${events} events, replayed ${counts.events}; expected ${o.events}`);
  return {
    seconds: round(total, 2),
    eventsPerSecond: Math.round(o.events / total),
    windowReports: windows,
    alerts,
    stagesSeconds: { read: round(read, 2), decode: round(readDecode - read, 2), engine: round(total - readDecode - outputSeconds, 2), output: round(outputSeconds, 3) },
    outputBytes,
    note: 'read and decode are timed in passes of their own over the same file; engine = replay total - (read + decode) - output, loading the Parquet reference included',
  };
}

function runProcess(python: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function timePeer(name: keyof typeof PEERS, o: typeof DEFAULTS, files: ReturnType<typeof dataSet>, nodeSeconds: number) {
  const peer = PEERS[name];
  const python = process.env[peer.env] ?? peer.python;
  if (!existsSync(python)) return { skipped: `no Python for ${name}: set ${peer.env} to a python with ${peer.pins} (${python} not found)` };
  let result;
  try {
    result = await runProcess(python, [SCRIPT, name, files.reference, files.current, String(o.window)]);
  } catch (error) {
    return { skipped: `${python} could not be started: ${(error as Error).message}` };
  }
  if (result.code !== 0) return { skipped: `${python} ${SCRIPT} ${name} exited with ${result.code} (${name} missing?): ${result.stderr.trim().split('\n').at(-1)}` };
  const parsed = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { readSeconds: number; driftSeconds: number; windows: number; version: string };
  const seconds = parsed.readSeconds + parsed.driftSeconds;
  return {
    python, version: parsed.version, windows: parsed.windows,
    readSeconds: round(parsed.readSeconds, 2), driftSeconds: round(parsed.driftSeconds, 2), seconds: round(seconds, 2),
    timed: 'both Parquet files read into pandas, plus the drift computation (interpreter start-up and imports excluded)',
    replayOverPeer: round(nodeSeconds / seconds, 3),
  };
}

export async function run(options: ReplayVsPeersOptions = {}) {
  const o = { ...DEFAULTS, ...options };
  const files = dataSet(o);
  const replay = await timeNode(o, files);
  process.stderr.write(`replayVsPeers: replay ${replay.seconds} s\n`);
  const evidently = await timePeer('evidently', o, files, replay.seconds);
  process.stderr.write(`replayVsPeers: evidently ${JSON.stringify(evidently)}\n`);
  const nannyml = await timePeer('nannyml', o, files, replay.seconds);
  process.stderr.write(`replayVsPeers: nannyml ${JSON.stringify(nannyml)}\n`);
  return {
    settings: { events: o.events, referenceEvents: o.referenceEvents, window: o.window, features: { numeric: NUMERIC.length, categorical: CATEGORICAL.length, alsoWatched: ['prediction.score', 'prediction.label'] }, cache: files.dir, ...(files.generatedSeconds ? { generatedSeconds: round(files.generatedSeconds, 1) } : {}) },
    replay,
    evidently,
    nannyml,
  };
}

function round(v: number, digits: number): number {
  return Number(v.toFixed(digits));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--events');
  process.stdout.write(`${JSON.stringify(await run(i >= 0 ? { events: Number(process.argv[i + 1]) } : {}), null, 2)}\n`);
}
