import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';

export interface RegistryConnection {
  url: string;
  username?: string;
  password?: string;
}

/**
 * A client for a Confluent-compatible schema registry (Confluent, or Apicurio at /apis/ccompat/v7).
 * Unions are unwrapped where avsc can tell their branches apart ('auto'); the features map's
 * null | double | long | string | boolean stays wrapped (see contracts/featureValueUnion.ts).
 * Retries are left to the caller, which pauses consumption while the registry is down.
 */
export function createRegistryClient(connection: RegistryConnection): SchemaRegistry {
  return new SchemaRegistry(
    {
      host: connection.url.replace(/\/+$/, ''),
      clientId: 'driftwatch',
      retry: { retries: 0 },
      ...(connection.username ? { auth: { username: connection.username, password: connection.password ?? '' } } : {}),
    },
    { [SchemaType.AVRO]: { wrapUnions: 'auto' } },
  );
}

/** Subject of a topic's values under the topic-name strategy. */
export function valueSubject(topic: string): string {
  return `${topic}-value`;
}
