import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

const cli = new URL('../../src/cli/main.ts', import.meta.url).pathname;

export interface ServeProcess {
  child: ChildProcess;
  /** Everything the process wrote to stderr so far (its JSON logs). */
  logs(): string;
  /** SIGTERM, then waits for the exit code. */
  stop(): Promise<number | null>;
}

/** Runs `driftwatch serve` as its own process, as a user would, with the config written to a temp file. */
export function startServe(config: object): ServeProcess {
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-test-'));
  const file = join(dir, 'driftwatch.yaml');
  writeFileSync(file, stringify(config));
  const child = spawn(process.execPath, [cli, 'serve', '--config', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    logs: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
