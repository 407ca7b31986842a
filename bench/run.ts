/**
 * `npm run bench`: runs every benchmark module in bench/ that it knows about and prints ONE JSON
 * object. Each module exports `run(): object | Promise<object>`; modules not present are skipped.
 */
import { existsSync } from 'node:fs';

const MODULES = ['detectionQuality', 'throughput', 'trendQuality'];

const results: Record<string, unknown> = {};
for (const name of MODULES) {
  const url = new URL(`./${name}.ts`, import.meta.url);
  if (!existsSync(url)) continue;
  const mod = (await import(url.href)) as { run?: () => unknown };
  if (typeof mod.run !== 'function') continue;
  const started = performance.now();
  results[name] = await mod.run();
  process.stderr.write(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
