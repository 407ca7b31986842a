import { spawn } from 'node:child_process';
import type { CliResult } from './cliProcess.ts';

/** Runs `node <args>` as its own process and waits for it to exit (killed after `timeoutMs`). */
export function runNode(args: readonly string[], options: { timeoutMs?: number; cwd?: string } = {}): Promise<CliResult> {
  const { timeoutMs = 120_000, cwd } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${args.join(' ')} did not finish within ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
