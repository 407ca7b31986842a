import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import fc from 'fast-check';
import { framed, mapBombPayload } from '../../test/support/poisonMessages.ts';
import { predictionStream } from '../../test/support/predictionStream.ts';
import { seededRandom } from '../../test/support/random.ts';
import { configSchema } from '../config/configSchema.ts';
import { defaultInputLimits } from '../config/limitsSchema.ts';
import { avroContract } from '../contracts/avroContracts.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import { appendOutput, emptyOutput, type EngineOutput } from '../monitor/engineOutput.ts';
import { InvalidPairError } from '../detectors/performance/labels.ts';
import { EventRejectedError } from '../monitor/eventRejectedError.ts';
import { MonitorEngine } from '../monitor/monitorEngine.ts';
import { decodeJsonPayload } from './jsonPayload.ts';
import { MalformedMessageError } from './malformedMessageError.ts';
import { MessageDecoder } from './messageDecoder.ts';
import { RegistryDecoder } from './registryDecoder.ts';

/**
 * Property-based fuzzing of decode → validate → engine with generated hostile messages: whatever arrives, the
 * decoder either returns an event within the input limits or throws MalformedMessageError; the engine either
 * applies an event or refuses it with EventRejectedError before touching state. Nothing else is ever thrown.
 */

const SCHEMA_ID = 7;
const predictionType = avro.Type.forSchema(avroContract('PredictionEvent') as avro.Schema, { wrapUnions: 'auto' });
const labelType = avro.Type.forSchema(avroContract('LabelEvent') as avro.Schema, { wrapUnions: 'auto' });
const LABEL_SCHEMA_ID = 8;

/** The registry's part in decoding, for unit level: the two contracts by id (the live tests use the real registry). */
const contractsById = {
  getSchema: async (id: number) => {
    if (id === SCHEMA_ID) return predictionType;
    if (id === LABEL_SCHEMA_ID) return labelType;
    throw Object.assign(new Error('Schema not found'), { status: 404 });
  },
} as unknown as SchemaRegistry;

async function primedDecoder(): Promise<MessageDecoder> {
  const registry = new RegistryDecoder(contractsById, { maxAvroItems: defaultInputLimits.maxAvroItems });
  await registry.decode(framed(SCHEMA_ID, predictionType.toBuffer(predictionType.random())));
  await registry.decode(framed(LABEL_SCHEMA_ID, labelType.toBuffer(labelType.random())));
  return new MessageDecoder(registry, new Map(), defaultInputLimits);
}

const hostileNumber = fc.oneof(
  fc.double(), fc.integer(), fc.constantFrom(1e300, -1e300, 8.64e15, -1, 0, Number.MAX_SAFE_INTEGER, 2 ** 63, Number.NaN, Number.POSITIVE_INFINITY),
  fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }),
);
const hostileString = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 50 }), fc.constantFrom('', 'v'.repeat(70_000), '\u0000', '{"a":1}'), fc.nat(5000).map((n) => 'x'.repeat(n)));
const hostileValue = fc.oneof(hostileNumber, hostileString, fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 4 }), fc.integer({ min: 1, max: 300 }).map((d) => JSON.parse(`${'['.repeat(d)}${']'.repeat(d)}`) as unknown));

/** Records shaped like a PredictionEvent, with any field anything. */
const hostileRecord = fc.record({
  event_id: fc.oneof(hostileString, hostileNumber),
  model_id: fc.oneof(fc.constant('m'), hostileString),
  model_version: fc.oneof(fc.constant('v1'), hostileString, hostileNumber),
  timestamp: fc.oneof(hostileNumber, hostileString),
  features: fc.oneof(fc.dictionary(hostileString, hostileValue, { maxKeys: 20 }), fc.nat(2000).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i]))), hostileValue),
  prediction: fc.oneof(fc.record({ score: hostileValue, label: hostileValue, probabilities: hostileValue }, { requiredKeys: [] }), hostileValue),
  latency_ms: hostileValue,
  attributes: fc.oneof(fc.dictionary(hostileString, hostileValue, { maxKeys: 5 }), hostileValue),
}, { requiredKeys: [] });

