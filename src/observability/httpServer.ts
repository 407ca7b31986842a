import { createHash, timingSafeEqual } from 'node:crypto';
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
  /** What GET /monitors answers (JSON); without it the route is 404. */
  monitors?: () => unknown;
  /** When set, every endpoint but /health/live needs `Authorization: Bearer <authToken>` (else 401). */
  authToken?: string;
}

export interface ObservabilityServer {
  port: number;
  close(): Promise<void>;
}

const ROUTES = new Set(['/metrics', '/health/live', '/health/ready', '/monitors']);
const LIVENESS = '/health/live';
const ALLOWED_METHODS = 'GET, HEAD';

/**
 * Serves GET /metrics (Prometheus text), /health/live (200 while the process runs) and /health/ready
 * (200 when `health()` says ready, else 503 with the reason) and /monitors (JSON, when given). HEAD is
 * answered like GET without a body. With an `authToken`, everything but liveness (which a kubelet or Docker
 * health check probes without credentials) needs it as a bearer token.
 */
export function startObservabilityServer({
  host = '127.0.0.1',
  port,
  metrics,
  health,
  monitors,
  authToken,
}: ObservabilityServerOptions): Promise<ObservabilityServer> {
  const authorized = authToken === undefined ? () => true : bearerCheck(authToken);
  const server = createServer((request, response) => {
    route(request, response, { metrics, health, monitors, authorized }).catch((error: unknown) => {
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

interface Handlers {
  metrics: DriftwatchMetrics;
  health: () => Readiness | Promise<Readiness>;
  monitors: (() => unknown) | undefined;
  authorized: (header: string | undefined) => boolean;
}

async function route(request: IncomingMessage, response: ServerResponse, { metrics, health, monitors, authorized }: Handlers): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path !== LIVENESS && !authorized(request.headers.authorization)) {
    response.setHeader('WWW-Authenticate', 'Bearer realm="driftwatch"');
    return sendJson(response, 401, { error: 'a bearer token is required (observability.authToken)' });
  }
  if (!ROUTES.has(path) || (path === '/monitors' && !monitors)) return sendJson(response, 404, { error: `not found: ${path}` });
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', ALLOWED_METHODS);
    return sendJson(response, 405, { error: `method not allowed: ${request.method}` });
  }
  if (path === '/metrics') return send(response, 200, metrics.contentType, await metrics.exposition());
  if (path === LIVENESS) return sendJson(response, 200, { live: true });
  if (path === '/monitors') return sendJson(response, 200, { monitors: monitors!() });
  const readiness = await readinessOf(health);
  sendJson(response, readiness.ready ? 200 : 503, readiness);
}

/** Compares digests, so neither the token's content nor its length leaks through timing. */
function bearerCheck(token: string): (header: string | undefined) => boolean {
  const expected = createHash('sha256').update(token).digest();
  return (header) => {
    const match = header === undefined ? null : /^Bearer +(\S+) *$/i.exec(header);
    return match !== null && timingSafeEqual(createHash('sha256').update(match[1]).digest(), expected);
  };
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
