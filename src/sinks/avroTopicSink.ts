import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Producer } from 'kafkajs';
import type { ContractName } from '../contracts/avroContracts.ts';
import { registerContracts } from '../registry/registerContracts.ts';

export interface KeyedRecord<T> {
  key: string;
  value: T;
}

/**
 * Publishes records of one contract to one topic, Avro-encoded with the schema registered under `<topic>-value`.
 * send() resolves once every replica in sync has the messages (acks = all).
 */
export class AvroTopicSink<T> {
  readonly topic: string;
  readonly #producer: Producer;
  readonly #registry: SchemaRegistry;
  readonly #contract: ContractName;
  #schemaId: number | undefined;

  constructor(producer: Producer, registry: SchemaRegistry, topic: string, contract: ContractName) {
    this.#producer = producer;
    this.#registry = registry;
    this.topic = topic;
    this.#contract = contract;
  }

  /** Registers the contract (idempotent) so publish() never waits on the registry for the first record. */
  async prepare(): Promise<void> {
    if (this.#schemaId !== undefined) return;
    const [registration] = await registerContracts(this.#registry, [{ contract: this.#contract, topic: this.topic }]);
    this.#schemaId = registration.id;
  }

  async publish(records: readonly KeyedRecord<T>[], headers: Record<string, string> = {}): Promise<void> {
    if (records.length === 0) return;
    await this.prepare();
    const messages = await Promise.all(
      records.map(async (r) => ({ key: r.key, value: await this.#registry.encode(this.#schemaId!, r.value), headers })),
    );
    await this.#producer.send({ topic: this.topic, acks: -1, messages });
  }
}
