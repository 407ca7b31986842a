/**
 * `npm run bench`: runs every benchmark module in bench/ that it knows about and prints ONE JSON
 * object. Each module exports `run(): object | Promise<object>`; modules not present are skipped.
 */
import { existsSync } from 'node:fs';

const MODULES = ['detectionQuality', 'detectionDelay', 'throughput', 'trendQuality', 'decodeGuard', 'pipelineRows', 'monitorOptions', 'workerSplit', 'endToEnd', 'windowStateSize', 'replayVsPeers', 'soak'];
/** Modules that need the live stack (scripts/stack.sh): when one fails (e.g. the stack is down) its entry is { error } and the rest still print. */
const NEEDS_STACK = new Set(['endToEnd']);

const results: Record<string, unknown> = {};
for (const name of MODULES) {
  const url = new URL(`./${name}.ts`, import.meta.url);
  if (!existsSync(url)) continue;
  const mod = (await import(url.href)) as { run?: () => unknown };
  if (typeof mod.run !== 'function') continue;
  const started = performance.now();
  try {
    results[name] = await mod.run();
  } catch (error) {
    if (!NEEDS_STACK.has(name)) throw error;
    results[name] = { error: (error instanceof Error ? error.message : String(error)).slice(0, 4000) };
    process.stderr.write(`bench: ${name} failed: ${(results[name] as { error: string }).error.split('\n')[0]}\n`);
    continue;
  }
  process.stderr.write(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
