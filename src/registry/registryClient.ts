import { Agent } from 'node:https';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { readTlsFiles, type TlsFilesConfig } from '../config/tlsFiles.ts';

/** The registry client's HTTP middleware (mappersmith's), as its constructor takes it. */
type Middleware = NonNullable<ConstructorParameters<typeof SchemaRegistry>[0]['middlewares']>[number];

export interface RegistryConnection {
  url: string;
  username?: string;
  password?: string;
  /** Ms a request may go unanswered before it fails (default 10 s): a registry that stopped answering must not hang a batch. */
  requestTimeout?: number;
  /** For an https:// registry: CA, client certificate and verification (files; a missing one throws TlsFileError naming registry.tls.<key>). */
  tls?: TlsFilesConfig;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * A client for a Confluent-compatible schema registry (Confluent, or Apicurio at /apis/ccompat/v7).
 * Unions are unwrapped where avsc can tell their branches apart ('auto'); the features map's
 * null | double | long | string | boolean stays wrapped (see contracts/featureValueUnion.ts).
 * Retries are left to the caller, which pauses consumption while the registry is down; every request has a
 * timeout, so a registry that accepts connections but never answers is an outage like any other.
 */
export function createRegistryClient(connection: RegistryConnection): SchemaRegistry {
  return new SchemaRegistry(
    {
      host: connection.url.replace(/\/+$/, ''),
      clientId: 'driftwatch',
      retry: { retries: 0 },
      middlewares: [requestTimeout(connection.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS)],
      ...(connection.tls ? { agent: new Agent({ keepAlive: true, ...readTlsFiles(connection.tls, 'registry.tls') }) } : {}),
      ...(connection.username ? { auth: { username: connection.username, password: connection.password ?? '' } } : {}),
    },
    { [SchemaType.AVRO]: { wrapUnions: 'auto' } },
  );
}

/** A mappersmith middleware giving every request a timeout (the client sets none). */
function requestTimeout(ms: number): Middleware {
  return () => ({
    prepareRequest: (next) => next().then((request) => request.enhance({ timeout: ms })),
  });
}

/** Subject of a topic's values under the topic-name strategy. */
export function valueSubject(topic: string): string {
  return `${topic}-value`;
}
