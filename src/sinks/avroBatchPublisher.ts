import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Type } from 'avsc';
import type { Message, Producer } from 'kafkajs';
import type { ContractName } from '../contracts/avroContracts.ts';
import { registerContracts } from '../registry/registerContracts.ts';
import { RegistryUnavailableError } from '../registry/registryErrors.ts';
import { InvalidRecordError } from './invalidRecordError.ts';

export interface BatchingOptions {
  /** Records per Kafka request at most (default 500). */
  maxBatchSize?: number;
  /** How long a record may wait for others to share its request (default 20 ms). */
  lingerMs?: number;
  /** Records queued or in flight at most; publish() waits for room beyond it (default 10,000). */
  maxPending?: number;
}

export const BATCHING_DEFAULTS = { maxBatchSize: 500, lingerMs: 20, maxPending: 10_000 } as const;

interface Queued {
  message: Message;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Publishes records of one contract to one topic: validated and Avro-encoded (Confluent framing: magic byte 0,
 * the schema id registered under `<topic>-value`, the payload), batched into few Kafka requests, each
 * acknowledged by every in-sync replica. publish() resolves once its record's batch is acknowledged.
 */
export class AvroBatchPublisher<R extends object> {
  readonly topic: string;
  readonly #producer: Producer;
  readonly #registry: SchemaRegistry;
  readonly #contract: ContractName;
  readonly #keyOf: (record: R) => string;
  readonly #options: Required<BatchingOptions>;
  #writer: { id: number; type: Type; header: Buffer } | undefined;
  #queue: Queued[] = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  #inFlightCount = 0;

  constructor(producer: Producer, registry: SchemaRegistry, topic: string, contract: ContractName, keyOf: (record: R) => string, options: BatchingOptions = {}) {
    this.#producer = producer;
    this.#registry = registry;
    this.topic = topic;
    this.#contract = contract;
    this.#keyOf = keyOf;
    this.#options = { ...BATCHING_DEFAULTS, ...options };
    const { maxBatchSize, lingerMs, maxPending } = this.#options;
    if (!(Number.isInteger(maxBatchSize) && maxBatchSize > 0)) throw new RangeError(`maxBatchSize must be a positive integer, got ${maxBatchSize}`);
    if (!(lingerMs >= 0)) throw new RangeError(`lingerMs must be ≥ 0, got ${lingerMs}`);
    if (!(Number.isInteger(maxPending) && maxPending >= maxBatchSize)) throw new RangeError(`maxPending must be an integer ≥ maxBatchSize (${maxBatchSize}), got ${maxPending}`);
  }

  /** Registers the contract under `<topic>-value` (idempotent) and keeps its id and Avro type. */
  async prepare(): Promise<void> {
    if (this.#writer) return;
    try {
      const [{ id }] = await registerContracts(this.#registry, [{ contract: this.#contract, topic: this.topic }]);
      const type = (await this.#registry.getSchema(id)) as unknown as Type;
      const header = Buffer.alloc(5);
      header.writeInt32BE(id, 1);
      this.#writer = { id, type, header };
    } catch (error) {
      throw new RegistryUnavailableError(`registering ${this.#contract} under ${this.topic}-value failed: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Encodes the record now (throws InvalidRecordError when it does not fit the contract) and queues it. */
  async publish(record: R): Promise<void> {
    await this.prepare();
    const message = { key: this.#keyOf(record), value: this.#encode(record) };
    await this.room();
    const delivered = new Promise<void>((resolve, reject) => this.#queue.push({ message, resolve, reject }));
    if (this.#queue.length >= this.#options.maxBatchSize) this.#sendQueued();
    else this.#timer ??= setTimeout(() => this.#sendQueued(), this.#options.lingerMs);
    return delivered;
  }

  /** Resolves once fewer than maxPending records are queued or in flight: a caller that does not await publish() awaits this. */
  async room(): Promise<void> {
    while (this.#queue.length + this.#inFlightCount >= this.#options.maxPending) {
      if (this.#inFlight.size === 0) this.#sendQueued();
      await Promise.race([...this.#inFlight].map((p) => p.catch(() => undefined)));
    }
  }

  /** Sends what is queued and waits until everything published so far is acknowledged (or failed). */
  async flush(): Promise<void> {
    this.#sendQueued();
    await Promise.allSettled([...this.#inFlight]);
  }

  #encode(record: R): Buffer {
    const { type, header } = this.#writer!;
    const problems: { path: string; value: unknown }[] = [];
    if (!type.isValid(record, { errorHook: (path, value) => problems.push({ path: path.join('.'), value }) })) {
      throw new InvalidRecordError(this.#contract, problems);
    }
    return Buffer.concat([header, type.toBuffer(record)]);
  }

  #sendQueued(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.#options.maxBatchSize);
    this.#inFlightCount += batch.length;
    const sent = this.#producer
      .send({ topic: this.topic, acks: -1, messages: batch.map((q) => q.message) })
      .then(() => batch.forEach((q) => q.resolve()), (error: unknown) => batch.forEach((q) => q.reject(error)))
      .finally(() => {
        this.#inFlightCount -= batch.length;
        this.#inFlight.delete(sent);
      });
    this.#inFlight.add(sent);
    if (this.#queue.length >= this.#options.maxBatchSize) this.#sendQueued();
    else if (this.#queue.length > 0) this.#timer = setTimeout(() => this.#sendQueued(), this.#options.lingerMs);
  }
}
