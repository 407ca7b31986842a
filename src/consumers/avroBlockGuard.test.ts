import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import avro from 'avsc';
import { avroLong, mapBombPayload } from '../../test/support/poisonMessages.ts';
import { avroContract } from '../contracts/avroContracts.ts';
import { withWrappedFeatures } from '../contracts/featureValueUnion.ts';
import { avroGuard } from './avroBlockGuard.ts';
import { MalformedMessageError } from './malformedMessageError.ts';

const predictionType = avro.Type.forSchema(avroContract('PredictionEvent') as avro.Schema, { wrapUnions: 'auto' });
const labelType = avro.Type.forSchema(avroContract('LabelEvent') as avro.Schema, { wrapUnions: 'auto' });

const long = avroLong;
const str = (s: string) => [...long(Buffer.byteLength(s)), ...Buffer.from(s)];

const refused = (kind: string, pattern: RegExp) => (error: unknown) => error instanceof MalformedMessageError && error.kind === kind && pattern.test(error.message);

describe('Avro block guard', () => {
  test('a 30-byte event whose map block declares 10^12 entries is refused before avsc allocates or loops', () => {
    const payload = mapBombPayload();
    assert.equal(payload.length, 30);
    assert.throws(() => avroGuard(predictionType, 100_000)(payload), refused('limit', /map block declares 1000000000000 items but only 11 bytes remain \(each item takes at least 2\)/));
  });

  test('declared counts beyond the item budget are refused even when the bytes could hold them', () => {
    const type = avro.Type.forSchema({ type: 'array', items: 'null' });
    const payload = Buffer.from([...long(1e9), 0]);
    assert.throws(() => avroGuard(type, 100_000)(payload), refused('limit', /more than limits.maxAvroItems \(100000\)/));
    avroGuard(type, 100_000)(Buffer.from([...long(100_000), 0]));
  });

  test('negative block counts (with a byte size) are read as avsc reads them', () => {
    const type = avro.Type.forSchema({ type: 'map', values: 'int' });
    const encoded = type.toBuffer({ a: 1, b: 2 });
    avroGuard(type, 10)(encoded);
    // Block of -2 items with its size in bytes, as Java writers may send.
    const sized = Buffer.from([3, ...long(6), ...str('a'), 2, ...str('b'), 4, 0]);
    assert.deepEqual(type.fromBuffer(sized), { a: 1, b: 2 });
    avroGuard(type, 10)(sized);
    assert.throws(() => avroGuard(type, 1)(sized), refused('limit', /maxAvroItems/));
  });

  test('strings longer than the bytes left and truncated payloads are decode errors', () => {
    const type = avro.Type.forSchema({ type: 'record', name: 'R', fields: [{ name: 's', type: 'string' }, { name: 'd', type: 'double' }] });
    assert.throws(() => avroGuard(type, 10)(Buffer.from([...long(1e9), 1, 2])), refused('decode', /1000000000-byte string/));
    assert.throws(() => avroGuard(type, 10)(Buffer.from([...str('abc'), 1, 2])), refused('decode', /truncated/));
  });

  test('recursive schemas nested past the stack are a limit, not a crash', () => {
    const type = avro.Type.forSchema({ type: 'record', name: 'Node', fields: [{ name: 'next', type: ['null', 'Node'] }] });
    const depth = 200_000;
    const payload = Buffer.alloc(depth + 1, 2);
    payload[depth] = 0;
    assert.throws(() => avroGuard(type, 10)(payload), refused('limit', /nests a recursive type too deeply/));
  });

  test('every valid encoding passes: random PredictionEvents and LabelEvents from avsc', () => {
    const guardP = avroGuard(predictionType, 1_000_000);
    const guardL = avroGuard(labelType, 1_000_000);
    for (let i = 0; i < 2000; i++) {
      guardP(predictionType.toBuffer(predictionType.random()));
      guardL(labelType.toBuffer(labelType.random()));
    }
    const event = withWrappedFeatures({
      event_id: 'e', model_id: 'm', model_version: 'v', timestamp: 1, features: { a: 1.5, b: 2, c: 'x', d: true, e: null },
      prediction: { score: 0.3, label: 'y', probabilities: { y: 0.3, n: 0.7 } }, latency_ms: 3, attributes: { k: 'v' },
    });
    guardP(predictionType.toBuffer(event));
  });
});