/** Bytes of every kind: random, JSON of hostile records (as text, with deep nesting spliced in), Avro mutated. */
const hostileBytes = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  hostileRecord.map((r) => Buffer.from(JSON.stringify(r) ?? 'null')),
  fc.tuple(hostileRecord, fc.nat(200_000)).map(([r, depth]) => Buffer.from((JSON.stringify(r) ?? '{}').replace(/^\{/, `{"deep":${'['.repeat(depth)}${']'.repeat(depth)},`))),
  fc.tuple(fc.constant(0), fc.nat(3000)).map(() => framed(SCHEMA_ID, predictionType.toBuffer(predictionType.random()))),
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(), fc.nat(255)).map(([_, at, byte]) => {
    const bytes = framed(SCHEMA_ID, predictionType.toBuffer(predictionType.random()));
    bytes[5 + (at % (bytes.length - 5))] = byte;
    return bytes;
  }),
  fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 12 })).map(([cut, tail]) => {
    const bytes = framed(SCHEMA_ID, predictionType.toBuffer(predictionType.random()));
    return Buffer.concat([bytes.subarray(0, 5 + (cut % (bytes.length - 4))), Buffer.from(tail)]);
  }),
  fc.uint8Array({ maxLength: 40 }).map((b) => framed(LABEL_SCHEMA_ID, Buffer.from(b))),
  fc.integer({ min: 1, max: 2 ** 50 }).map((entries) => framed(SCHEMA_ID, mapBombPayload(entries))),
  fc.constant(null),
);

function assertWithinLimits(event: PredictionEvent): void {
  const l = defaultInputLimits;
  assert.ok(event.event_id.length <= l.maxIdLength && event.model_version.length <= l.maxIdLength && event.model_id.length <= l.maxIdLength);
  assert.ok(Number.isFinite(event.timestamp) && event.timestamp >= l.minTimestamp && event.timestamp <= l.maxTimestamp);
  assert.ok(Object.keys(event.features).length <= l.maxFeatures);
}

const monitors = configSchema.parse({
  monitors: [
    { model: 'm', reference: { source: 'firstEvents', events: 60 }, window: { type: 'eventTime', size: '1m', hop: '30s' } },
    { model: 'c', reference: { source: 'firstEvents', events: 60 }, window: { type: 'count', size: 50 } },
  ],
}).monitors;
const valid = [
  ...predictionStream(seededRandom(3), { modelId: 'm', count: 400 }),
  ...predictionStream(seededRandom(4), { modelId: 'c', count: 400 }),
].sort((a, b) => a.timestamp - b.timestamp);
const wallClock = () => valid.at(-1)!.timestamp + 60_000;

/** Runs events through the engine; returns its outputs and which events it refused. */
function runEngine(events: readonly PredictionEvent[]): { out: EngineOutput; refused: Set<PredictionEvent> } {
  const engine = new MonitorEngine({ monitors, now: () => 0, wallClock });
  const out = emptyOutput();
  const refused = new Set<PredictionEvent>();
  events.forEach((event, position) => {
    try {
      appendOutput(out, engine.ingest('predictions', event, position));
    } catch (error) {
      if (!(error instanceof EventRejectedError)) throw error;
      refused.add(event);
    }
  });
  return { out, refused };
}

/** Nesting depth of a parsed JSON value (objects and arrays), without recursion. */
function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    max = Math.max(max, d + 1);
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

