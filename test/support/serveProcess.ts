import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

const cli = new URL('../../src/cli/main.ts', import.meta.url).pathname;
/** Longer than serve's own shutdownTimeout (30 s by default), after which it exits by itself. */
const STOP_TIMEOUT_MS = 45_000;

export interface ServeProcess {
  child: ChildProcess;
  /** Everything the process wrote to stderr so far (its JSON logs). */
  logs(): string;
  /** What to show when a wait on this process fails: its warnings and errors, then its last lines. */
  logsTail(): string;
  /** SIGTERM, then waits for the exit code; throws (with the logs) if it has not exited after 45 s, then SIGKILLed. */
  stop(): Promise<number | null>;
  /** The exit code, once the process has exited by itself or been stopped. */
  exited: Promise<number | null>;
  /** The port of /metrics once serve has logged it (config `observability.port: 0` picks a free one); rejects if it exits first. */
  metricsPort(): Promise<number>;
}

/** Every serve process still running: killed when the test file's process exits, whatever the tests did. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ServiceProcessOptions {
  /** The long-running command: serve (default) or notify. */
  command?: 'serve' | 'notify';
  env?: NodeJS.ProcessEnv;
  /** Node flags before the script, e.g. ['--cpu-prof', '--cpu-prof-dir=…']. */
  nodeFlags?: string[];
  cwd?: string;
  /** Told every complete stderr line (one pino JSON log line) as it arrives. */
  onLogLine?: (line: string) => void;
}

/**
 * Runs `driftwatch serve` (or `notify`) as its own process, as a user would, with the config written to a temp file.
 * The child and its pipe do not keep the test process alive: a test that timed out must not leave the
 * file's process waiting on a serve that never stops.
 */
export function startServe(config: object, options: ServiceProcessOptions = {}): ServeProcess {
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-test-'));
  const file = join(dir, 'driftwatch.yaml');
  writeFileSync(file, stringify(config));
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), cli, options.command ?? 'serve', '--config', file], { stdio: ['ignore', 'ignore', 'pipe'], env: options.env ?? process.env, cwd: options.cwd });
  running.add(child);
  child.unref();
  const stderrPipe = child.stderr!;
  (stderrPipe as unknown as { unref(): void }).unref();
  let stderr = '';
  let pending = '';
  let resolvePort: (port: number) => void = () => undefined;
  let rejectPort: (error: Error) => void = () => undefined;
  const port = new Promise<number>((resolve, reject) => {
    resolvePort = resolve;
    rejectPort = reject;
  });
  port.catch(() => undefined);
  stderrPipe.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stderr += text;
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      options.onLogLine?.(line);
      if (line.includes('metrics and health endpoints listening')) {
        const match = /"port":(\d+)/.exec(line);
        if (match) resolvePort(Number(match[1]));
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    running.delete(child);
    rejectPort(new Error(`serve (pid ${child.pid}) exited with code ${code} before its metrics endpoint was up; ${describeLogs(stderr)}`));
    resolve(code);
  }));
  const logsTail = () => describeLogs(stderr);
  return {
    child,
    exited,
    logs: () => stderr,
    logsTail,
    metricsPort: () => port,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS)));
      const outcome = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      if (outcome !== 'timeout') return outcome;
      child.kill('SIGKILL');
      await exited;
      throw new Error(`serve (pid ${child.pid}) did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM and was killed; ${logsTail()}`);
    },
  };
}

/** The warnings and errors of a pino log (level ≥ 40), then its last 40 lines. */
function describeLogs(logs: string): string {
  const lines = logs.split('\n').filter((l) => l.length > 0);
  const problems = lines.filter((l) => /"level":(4|5|6)0/.test(l)).slice(-60);
  return `warnings and errors (${problems.length}):\n${problems.join('\n')}\nlast lines:\n${lines.slice(-40).join('\n')}`;
}
