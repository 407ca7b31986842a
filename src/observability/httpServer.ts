import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DriftwatchMetrics } from './metrics.ts';

/** Not ready carries the reason, e.g. "waiting for redis", which /health/ready returns to the prober. */
export type Readiness = { ready: true } | { ready: false; reason: string };

export interface ObservabilityServerOptions {
  host?: string;
  /** 0 picks a free port; the one chosen is returned. */
  port: number;
  metrics: DriftwatchMetrics;
  health: () => Readiness | Promise<Readiness>;
}

export interface ObservabilityServer {
  port: number;
  close(): Promise<void>;
}

const ROUTES = new Set(['/metrics', '/health/live', '/health/ready']);
const ALLOWED_METHODS = 'GET, HEAD';

/**
 * Serves GET /metrics (Prometheus text), /health/live (200 while the process runs) and /health/ready
 * (200 when `health()` says ready, else 503 with the reason). HEAD is answered like GET without a body.
 */
export function startObservabilityServer({
  host = '127.0.0.1',
  port,
  metrics,
  health,
}: ObservabilityServerOptions): Promise<ObservabilityServer> {
  const server = createServer((request, response) => {
    route(request, response, metrics, health).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: errorMessage(error) });
      else response.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((resolveClose, rejectClose) => {
            server.close((error) => (error ? rejectClose(error) : resolveClose()));
            server.closeIdleConnections();
          }),
      });
    });
  });
}

async function route(
  request: IncomingMessage,
  response: ServerResponse,
  metrics: DriftwatchMetrics,
  health: () => Readiness | Promise<Readiness>,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (!ROUTES.has(path)) return sendJson(response, 404, { error: `not found: ${path}` });
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', ALLOWED_METHODS);
    return sendJson(response, 405, { error: `method not allowed: ${request.method}` });
  }
  if (path === '/metrics') return send(response, 200, metrics.contentType, await metrics.exposition());
  if (path === '/health/live') return sendJson(response, 200, { live: true });
  const readiness = await readinessOf(health);
  sendJson(response, readiness.ready ? 200 : 503, readiness);
}

async function readinessOf(health: () => Readiness | Promise<Readiness>): Promise<Readiness> {
  try {
    return await health();
  } catch (error) {
    return { ready: false, reason: `health check failed: ${errorMessage(error)}` };
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  response.end(body);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
