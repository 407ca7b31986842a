import type { InputLimits } from '../config/limitsSchema.ts';
import type { FieldMapping, LabelFieldMapping } from '../config/mappingSchema.ts';
import type { EventBatchBuilder } from '../contracts/eventBatchBuilder.ts';
import type { LabelEvent, PredictionEvent } from '../contracts/events.ts';
import { readContractEvent } from './contractEventReader.ts';
import { mapToPredictionEvent } from './eventMapping.ts';
import { checkLabelEventLimits, checkMessageSize, checkPredictionEventLimits } from './inputLimits.ts';
import { decodeJsonPayload, looksLikeJson } from './jsonPayload.ts';
import { toLabelEvent } from './labelEventValidation.ts';
import { mapToLabelEvent } from './labelMapping.ts';
import { toPredictionEvent } from './predictionEventValidation.ts';
import type { DecodedMessage, RegistryDecoder } from './registryDecoder.ts';

interface DecodedRecord {
  record: unknown;
  writer?: { id: number; schema: unknown };
}

function withWriter(decoded: DecodedMessage): DecodedRecord {
  return { record: decoded.record, writer: { id: decoded.schemaId, schema: decoded.schema } };
}

export interface DecodedEvent {
  event: PredictionEvent;
  /** Set for Avro: the writer schema's id and JSON. */
  writer?: { id: number; schema: unknown };
}

/**
 * Turns a message value into an event. The payload is Confluent-framed Avro (first byte 0) or JSON
 * (first byte '{'), told apart per message. A model whose monitor has a field mapping (producers with
 * their own record shape) is found by the message key, which is the model id; other records must be
 * in the PredictionEvent shape. Labels alike: a model with a label mapping maps its label records, the others
 * must be LabelEvents. Throws MalformedMessageError for what can never decode, or is over one of `limits`
 * (checked before the bytes are decoded, and on the event before it is returned).
 */
export class MessageDecoder {
  readonly #registry: RegistryDecoder;
  readonly #mappings: ReadonlyMap<string, FieldMapping>;
  readonly #labelMappings: ReadonlyMap<string, LabelFieldMapping>;
  readonly #limits: InputLimits;

  /** The writer-schema cache's size and limit, for the metrics. */
  schemaCacheUsage(): { bound: string; size: number; limit: number; evictions: number } {
    return this.#registry.cacheUsage();
  }

  constructor(registry: RegistryDecoder, mappings: ReadonlyMap<string, FieldMapping>, limits: InputLimits, labelMappings: ReadonlyMap<string, LabelFieldMapping> = new Map()) {
    this.#registry = registry;
    this.#mappings = mappings;
    this.#labelMappings = labelMappings;
    this.#limits = limits;
  }

  async event(key: Buffer | null, value: Buffer | null): Promise<DecodedEvent> {
    return this.#toEvent(key, await this.#record(value));
  }

  /** event() without waiting, when no registry look-up is needed; undefined when one is. */
  eventNow(key: Buffer | null, value: Buffer | null): DecodedEvent | undefined {
    const decoded = this.#recordNow(value);
    return decoded && this.#toEvent(key, decoded);
  }

  /**
   * eventNow() into a row of `builder`: Avro in the PredictionEvent contract's schema is read straight into the
   * row (readContractEvent), anything else decoded as eventNow() does and added. Returns the writer schema
   * (undefined for JSON), or undefined when the registry must be asked (then use event()); throws as event().
   */
  eventIntoNow(builder: EventBatchBuilder, key: Buffer | null, value: Buffer | null, position: number): { writer?: { id: number; schema: unknown } } | undefined {
    if (value !== null && value.length <= this.#limits.maxMessageBytes && value[0] === 0 && !this.#mapped(key)) {
      const contract = this.#registry.contractPayload(value);
      if (contract && readContractEvent(contract.payload, builder, position, this.#limits)) return { writer: { id: contract.schemaId, schema: contract.schema } };
    }
    const decoded = this.eventNow(key, value);
    if (decoded) builder.add(decoded.event, position);
    return decoded;
  }

  #mapped(key: Buffer | null): boolean {
    return this.#mappings.size > 0 && key !== null && this.#mappings.has(key.toString('utf8'));
  }

  async label(key: Buffer | null, value: Buffer | null): Promise<LabelEvent> {
    return this.#toLabel(key, (await this.#record(value)).record);
  }

  labelNow(key: Buffer | null, value: Buffer | null): LabelEvent | undefined {
    const decoded = this.#recordNow(value);
    return decoded && this.#toLabel(key, decoded.record);
  }

  #toLabel(key: Buffer | null, record: unknown): LabelEvent {
    const modelId = key?.toString('utf8');
    const mapping = modelId === undefined ? undefined : this.#labelMappings.get(modelId);
    const label = mapping ? mapToLabelEvent(record, mapping, { modelId: modelId! }) : toLabelEvent(record);
    checkLabelEventLimits(label, this.#limits);
    return label;
  }

  #toEvent(key: Buffer | null, { record, writer }: DecodedRecord): DecodedEvent {
    const modelId = key?.toString('utf8');
    const mapping = modelId === undefined ? undefined : this.#mappings.get(modelId);
    const event = mapping ? mapToPredictionEvent(record, mapping, { modelId: modelId! }) : toPredictionEvent(record);
    checkPredictionEventLimits(event, this.#limits);
    return writer ? { event, writer } : { event };
  }

  async #record(value: Buffer | null): Promise<DecodedRecord> {
    return this.#recordNow(value) ?? withWriter(await this.#registry.decode(value));
  }

  #recordNow(value: Buffer | null): DecodedRecord | undefined {
    checkMessageSize(value, this.#limits);
    if (value !== null && looksLikeJson(value)) return { record: decodeJsonPayload(value, this.#limits.maxJsonDepth) };
    const decoded = this.#registry.decodeCached(value);
    return decoded && withWriter(decoded);
  }
}
