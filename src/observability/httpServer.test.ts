import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startObservabilityServer, type ObservabilityServer, type Readiness } from './httpServer.ts';
import { DriftwatchMetrics } from './metrics.ts';

const metrics = new DriftwatchMetrics();
let readiness: Readiness | Error = { ready: true };
let server: ObservabilityServer;

before(async () => {
  server = await startObservabilityServer({
    port: 0,
    metrics,
    health: async () => {
      if (readiness instanceof Error) throw readiness;
      return readiness;
    },
  });
});

after(() => server.close());

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(method: string, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('port 0 picks a free port', () => {
  assert.ok(server.port > 0);
});

test('GET /metrics serves the registry in Prometheus text format', async () => {
  metrics.eventProcessed('ml.predictions', 'churn');
  const reply = await call('GET', '/metrics');
  assert.equal(reply.status, 200);
  assert.equal(reply.headers['content-type'], metrics.contentType);
  assert.match(reply.body, /^driftwatch_events_total\{topic="ml.predictions",model_id="churn",outcome="processed"\} 1$/m);
  assert.match(reply.body, /^# TYPE driftwatch_batch_duration_seconds histogram$/m);
});

test('a query string does not change the route', async () => {
  assert.equal((await call('GET', '/metrics?name[]=x')).status, 200);
});

test('GET /health/live answers 200 even when not ready', async () => {
  readiness = { ready: false, reason: 'waiting for redis' };
  const reply = await call('GET', '/health/live');
  assert.equal(reply.status, 200);
  assert.deepEqual(JSON.parse(reply.body), { live: true });
});

test('GET /health/ready follows the health function', async () => {
  readiness = { ready: true };
  const ready = await call('GET', '/health/ready');
  assert.equal(ready.status, 200);
  assert.deepEqual(JSON.parse(ready.body), { ready: true });

  readiness = { ready: false, reason: 'consumer waiting for redis' };
  const waiting = await call('GET', '/health/ready');
  assert.equal(waiting.status, 503);
  assert.match(String(waiting.headers['content-type']), /^application\/json/);
  assert.deepEqual(JSON.parse(waiting.body), { ready: false, reason: 'consumer waiting for redis' });

  readiness = { ready: true };
  assert.equal((await call('GET', '/health/ready')).status, 200);
});

test('a health function that throws means not ready, with its message', async () => {
  readiness = new Error('state store unreachable');
  const reply = await call('GET', '/health/ready');
  assert.equal(reply.status, 503);
  assert.deepEqual(JSON.parse(reply.body), { ready: false, reason: 'health check failed: state store unreachable' });
  readiness = { ready: true };
});

test('unknown paths are 404', async () => {
  const reply = await call('GET', '/nope');
  assert.equal(reply.status, 404);
  assert.equal((await call('GET', '/health')).status, 404);
});

test('other methods on known paths are 405 with Allow', async () => {
  for (const method of ['POST', 'PUT', 'DELETE']) {
    const reply = await call(method, '/metrics');
    assert.equal(reply.status, 405, method);
    assert.equal(reply.headers.allow, 'GET, HEAD');
  }
});

test('HEAD answers like GET without a body', async () => {
  const reply = await call('HEAD', '/health/live');
  assert.equal(reply.status, 200);
  assert.equal(reply.body, '');
});

test('a busy port rejects the start', async () => {
  await assert.rejects(
    startObservabilityServer({ port: server.port, metrics, health: () => ({ ready: true }) }),
    { code: 'EADDRINUSE' },
  );
});

test('close stops listening', async () => {
  const other = await startObservabilityServer({ port: 0, metrics, health: () => ({ ready: true }) });
  await other.close();
  const refused = new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: other.port, path: '/health/live' }, () => reject(new Error('answered')));
    req.on('error', resolve);
    req.end();
  });
  assert.equal(((await refused) as NodeJS.ErrnoException).code, 'ECONNREFUSED');
});

function callWith(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'GET', path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('GET /monitors is 404 unless the server was given a monitors function', async () => {
  assert.equal((await call('GET', '/monitors')).status, 404);
});

test('with an authToken every endpoint but liveness needs it as a bearer token; /monitors answers JSON', async () => {
  const token = 'a-long-enough-secret-token';
  const board = [{ model_id: 'churn', model_version: 'v1', windows_seen: 3, last_report_at: 5, streams: {}, firing_alerts: [] }];
  const secured = await startObservabilityServer({ port: 0, metrics, health: () => ({ ready: true }), monitors: () => board, authToken: token });
  try {
    for (const path of ['/metrics', '/health/ready', '/monitors', '/nope']) {
      for (const headers of [{} as Record<string, string>, { authorization: 'Bearer wrong-token' }, { authorization: token }, { authorization: `Basic ${token}` }]) {
        const reply = await callWith(secured.port, path, headers);
        assert.equal(reply.status, 401, `${path} ${JSON.stringify(headers)}`);
        assert.equal(reply.headers['www-authenticate'], 'Bearer realm="driftwatch"');
        assert.match(JSON.parse(reply.body).error, /bearer token/);
      }
    }
    assert.equal((await callWith(secured.port, '/health/live')).status, 200, 'liveness needs no token');
    const auth = { authorization: `Bearer ${token}` };
    assert.equal((await callWith(secured.port, '/metrics', auth)).status, 200);
    assert.equal((await callWith(secured.port, '/health/ready', { authorization: `bearer ${token}` })).status, 200, 'the scheme is case-insensitive');
    assert.equal((await callWith(secured.port, '/nope', auth)).status, 404);
    const monitors = await callWith(secured.port, '/monitors', auth);
    assert.equal(monitors.status, 200);
    assert.match(String(monitors.headers['content-type']), /^application\/json/);
    assert.deepEqual(JSON.parse(monitors.body), { monitors: board });
  } finally {
    await secured.close();
  }
});
