import type { FieldMapping } from './eventMapping.ts';
import type { LabelEvent, PredictionEvent } from '../contracts/events.ts';
import { mapToPredictionEvent } from './eventMapping.ts';
import { decodeJsonPayload, looksLikeJson } from './jsonPayload.ts';
import { toLabelEvent } from './labelEventValidation.ts';
import { toPredictionEvent } from './predictionEventValidation.ts';
import type { RegistryDecoder } from './registryDecoder.ts';

export interface DecodedEvent {
  event: PredictionEvent;
  /** Set for Avro: the writer schema's id and JSON. */
  writer?: { id: number; schema: unknown };
}

/**
 * Turns a message value into an event. The payload is Confluent-framed Avro (first byte 0) or JSON
 * (first byte '{'), told apart per message. A model whose monitor has a field mapping (producers with
 * their own record shape) is found by the message key, which is the model id; other records must be
 * in the PredictionEvent shape. Throws MalformedMessageError for what can never decode.
 */
export class MessageDecoder {
  readonly #registry: RegistryDecoder;
  readonly #mappings: ReadonlyMap<string, FieldMapping>;

  constructor(registry: RegistryDecoder, mappings: ReadonlyMap<string, FieldMapping>) {
    this.#registry = registry;
    this.#mappings = mappings;
  }

  async event(key: Buffer | null, value: Buffer | null): Promise<DecodedEvent> {
    const { record, writer } = await this.#record(value);
    const modelId = key?.toString('utf8');
    const mapping = modelId === undefined ? undefined : this.#mappings.get(modelId);
    const event = mapping ? mapToPredictionEvent(record, mapping, { modelId: modelId! }) : toPredictionEvent(record);
    return writer ? { event, writer } : { event };
  }

  async label(value: Buffer | null): Promise<LabelEvent> {
    return toLabelEvent((await this.#record(value)).record);
  }

  async #record(value: Buffer | null): Promise<{ record: unknown; writer?: { id: number; schema: unknown } }> {
    if (value !== null && looksLikeJson(value)) return { record: decodeJsonPayload(value) };
    const decoded = await this.#registry.decode(value);
    return { record: decoded.record, writer: { id: decoded.schemaId, schema: decoded.schema } };
  }
}
