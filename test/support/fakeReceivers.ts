import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pagerDutyViolations, slackViolations, webhookSignatureViolations } from './receiverContracts.ts';

/**
 * Stand-ins for PagerDuty's Events API v2, a Slack incoming webhook and a signed webhook receiver on 127.0.0.1.
 * Each checks every request against the published format (test/support/receiverContracts.ts) and refuses what
 * the real service would refuse, answers with a scripted status when one is queued, can hold requests without
 * answering, and keeps what it accepted: a request counts as accepted only once its 2xx answer was fully sent
 * (a client killed before that never learnt it was delivered).
 */

export interface ReceivedRequest {
  body: string;
  json: unknown;
  headers: IncomingMessage['headers'];
  at: number;
}

export interface FakeEndpoint {
  /** Every request, in arrival order. */
  received: ReceivedRequest[];
  /** Requests answered with the success status, fully. */
  accepted: ReceivedRequest[];
  /** Format violations seen (each also answered 400). */
  violations: string[];
  /** Statuses (and bodies) to answer the next requests with, before succeeding again. */
  script: { status: number; body?: string; headers?: Record<string, string> }[];
  /** While true, requests are held unanswered (and answered with success when released, if still connected). */
  hold: boolean;
  /** Requests held right now. */
  readonly heldCount: number;
  /** Answers every held request and stops holding. */
  release(): void;
  /** Answers the oldest held request; later ones are still held. */
  releaseOne(): void;
}

export interface FakeReceivers {
  url: string;
  pagerduty: FakeEndpoint;
  slack: FakeEndpoint;
  webhook: FakeEndpoint;
  close(): Promise<void>;
}

function endpoint(): FakeEndpoint & { held: (() => void)[] } {
  const held: (() => void)[] = [];
  return {
    received: [], accepted: [], violations: [], script: [], hold: false, held,
    get heldCount() {
      return held.length;
    },
    release() {
      this.hold = false;
      for (const answer of held.splice(0)) answer();
    },
    releaseOne() {
      held.shift()?.();
    },
  };
}

export async function startFakeReceivers(options: { webhookSecret: string; slackPath: string }): Promise<FakeReceivers> {
  const endpoints = { pagerduty: endpoint(), slack: endpoint(), webhook: endpoint() };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => handle(request, response, Buffer.concat(chunks).toString('utf8')));
  });

  function handle(request: IncomingMessage, response: ServerResponse, body: string) {
    const path = request.url ?? '';
    const name = path === '/pagerduty' ? 'pagerduty' : path === `/slack/${options.slackPath}` ? 'slack' : path === '/webhook' ? 'webhook' : undefined;
    if (!name || request.method !== 'POST') {
      response.writeHead(404).end('no_service');
      return;
    }
    const ep = endpoints[name];
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    const received: ReceivedRequest = { body, json, headers: request.headers, at: Date.now() };
    ep.received.push(received);
    const problems = request.headers['content-type']?.startsWith('application/json') ? [] : ['content-type is not application/json'];
    if (json === undefined) problems.push('body is not JSON');
    else if (name === 'pagerduty') problems.push(...pagerDutyViolations(json));
    else if (name === 'slack') problems.push(...slackViolations(json));
    else problems.push(...webhookSignatureViolations(request.headers['x-driftwatch-signature'] as string | undefined, body, options.webhookSecret));
    if (problems.length > 0) {
      ep.violations.push(...problems);
      response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'invalid event', errors: problems }));
      return;
    }
    const scripted = ep.script.shift();
    if (scripted) {
      response.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers }).end(scripted.body ?? JSON.stringify({ status: 'error' }));
      return;
    }
    const succeed = () => {
      if (response.destroyed || request.socket.destroyed) return;
      const [status, text] = name === 'pagerduty'
        ? [202, JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: (json as { dedup_key?: string }).dedup_key })]
        : name === 'slack' ? [200, 'ok'] : [204, ''];
      response.once('finish', () => ep.accepted.push(received));
      response.writeHead(status, name === 'slack' ? { 'content-type': 'text/plain' } : { 'content-type': 'application/json' }).end(text);
    };
    if (ep.hold) ep.held.push(succeed);
    else succeed();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ...endpoints,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
