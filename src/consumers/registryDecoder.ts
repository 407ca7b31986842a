import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Type } from 'avsc';
import { LRUCache } from 'lru-cache';
import { readWireHeader } from './confluentWireFormat.ts';
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
  readonly #types: LRUCache<number, { type: Type; schema: unknown }>;
  #evictions = 0;

  constructor(registry: SchemaRegistry, options: { maxSchemas?: number } = {}) {
    this.#registry = registry;
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
    const entry = this.#types.get(schemaId) ?? (await this.#fetchType(schemaId));
    return decodeWith(schemaId, entry, payload);
  }

  /** The same without waiting, when the writer schema is already cached; undefined when it must be fetched. */
  decodeCached(value: Buffer | null): DecodedMessage | undefined {
    const { schemaId, payload } = readWireHeader(value);
    const entry = this.#types.get(schemaId);
    return entry && decodeWith(schemaId, entry, payload);
  }

  async #fetchType(schemaId: number): Promise<{ type: Type; schema: unknown }> {
    let type: Type;
    try {
      type = (await this.#registry.getSchema(schemaId)) as unknown as Type;
    } catch (error) {
      const status = registryErrorStatus(error);
      if (status === 404) throw new MalformedMessageError('unknown_schema', new UnknownSchemaError(schemaId).message, { cause: error });
      throw new RegistryUnavailableError(`fetching schema id ${schemaId} failed: ${(error as Error).message}`, { cause: error });
    }
    // exportAttrs: the canonical form drops field defaults and logical types, which decide compatibility.
    const entry = { type, schema: type.schema({ exportAttrs: true }) };
    this.#types.set(schemaId, entry);
    return entry;
  }
}

function decodeWith(schemaId: number, { type, schema }: { type: Type; schema: unknown }, payload: Buffer): DecodedMessage {
  try {
    return { schemaId, schema, record: type.fromBuffer(payload) };
  } catch (error) {
    throw new MalformedMessageError('decode', `payload does not decode with schema id ${schemaId}: ${(error as Error).message}`, { cause: error });
  }
}
