import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultInputLimits, limitsSchema } from '../config/limitsSchema.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import { checkJsonDepth, checkLabelEventLimits, checkMessageSize, checkPredictionEventLimits } from './inputLimits.ts';
import { decodeJsonPayload } from './jsonPayload.ts';
import { MalformedMessageError } from './malformedMessageError.ts';
import { toLabelEvent } from './labelEventValidation.ts';
import { toPredictionEvent } from './predictionEventValidation.ts';

const limits = defaultInputLimits;

function event(overrides: Partial<PredictionEvent> = {}): PredictionEvent {
  return {
    event_id: 'e1', model_id: 'm', model_version: 'v1', timestamp: 1_767_225_600_000, features: { a: 1, b: 'x' },
    prediction: { score: 0.5, label: 'yes', probabilities: null }, latency_ms: null, attributes: {}, ...overrides,
  };
}

const overLimit = (pattern: RegExp) => (error: unknown) => error instanceof MalformedMessageError && error.kind === 'limit' && pattern.test(error.message);

/** {"a":[[[…1…]]]} nested `depth` arrays deep, as bytes, built without recursion. */
function deepJson(prefix: string, depth: number, suffix: string): Buffer {
  return Buffer.from(`${prefix}${'['.repeat(depth)}1${']'.repeat(depth)}${suffix}`);
}

describe('input limits', () => {
  test('the defaults are stated once, in the schema', () => {
    assert.deepEqual(limitsSchema.parse({}), defaultInputLimits);
    assert.equal(defaultInputLimits.maxJsonDepth, 64);
    assert.equal(defaultInputLimits.deadLetter.maxBytes, 256 * 1024);
  });

  test('a message over maxMessageBytes is refused before it is decoded', () => {
    assert.throws(() => checkMessageSize(Buffer.alloc(11), { ...limits, maxMessageBytes: 10 }), overLimit(/11 bytes, over limits.maxMessageBytes \(10\)/));
    checkMessageSize(Buffer.alloc(10), { ...limits, maxMessageBytes: 10 });
    checkMessageSize(null, limits);
  });

  test('JSON nested 400,000 deep in a feature value or a label is a limit dead letter, not a stack overflow', () => {
    const feature = deepJson('{"event_id":"e","model_id":"m","model_version":"v","timestamp":1,"features":{"f":', 400_000, '}}');
    assert.throws(() => decodeJsonPayload(feature, limits.maxJsonDepth), overLimit(/nests deeper than limits.maxJsonDepth \(64\)/));
    const label = deepJson('{"event_id":"e","model_id":"m","timestamp":1,"label":', 400_000, '}');
    assert.throws(() => decodeJsonPayload(label, limits.maxJsonDepth), overLimit(/maxJsonDepth/));
  });

  test('JSON depth counts objects and arrays, not brackets inside strings', () => {
    checkJsonDepth(Buffer.from('{"a":{"b":[1,2,{"c":3}]}}'), 4);
    assert.throws(() => checkJsonDepth(Buffer.from('{"a":{"b":[1,2,{"c":3}]}}'), 3), overLimit(/at byte 15/));
    checkJsonDepth(Buffer.from(`{"a":"${'[{'.repeat(1000)}\\"[["}`), 1);
  });

  test('a value nested just within the depth limit still reaches validation, which describes it without walking it', () => {
    const nested = deepJson('{"event_id":"e","model_id":"m","model_version":"v","timestamp":1,"features":{"f":', 60, '}}');
    assert.throws(() => toPredictionEvent(decodeJsonPayload(nested)), (e: unknown) => e instanceof MalformedMessageError && e.kind === 'validation' && /feature "f" must be null.*got an array of 1 item/.test(e.message));
  });

  test('validation messages stay short whatever the value', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = { x: deep };
    assert.throws(() => toLabelEvent({ event_id: 'e', model_id: 'm', timestamp: 1, label: deep }), (e: unknown) => e instanceof MalformedMessageError && e.message.length < 200);
    assert.throws(() => toPredictionEvent({ event_id: 'e', model_id: 'm', model_version: 'v', timestamp: 1, features: { f: deep } }), (e: unknown) => e instanceof MalformedMessageError && e.message.length < 200);
  });

  test('ids and model versions longer than maxIdLength are refused, naming the field and the bound', () => {
    assert.throws(() => checkPredictionEventLimits(event({ model_version: 'v'.repeat(70_000) }), limits), overLimit(/model_version is 70000 characters, over limits.maxIdLength \(256\)/));
    assert.throws(() => checkPredictionEventLimits(event({ event_id: 'e'.repeat(257) }), limits), overLimit(/event_id/));
    assert.throws(() => checkLabelEventLimits({ event_id: 'e', model_id: 'm'.repeat(300), timestamp: 1, label: 1 }, limits), overLimit(/model_id/));
    checkPredictionEventLimits(event({ model_version: 'v'.repeat(256) }), limits);
  });

  test('features per event, feature-name length and string values are bounded', () => {
    const many = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`f${i}`, i]));
    assert.throws(() => checkPredictionEventLimits(event({ features: many }), limits), overLimit(/1001 features, over limits.maxFeatures \(1000\)/));
    assert.throws(() => checkPredictionEventLimits(event({ features: { ['n'.repeat(257)]: 1 } }), limits), overLimit(/limits.maxFeatureNameLength \(256\)/));
    assert.throws(() => checkPredictionEventLimits(event({ features: { f: 's'.repeat(4097) } }), limits), overLimit(/limits.maxStringLength \(4096\)/));
    assert.throws(() => checkPredictionEventLimits(event({ prediction: { score: null, label: 'l'.repeat(5000), probabilities: null } }), limits), overLimit(/prediction.label/));
    assert.throws(() => checkPredictionEventLimits(event({ attributes: { a: 'v'.repeat(5000) } }), limits), overLimit(/attribute "a"/));
    assert.throws(() => checkLabelEventLimits({ event_id: 'e', model_id: 'm', timestamp: 1, label: 'l'.repeat(5000) }, limits), overLimit(/label is 5000/));
  });

  test('timestamps outside [minTimestamp, maxTimestamp] are refused: 1e300, 8.64e15, negative', () => {
    for (const timestamp of [1e300, 8.64e15, -1]) {
      assert.throws(() => checkPredictionEventLimits(event({ timestamp }), limits), overLimit(/outside the plausible range/), String(timestamp));
      assert.throws(() => checkLabelEventLimits({ event_id: 'e', model_id: 'm', timestamp, label: 1 }, limits), overLimit(/plausible range/));
    }
    checkPredictionEventLimits(event({ timestamp: 0 }), limits);
    checkPredictionEventLimits(event({ timestamp: Date.UTC(9999, 0, 1) }), limits);
  });

  test('a config whose request cap cannot hold one full dead letter is refused', () => {
    const result = limitsSchema.safeParse({ deadLetter: { maxBytes: 600_000, maxRequestBytes: 512 * 1024 } });
    assert.equal(result.success, false);
    assert.match(result.error!.issues[0].message, /maxRequestBytes must leave room/);
  });
});
