import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import fc from 'fast-check';
import { framed } from '../../test/support/poisonMessages.ts';
import { defaultInputLimits, type InputLimits } from '../config/limitsSchema.ts';
import { avroContract } from '../contracts/avroContracts.ts';
import { eventAt } from '../contracts/eventBatch.ts';
import { EventBatchBuilder } from '../contracts/eventBatchBuilder.ts';
import type { FeatureValue, PredictionEvent } from '../contracts/events.ts';
import { withWrappedFeatures } from '../contracts/featureValueUnion.ts';
import { readContractEvent } from './contractEventReader.ts';
import { MessageDecoder } from './messageDecoder.ts';
import { RegistryDecoder } from './registryDecoder.ts';

const SCHEMA_ID = 7;
const predictionType = avro.Type.forSchema(avroContract('PredictionEvent') as avro.Schema, { wrapUnions: 'auto' });
const registry = { getSchema: async () => predictionType } as unknown as SchemaRegistry;
const limits: InputLimits = { ...defaultInputLimits, maxFeatures: 12, maxStringLength: 40, maxIdLength: 20, maxFeatureNameLength: 12, maxAvroItems: 30 };

async function primedDecoder(): Promise<MessageDecoder> {
  const decoder = new RegistryDecoder(registry, { maxAvroItems: limits.maxAvroItems });
  await decoder.decode(framed(SCHEMA_ID, predictionType.toBuffer(predictionType.random())));
  return new MessageDecoder(decoder, new Map(), limits);
}

/** What the general path makes of a message, as a row (or its error's message). */
function general(decoder: MessageDecoder, value: Buffer): { event: PredictionEvent } | { error: string } {
  try {
    const builder = new EventBatchBuilder();
    builder.add(decoder.eventNow(null, value)!.event, 1);
    return { event: eventAt(builder.finish(), 0) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function intoRow(decoder: MessageDecoder, value: Buffer): { event: PredictionEvent } | { error: string } {
  const builder = new EventBatchBuilder();
  try {
    decoder.eventIntoNow(builder, null, value, 1);
  } catch (error) {
    return { error: (error as Error).message };
  }
  const batch = builder.finish();
  assert.equal(batch.length, 1, 'one row when the message decodes');
  return { event: eventAt(batch, 0) };
}

const text = fc.oneof(fc.string({ maxLength: 14 }), fc.constantFrom('', '0', '7', '12', '__proto__', 'x'.repeat(45), 'ü€'));
const value: fc.Arbitrary<FeatureValue> = fc.oneof(
  fc.double(), fc.integer(), fc.constantFrom(2 ** 40, -(2 ** 52), 2 ** 52 + 1, Number.NaN, Infinity), fc.boolean(), fc.constant(null), text,
);
const event: fc.Arbitrary<PredictionEvent> = fc.record({
  event_id: text, model_id: fc.oneof(fc.constant('m'), text), model_version: fc.oneof(fc.constant('v1'), text),
  timestamp: fc.oneof(fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }), fc.constantFrom(-5, 0, 2 ** 52)),
  features: fc.dictionary(text, value, { maxKeys: 14 }),
  prediction: fc.record({ score: fc.option(fc.double(), { nil: null }), label: fc.option(text, { nil: null }), probabilities: fc.option(fc.dictionary(text, fc.double(), { maxKeys: 4 }), { nil: null }) }),
  latency_ms: fc.option(fc.double(), { nil: null }),
  attributes: fc.dictionary(text, text, { maxKeys: 4 }),
});

/** The Avro bytes of an event, a long feature as the long branch (the Avro writer's choice for integers). */
function encode(e: PredictionEvent): Buffer {
  return predictionType.toBuffer(withWrappedFeatures(e));
}

describe('readContractEvent', () => {
  test('a row equal to the general path for every event it takes, and the same error for every message it does not', async () => {
    const decoder = await primedDecoder();
    let taken = 0;
    let runs = 0;
    fc.assert(fc.property(event, fc.nat(), fc.nat(255), fc.nat(3), (e, at, byte, damage) => {
      let payload = encode(e);
      if (damage === 1) payload[at % payload.length] = byte;
      else if (damage === 2) payload = payload.subarray(0, at % payload.length);
      else if (damage === 3) payload = Buffer.concat([payload, Buffer.from([byte])]);
      const message = framed(SCHEMA_ID, payload);
      runs++;
      if (readContractEvent(message.subarray(5), new EventBatchBuilder(), 1, limits)) taken++;
      assert.deepEqual(intoRow(decoder, message), general(decoder, message));
    }), { numRuns: 3000, seed: 42 });
    assert.ok(taken > 0 && taken < runs, `the direct read took ${taken} of ${runs}`);
  });

  test('takes every well-formed event within the limits, as the general path reads it', async () => {
    const decoder = await primedDecoder();
    const name = fc.constantFrom('income', 'age', 'region', 'é', 'a b');
    const word = fc.string({ minLength: 1, maxLength: 10 });
    const clean = fc.record({
      event_id: word, model_id: word, model_version: word, timestamp: fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }),
      features: fc.dictionary(name, fc.oneof(fc.double({ min: -1e15, max: 1e15 }), fc.constantFrom(Number.NaN, -Infinity), fc.integer(), fc.boolean(), fc.constant(null), word), { maxKeys: 5 }),
      prediction: fc.record({ score: fc.option(fc.double(), { nil: null }), label: fc.option(word, { nil: null }), probabilities: fc.option(fc.dictionary(name, fc.double(), { maxKeys: 3 }), { nil: null }) }),
      latency_ms: fc.option(fc.double(), { nil: null }),
      attributes: fc.dictionary(name, word, { maxKeys: 3 }),
    });
    fc.assert(fc.property(clean, (e) => {
      const message = framed(SCHEMA_ID, encode(e));
      assert.equal(readContractEvent(message.subarray(5), new EventBatchBuilder(), 1, limits), true);
      assert.deepEqual(intoRow(decoder, message), general(decoder, message));
    }), { numRuns: 1000, seed: 7 });
  });

  test('gives up, leaving nothing in the batch, on a message it cannot vouch for', () => {
    const builder = new EventBatchBuilder();
    const base: PredictionEvent = { event_id: 'e', model_id: 'm', model_version: 'v1', timestamp: 1_750_000_000_000, features: { a: 1.5, b: 'x' }, prediction: { score: 0.5, label: 'y', probabilities: null }, latency_ms: null, attributes: {} };
    assert.equal(readContractEvent(encode(base), builder, 0, limits), true);
    for (const e of [{ ...base, event_id: '' }, { ...base, features: { 1: 2 } }, { ...base, features: { a: 'z'.repeat(41) } }, { ...base, timestamp: -1 }]) {
      assert.equal(readContractEvent(encode(e), builder, 1, limits), false);
    }
    assert.equal(readContractEvent(encode(base).subarray(0, 10), builder, 2, limits), false);
    const batch = builder.finish();
    assert.equal(batch.length, 1);
    assert.deepEqual(eventAt(batch, 0), { ...base, features: { a: 1.5, b: 'x' } });
  });
});
