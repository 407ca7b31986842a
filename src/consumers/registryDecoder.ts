import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import avsc, { type Type } from 'avsc';
import { LRUCache } from 'lru-cache';
import { avroContract } from '../contracts/avroContracts.ts';
import { avroGuard, type AvroGuard } from './avroBlockGuard.ts';
import { readWireHeader } from './confluentWireFormat.ts';
import { isDependencyFailure } from './dependencyFailure.ts';
import { MalformedMessageError } from './malformedMessageError.ts';
import { RegistryUnavailableError, UnknownSchemaError, registryErrorStatus } from '../registry/registryErrors.ts';

export interface DecodedMessage {
  schemaId: number;
  /** The writer schema (Avro JSON), for schema-change detection. */
  schema: unknown;
  record: unknown;
}

/**
 * Decodes Confluent-framed Avro with the writer schema from the registry.
 * Messages that can never decode throw MalformedMessageError (to the DLQ); a registry that is down throws
 * RegistryUnavailableError (the caller pauses and retries). Writer types are cached by id, the most recently
 * used `maxSchemas` of them (state.schemaCacheEntries); an evicted one is fetched again when next seen.
 */
export class RegistryDecoder {
  readonly #registry: SchemaRegistry;
  readonly #maxAvroItems: number;
  readonly #types: LRUCache<number, WriterType>;
  #evictions = 0;
  /** Ids the registry holds as something else than Avro (JSON Schema, Protobuf), with the reason; at most MAX_UNSUPPORTED_IDS. */
  readonly #unsupported = new Map<number, string>();

  constructor(registry: SchemaRegistry, options: { maxAvroItems: number; maxSchemas?: number }) {
    this.#registry = registry;
    this.#maxAvroItems = options.maxAvroItems;
    this.#types = new LRUCache({ max: options.maxSchemas ?? 1000, dispose: (_v, id, reason) => { if (reason === 'evict') this.#forget(id); } });
  }

  /** The client keeps every schema it fetched, for good (its cache has no bound): drop it there too. */
  #forget(schemaId: number): void {
    this.#evictions++;
    const byId = (this.#registry.cache as unknown as { schemasByRegistryId?: Record<number, unknown> }).schemasByRegistryId;
    if (byId) delete byId[schemaId];
  }

  cacheUsage(): { bound: string; size: number; limit: number; evictions: number } {
    return { bound: 'schema_cache', size: this.#types.size, limit: this.#types.max, evictions: this.#evictions };
  }

  async decode(value: Buffer | null): Promise<DecodedMessage> {
    const { schemaId, payload } = readWireHeader(value);
    const entry = this.#known(schemaId) ?? (await this.#fetchType(schemaId));
    return decodeWith(schemaId, entry, payload);
  }

  /** The same without waiting, when the writer schema is already cached; undefined when it must be fetched. */
  decodeCached(value: Buffer | null): DecodedMessage | undefined {
    const { schemaId, payload } = readWireHeader(value);
    const entry = this.#known(schemaId);
    return entry && decodeWith(schemaId, entry, payload);
  }

  /**
   * The payload of a message whose writer schema is cached and is the PredictionEvent contract's own (same
   * canonical form), for readContractEvent; undefined otherwise (decode it with decode / decodeCached).
   */
  contractPayload(value: Buffer | null): { schemaId: number; schema: unknown; payload: Buffer } | undefined {
    if (value === null || value.length < 5 || value[0] !== 0) return undefined;
    const schemaId = value.readInt32BE(1);
    if (this.#unsupported.has(schemaId)) return undefined;
    const entry = this.#types.get(schemaId);
    return entry?.contract ? { schemaId, schema: entry.schema, payload: value.subarray(5) } : undefined;
  }

  #known(schemaId: number): WriterType | undefined {
    const unsupported = this.#unsupported.get(schemaId);
    if (unsupported !== undefined) throw new MalformedMessageError('unsupported_schema', unsupported);
    return this.#types.get(schemaId);
  }

  async #fetchType(schemaId: number): Promise<WriterType> {
    let type: Type;
    try {
      type = (await this.#registry.getSchema(schemaId)) as unknown as Type;
    } catch (error) {
      const status = registryErrorStatus(error);
      if (status === 404) throw new MalformedMessageError('unknown_schema', new UnknownSchemaError(schemaId).message, { cause: error });
      if (status === undefined && !isDependencyFailure(error)) {
        // The registry answered, but its schema could not be read by the client (e.g. a Protobuf or JSON Schema it cannot parse).
        throw this.#markUnsupported(schemaId, `schema id ${schemaId} cannot be read as an Avro schema: ${(error as Error).message}`);
      }
      throw new RegistryUnavailableError(`fetching schema id ${schemaId} failed: ${(error as Error).message}`, { cause: error });
    }
    if (!isAvroType(type)) {
      const kind = (type as object | null)?.constructor?.name ?? typeof type;
      throw this.#markUnsupported(schemaId, `schema id ${schemaId} is a ${kind} schema in the registry, not Avro: driftwatch reads registry-framed Avro or plain JSON`);
    }
    // exportAttrs: the canonical form drops field defaults and logical types, which decide compatibility.
    const entry = { type, schema: type.schema({ exportAttrs: true }), guard: avroGuard(type, this.#maxAvroItems), contract: isPredictionContract(type) };
    this.#types.set(schemaId, entry);
    return entry;
  }

  #markUnsupported(schemaId: number, message: string): MalformedMessageError {
    if (this.#unsupported.size >= MAX_UNSUPPORTED_IDS) this.#unsupported.delete(this.#unsupported.keys().next().value!);
    this.#unsupported.set(schemaId, message);
    return new MalformedMessageError('unsupported_schema', message);
  }
}

const MAX_UNSUPPORTED_IDS = 1000;

interface WriterType {
  type: Type;
  schema: unknown;
  guard: AvroGuard;
  /** Whether it is the PredictionEvent contract (canonical form), which readContractEvent reads. */
  contract: boolean;
}

let contractCanonical: string | undefined;

function isPredictionContract(type: Type): boolean {
  contractCanonical ??= JSON.stringify(avsc.Type.forSchema(avroContract('PredictionEvent') as avsc.Schema).schema());
  return JSON.stringify(type.schema()) === contractCanonical;
}

/** The registry client gives an avsc Type for Avro, and its own JsonSchema / ProtoSchema objects otherwise. */
function isAvroType(type: unknown): type is Type {
  return typeof (type as Type | null)?.fromBuffer === 'function' && typeof (type as Type).schema === 'function';
}

function decodeWith(schemaId: number, { type, schema, guard }: WriterType, payload: Buffer): DecodedMessage {
  guard(payload);
  try {
    return { schemaId, schema, record: type.fromBuffer(payload) };
  } catch (error) {
    throw new MalformedMessageError('decode', `payload does not decode with schema id ${schemaId}: ${(error as Error).message}`, { cause: error });
  }
}