describe('hostile input, fuzzed (fast-check)', () => {
  test('the JSON depth scan refuses exactly the payloads nested deeper than the limit, whatever their strings hold', () => {
    const tricky = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a', '\u00e9') });
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, tricky, fc.integer(), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(tricky, tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(fc.property(fc.dictionary(tricky, value, { maxKeys: 4 }), fc.integer({ min: 1, max: 6 }), (record, limit) => {
      const bytes = Buffer.from(JSON.stringify(record));
      let refused = false;
      try {
        decodeJsonPayload(bytes, limit);
      } catch (error) {
        assert.ok(error instanceof MalformedMessageError && error.kind === 'limit', String(error));
        refused = true;
      }
      assert.equal(refused, depthOf(record) > limit);
    }), { numRuns: 500, seed: 29 });
  });

  test('decoding and validating any bytes gives an event within the limits or a MalformedMessageError, quickly', async () => {
    const decoder = await primedDecoder();
    fc.assert(fc.property(hostileBytes, (value) => {
      const started = performance.now();
      for (const decode of [() => decoder.eventNow(Buffer.from('m'), value), () => decoder.labelNow(Buffer.from('m'), value)]) {
        try {
          const decoded = decode();
          if (decoded && 'event' in decoded) assertWithinLimits(decoded.event);
        } catch (error) {
          if (!(error instanceof MalformedMessageError)) throw error;
          assert.ok(error.message.length < 3000, 'the reason is short');
        }
      }
      assert.ok(performance.now() - started < 2000, 'decoding one message never takes seconds');
    }), { numRuns: 600, seed: 17 });
  });

  test('hostile events among valid ones: the engine applies or refuses each, and a refused event changes no output', async () => {
    const decoder = await primedDecoder();
    const hostileEvent = fc.oneof(
      hostileRecord.map((r) => ({ ...r, model_id: 'm' })),
      hostileRecord.map((r) => ({ ...r, model_id: 'c' })),
      fc.tuple(fc.nat(valid.length - 1), hostileNumber).map(([i, timestamp]) => ({ ...valid[i], event_id: `t${i}`, timestamp })),
      fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 400 * 86_400_000 })).map(([i, ahead]) => ({ ...valid[i], event_id: `a${i}`, timestamp: wallClock() + ahead })),
      // The watched features and the prediction with values of the wrong kind, huge, empty or missing.
      fc.tuple(
        fc.nat(valid.length - 1),
        fc.dictionary(fc.constantFrom('income', 'age', 'debt_ratio', 'region'), fc.oneof(hostileNumber, hostileString, fc.boolean(), fc.constant(null))),
        fc.record({ score: fc.oneof(hostileNumber, fc.constant(null)), label: fc.oneof(hostileString, fc.constant(null)) }),
      ).map(([i, features, prediction]) => ({ ...valid[i], event_id: `w${i}`, features: { ...valid[i].features, ...features }, prediction: { ...prediction, probabilities: null } })),
    );
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(valid.length), hostileEvent), { maxLength: 12 }), (insertions) => {
      const stream: PredictionEvent[] = [...valid];
      for (const [at, record] of [...insertions].sort((a, b) => b[0] - a[0])) {
        const value = Buffer.from(JSON.stringify(record) ?? 'null');
        let event: PredictionEvent | undefined;
        try {
          event = decoder.eventNow(Buffer.from(String(record.model_id)), value)?.event;
        } catch (error) {
          if (!(error instanceof MalformedMessageError)) throw error;
        }
        if (event) stream.splice(at, 0, event);
      }
      const { out, refused } = runEngine(stream);
      // Exactly the events of the event-time monitor beyond window.maxFutureSkew (1 h) of the wall clock are refused.
      for (const e of stream) assert.equal(refused.has(e), e.model_id === 'm' && e.timestamp > wallClock() + 3_600_000, `timestamp ${e.timestamp}`);
      const withoutRefused = runEngine(stream.filter((e) => !refused.has(e)));
      assert.equal(withoutRefused.refused.size, 0);
      assert.deepEqual(out, withoutRefused.out);
    }), { numRuns: 40, seed: 23 });
  });

  test('hostile labels and joined predictions: each pair is applied or refused (InvalidPairError), and a refused one changes no output', () => {
    const performanceMonitors = configSchema.parse({
      monitors: [
        { model: 'c', window: { type: 'count', size: 50 }, performance: { task: 'classification', positiveLabel: '1', windowSize: 5 } },
        { model: 'r', window: { type: 'count', size: 50 }, performance: { task: 'regression', windowSize: 5 } },
      ],
    }).monitors;
    const labelValue = fc.oneof(fc.constantFrom('1', '0', 'x'), hostileString, hostileNumber);
    const pair = fc.record({
      model: fc.constantFrom('c', 'r'),
      label: labelValue,
      score: fc.oneof(hostileNumber, fc.constant(null)),
      predicted: fc.oneof(fc.constantFrom('1', '0'), hostileString, fc.constant(null)),
    });
    fc.assert(fc.property(fc.array(pair, { minLength: 30, maxLength: 80 }), (pairs) => {
      const run = (keep: (i: number) => boolean) => {
        const engine = new MonitorEngine({ monitors: performanceMonitors, now: () => 0 });
        const out = emptyOutput();
        const refused = new Set<number>();
        pairs.forEach((p, i) => {
          if (!keep(i)) return;
          try {
            appendOutput(out, engine.ingestLabel({ event_id: `e${i}`, model_id: p.model, timestamp: 2, label: p.label as string | number }, { modelVersion: 'v1', timestamp: 1, score: p.score, label: p.predicted }, i).output);
          } catch (error) {
            if (!(error instanceof InvalidPairError)) throw error;
            refused.add(i);
          }
        });
        return { out, refused };
      };
      const all = run(() => true);
      assert.deepEqual(all.out, run((i) => !all.refused.has(i)).out);
    }), { numRuns: 200, seed: 31 });
  });
});
