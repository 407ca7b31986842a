import { COMPATIBILITY, SchemaType, type SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Producer } from 'kafkajs';
import type { LabelEvent, PredictionEvent } from '../../src/contracts/events.ts';
import { withWrappedFeatures } from '../../src/contracts/featureValueUnion.ts';
import { registerContracts } from '../../src/registry/registerContracts.ts';
import { valueSubject } from '../../src/registry/registryClient.ts';
import { stack } from './liveStack.ts';

const CHUNK = 500;

/** Sends keyed values in chunks of 500 messages. */
export async function sendAll(producer: Producer, topic: string, messages: { key: string; value: Buffer | null }[]): Promise<void> {
  for (let i = 0; i < messages.length; i += CHUNK) await producer.send({ topic, messages: messages.slice(i, i + CHUNK) });
}

/** Registry-framed Avro with the schema `schemaId`, each keyed by `keyOf` (default: its model_id). */
export async function publishAvro<T extends object>(
  producer: Producer, registry: SchemaRegistry, topic: string, schemaId: number, records: readonly T[],
  keyOf: (record: T) => string = (r) => (r as { model_id: string }).model_id,
): Promise<void> {
  const messages = await Promise.all(records.map(async (r) => ({ key: keyOf(r), value: await registry.encode(schemaId, r) })));
  await sendAll(producer, topic, messages);
}

/** PredictionEvents as Avro with the PredictionEvent contract registered for `topic` (or `schemaId`); returns the id used. */
export async function publishPredictions(
  producer: Producer, registry: SchemaRegistry, topic: string, events: readonly PredictionEvent[], schemaId?: number,
): Promise<number> {
  const id = schemaId ?? (await registerContracts(registry, [{ contract: 'PredictionEvent', topic }]))[0].id;
  await publishAvro(producer, registry, topic, id, events.map((e) => withWrappedFeatures(e)));
  return id;
}

/** LabelEvents as Avro with the LabelEvent contract registered for `topic`; returns the schema id. */
export async function publishLabels(producer: Producer, registry: SchemaRegistry, topic: string, labels: readonly LabelEvent[]): Promise<number> {
  const [{ id }] = await registerContracts(registry, [{ contract: 'LabelEvent', topic }]);
  await publishAvro(producer, registry, topic, id, labels);
  return id;
}

/** Plain JSON values (UTF-8), each keyed by `keyOf`. */
export async function publishJson<T>(producer: Producer, topic: string, records: readonly T[], keyOf: (record: T) => string): Promise<void> {
  await sendAll(producer, topic, records.map((r) => ({ key: keyOf(r), value: Buffer.from(JSON.stringify(r), 'utf8') })));
}

export type CompatibilityLevel = 'NONE' | 'BACKWARD' | 'FORWARD' | 'FULL';

/**
 * Registers an Avro schema under the topic's value subject; returns its id. `compatibility` is the level the subject
 * is expected to have (the client refuses to register when the subject's level differs; default BACKWARD).
 */
export async function registerAvroSchema(registry: SchemaRegistry, topic: string, schema: object, compatibility: CompatibilityLevel = 'BACKWARD'): Promise<number> {
  const { id } = await registry.register(
    { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
    { subject: valueSubject(topic), compatibility: COMPATIBILITY[compatibility] },
  );
  return id;
}

/** Sets one subject's compatibility level (Confluent API: PUT /config/{subject}). */
export async function setSubjectCompatibility(topic: string, level: CompatibilityLevel): Promise<void> {
  const response = await fetch(`${stack.registryUrl}/config/${encodeURIComponent(valueSubject(topic))}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ compatibility: level }),
  });
  if (!response.ok) throw new Error(`setting ${valueSubject(topic)} to ${level} failed: ${response.status} ${await response.text()}`);
}
