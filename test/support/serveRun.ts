import assert from 'node:assert/strict';
import { eventually } from './liveStack.ts';
import { startServe, type ServeProcess } from './serveProcess.ts';

/**
 * Runs `body`, which starts `driftwatch serve` processes with `config` through `start`; then stops them all
 * (SIGTERM) and returns them. Whatever fails inside carries every process's logs, so a live-stack failure says
 * what the service saw; every process is stopped either way.
 */
export async function withServes(config: object, body: (start: () => ServeProcess) => Promise<void>): Promise<ServeProcess[]> {
  const processes: ServeProcess[] = [];
  const start = () => {
    const serve = startServe(config);
    processes.push(serve);
    return serve;
  };
  try {
    await body(start);
  } catch (error) {
    await Promise.all(processes.map((p) => p.stop().catch(() => undefined)));
    throw new Error(`${(error as Error).message}\n${processes.map((p, i) => `serve #${i + 1} ${p.logsTail()}`).join('\n')}`, { cause: error });
  }
  await Promise.all(processes.map((p) => p.stop()));
  return processes;
}

/** One `driftwatch serve` around `body` (see withServes), which must exit with 0 once stopped. */
export async function withServe<T>(config: object, body: (serve: ServeProcess) => Promise<T>): Promise<T> {
  let result!: T;
  const [serve] = await withServes(config, async (start) => {
    result = await body(start());
  });
  assert.equal(serve.child.exitCode, 0, `serve exited with ${serve.child.exitCode}; logs: ${serve.logsTail()}`);
  return result;
}

/** The port of the metrics and health endpoints, from the service's 'metrics and health endpoints listening' log line. */
export async function metricsPort(serve: ServeProcess, timeoutMs = 30_000): Promise<number> {
  let port: number | undefined;
  await eventually('serve logs the metrics port', timeoutMs, async () => {
    for (const line of serve.logs().split('\n')) {
      if (!line.includes('metrics and health endpoints listening')) continue;
      const parsed = JSON.parse(line) as { port?: unknown };
      if (typeof parsed.port === 'number') port = parsed.port;
    }
    return port !== undefined;
  });
  return port!;
}

/** The Prometheus text of the service's /metrics. */
export async function scrapeMetrics(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  assert.equal(response.status, 200, `/metrics answered ${response.status}`);
  return response.text();
}

/** The value of the sample `name{labels}` in Prometheus text (labels matched exactly, in any order), or undefined. */
export function metricSample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) found[pair[1]] = pair[2];
    const keys = Object.keys(labels);
    if (keys.length === Object.keys(found).length && keys.every((k) => found[k] === labels[k])) return Number(match[3]);
  }
  return undefined;
}
