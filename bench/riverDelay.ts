/**
 * Runs bench/python/riverDelay.py (River's ADWIN, KSWIN, PageHinkley with their defaults) on the drifted
 * feature's values of the bench's streams, in a child process so it runs while the engine does. Without a
 * Python that has river==0.26.1 the result says it was skipped and why; no River figure is made up.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RIVER_DETECTORS = ['ADWIN', 'KSWIN', 'PageHinkley'] as const;
export type RiverDetector = (typeof RIVER_DETECTORS)[number];

/** Where a Python with river is looked for when DRIFTWATCH_BENCH_PYTHON is unset. */
export const DEFAULT_BENCH_PYTHON = '/work/pyenvs/delay/bin/python';

const SCRIPT = fileURLToPath(new URL('./python/riverDelay.py', import.meta.url));

export interface RiverStreamInput {
  id: string;
  changeAt: number | null;
  values: Float64Array;
}

export interface RiverDetections {
  /** 0-based indices at which drift_detected was set. */
  detections: number[];
  /** Values fed: up to the first detection at or after the change. */
  fed: number;
}

export type RiverRun =
  | { ran: true; python: string; river: string; defaults: Record<RiverDetector, Record<string, unknown>>; results: Record<string, Record<RiverDetector, RiverDetections>> }
  | { ran: false; skipped: string };

export function benchPython(env: NodeJS.ProcessEnv = process.env): { python: string } | { skipped: string } {
  const given = env.DRIFTWATCH_BENCH_PYTHON;
  if (given) return existsSync(given) ? { python: given } : { skipped: `DRIFTWATCH_BENCH_PYTHON=${given} does not exist` };
  if (existsSync(DEFAULT_BENCH_PYTHON)) return { python: DEFAULT_BENCH_PYTHON };
  return { skipped: `no Python with river: set DRIFTWATCH_BENCH_PYTHON to a python that has river==0.26.1 (${DEFAULT_BENCH_PYTHON} not found)` };
}

function runProcess(python: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

export async function runRiver(streams: readonly RiverStreamInput[], kswinSeed: number, env: NodeJS.ProcessEnv = process.env): Promise<RiverRun> {
  const found = benchPython(env);
  if ('skipped' in found) return { ran: false, skipped: found.skipped };
  const dir = await mkdtemp(join(tmpdir(), 'driftwatch-river-'));
  try {
    const input = join(dir, 'streams.json');
    await writeFile(input, JSON.stringify({ kswinSeed, streams: streams.map((s) => ({ id: s.id, changeAt: s.changeAt, values: Array.from(s.values) })) }));
    let result;
    try {
      result = await runProcess(found.python, [SCRIPT, input]);
    } catch (error) {
      return { ran: false, skipped: `${found.python} could not be started: ${(error as Error).message}` };
    }
    if (result.code !== 0) return { ran: false, skipped: `${found.python} ${SCRIPT} exited with ${result.code}: ${lastLine(result.stderr)}` };
    const parsed = JSON.parse(result.stdout) as Omit<Extract<RiverRun, { ran: true }>, 'ran' | 'python'>;
    return { ran: true, python: found.python, ...parsed };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
