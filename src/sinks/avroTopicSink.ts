import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Producer } from 'kafkajs';
import type { ContractName } from '../contracts/avroContracts.ts';
import { registerContracts } from '../registry/registerContracts.ts';
import { isMessageTooLarge, RecordTooLargeError } from './recordTooLargeError.ts';
import { requestChunks } from './requestChunks.ts';

const DEFAULT_MAX_REQUEST_BYTES = 512 * 1024;

export interface KeyedRecord<T> {
  key: string;
  value: T;
}

/**
 * Publishes records of one contract to one topic, Avro-encoded with the schema registered under `<topic>-value`.
 * send() resolves once every replica in sync has the messages (acks = all). Records are sent in order, in requests of
 * at most `maxRequestBytes` (1 MiB is the broker's default message.max.bytes for one record batch).
 */
export class AvroTopicSink<T> {
  readonly topic: string;
  readonly #producer: Producer;
  readonly #registry: SchemaRegistry;
  readonly #contract: ContractName;
  readonly #maxRequestBytes: number;
  #schemaId: number | undefined;

  constructor(producer: Producer, registry: SchemaRegistry, topic: string, contract: ContractName, maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES) {
    this.#producer = producer;
    this.#maxRequestBytes = maxRequestBytes;
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
    for (const chunk of requestChunks(messages, this.#maxRequestBytes)) {
      try {
        await this.#producer.send({ topic: this.topic, acks: -1, messages: chunk });
      } catch (error) {
        if (!isMessageTooLarge(error)) throw error;
        throw new RecordTooLargeError(this.topic, error, this.#contract === 'DeadLetter' ? 'limits.deadLetter.maxBytes / maxRequestBytes' : undefined);
      }
    }
  }
}
