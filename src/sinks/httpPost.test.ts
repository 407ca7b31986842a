import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { postJson } from './httpPost.ts';

let base = '';
const server = createServer((request, response) => {
  const [, status, extra] = /^\/(\d+)(?:\/(.*))?$/.exec(request.url ?? '') ?? [];
  request.resume();
  request.on('end', () => {
    if (status === '0') return; // never answers
    const headers: Record<string, string> = extra === 'retry-after' ? { 'retry-after': '7' } : status === '301' ? { location: '/202' } : {};
    response.writeHead(Number(status), headers).end(`answer ${status}`);
  });
});

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const post = (path: string, options: { accepted?: (s: number) => boolean; timeoutMs?: number } = {}) =>
  postJson({ url: `${base}${path}`, body: '{}', headers: {}, timeoutMs: options.timeoutMs ?? 5000, ...(options.accepted ? { accepted: options.accepted } : {}) });

test('2xx is delivered, or only the status a receiver promises', async () => {
  assert.deepEqual(await post('/204'), { kind: 'delivered', status: 204 });
  assert.deepEqual(await post('/202', { accepted: (s) => s === 202 }), { kind: 'delivered', status: 202 });
  assert.deepEqual(await post('/200', { accepted: (s) => s === 202 }), { kind: 'rejected', status: 200, body: 'answer 200' });
});

test('429, 5xx, 408, timeouts and refused connections are retried; Retry-After is kept', async () => {
  assert.deepEqual(await post('/429/retry-after'), { kind: 'retry', status: 429, reason: 'answered 429', retryAfterMs: 7000 });
  assert.deepEqual(await post('/503'), { kind: 'retry', status: 503, reason: 'answered 503' });
  assert.deepEqual(await post('/408'), { kind: 'retry', status: 408, reason: 'answered 408' });
  assert.deepEqual(await post('/0', { timeoutMs: 200 }), { kind: 'retry', status: undefined, reason: 'no answer within 200 ms' });
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const refused = await postJson({ url: `http://127.0.0.1:${port}/x`, body: '{}', headers: {}, timeoutMs: 2000 });
  assert.equal(refused.kind, 'retry');
  assert.match(refused.kind === 'retry' ? refused.reason : '', /ECONNREFUSED/);
});

test('other answers, redirects included, are refused with the body', async () => {
  assert.deepEqual(await post('/400'), { kind: 'rejected', status: 400, body: 'answer 400' });
  assert.deepEqual(await post('/404'), { kind: 'rejected', status: 404, body: 'answer 404' });
  assert.deepEqual(await post('/301'), { kind: 'rejected', status: 301, body: 'answer 301' });
});
