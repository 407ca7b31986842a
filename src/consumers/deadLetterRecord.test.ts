import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import avro from 'avsc';
import { avroContract } from '../contracts/avroContracts.ts';
import { requestChunks } from '../sinks/requestChunks.ts';
import { deadLetterRecord } from './deadLetterRecord.ts';
import { MalformedMessageError } from './malformedMessageError.ts';

const error = new MalformedMessageError('decode', 'not JSON');
const source = (key: Buffer | null, value: Buffer | null) => ({ topic: 't', partition: 1, offset: 7, key, value });

describe('dead letters always fit', () => {
  test('small messages are kept whole', () => {
    const letter = deadLetterRecord(source(Buffer.from('m'), Buffer.from('xyz')), error, 100, 5);
    assert.deepEqual(letter, {
      source_topic: 't', partition: 1, offset: 7, key: Buffer.from('m'), value: Buffer.from('xyz'),
      error_kind: 'decode', message: 'not JSON', at: 5, original_size: 4, truncated: false,
    });
  });

  test('a 900 KB message is cut to the cap, marked truncated with its original size', () => {
    const value = Buffer.alloc(900_000, 0x41);
    const letter = deadLetterRecord(source(Buffer.from('model'), value), error, 256 * 1024, 5);
    assert.equal(letter.truncated, true);
    assert.equal(letter.original_size, 900_005);
    assert.equal(letter.key!.length + letter.value!.length, 256 * 1024);
    assert.deepEqual(letter.value, value.subarray(0, 256 * 1024 - 5), 'the first bytes are kept');
    assert.match(letter.message, /cut from 900005 to 262144 bytes/);
  });

  test('a key over the cap is cut too; a tombstone stays null', () => {
    const letter = deadLetterRecord(source(Buffer.alloc(500), Buffer.alloc(10)), error, 100, 5);
    assert.equal(letter.key!.length, 100);
    assert.equal(letter.value!.length, 0);
    assert.equal(deadLetterRecord(source(null, null), error, 100, 5).value, null);
  });

  test('the reason is bounded', () => {
    const letter = deadLetterRecord(source(null, Buffer.from('x')), new MalformedMessageError('internal', 'y'.repeat(10_000)), 100, 5);
    assert.ok(letter.message.length < 2100);
  });

  test('the DeadLetter contract encodes the new fields, and reads letters written before them with defaults', () => {
    const type = avro.Type.forSchema(avroContract('DeadLetter') as avro.Schema);
    const letter = deadLetterRecord(source(Buffer.from('m'), Buffer.alloc(300_000)), error, 256 * 1024, 5);
    const back = type.fromBuffer(type.toBuffer(letter)) as typeof letter;
    assert.equal(back.truncated, true);
    assert.equal(back.original_size, 300_001);
    const { fields, ...rest } = avroContract('DeadLetter');
    const old = avro.Type.forSchema({ ...rest, fields: fields.filter((f) => f.name !== 'original_size' && f.name !== 'truncated') } as avro.Schema);
    const oldBytes = old.toBuffer({ source_topic: 't', partition: 0, offset: 1, key: null, value: null, error_kind: 'tombstone', message: 'm', at: 1 });
    const read = type.createResolver(old);
    const upgraded = type.fromBuffer(oldBytes, read) as typeof letter;
    assert.equal(upgraded.original_size, -1);
    assert.equal(upgraded.truncated, false);
  });

  test('5,000 dead letters are sent in requests under the cap, in order', () => {
    const messages = Array.from({ length: 5000 }, (_, i) => ({ key: 'm', value: Buffer.alloc(200, i % 256) }));
    const chunks = requestChunks(messages, 512 * 1024);
    assert.ok(chunks.length >= 2);
    assert.deepEqual(chunks.flat(), messages);
    for (const chunk of chunks) assert.ok(chunk.reduce((n, m) => n + 1 + m.value.length + 64, 0) <= 512 * 1024);
  });

  test('a message larger than the request cap goes alone', () => {
    const big = { key: 'm', value: Buffer.alloc(1000) };
    const chunks = requestChunks([{ key: 'a', value: Buffer.alloc(10) }, big, { key: 'b', value: Buffer.alloc(10) }], 500);
    assert.deepEqual(chunks.map((c) => c.length), [1, 1, 1]);
  });
});
