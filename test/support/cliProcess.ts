import { runNode, type CliResult } from './nodeProcess.ts';

export type { CliResult };

const cli = new URL('../../src/cli/main.ts', import.meta.url).pathname;

/** Runs `driftwatch <args>` (node src/cli/main.ts) as its own process, as a user would, and waits for it to exit. */
export function runCli(args: readonly string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return runNode([cli, ...args], { ...options, name: `driftwatch ${args.join(' ')}` });
}
