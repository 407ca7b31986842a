import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJsonPayload, looksLikeJson } from './jsonPayload.ts';
import { MalformedMessageError } from './malformedMessageError.ts';

function fails(value: Buffer | null, kind: string, pattern: RegExp) {
  assert.throws(
    () => decodeJsonPayload(value),
    (error: unknown) => error instanceof MalformedMessageError && error.kind === kind && pattern.test(error.message),
  );
}

describe('decodeJsonPayload', () => {
  it('decodes a JSON object, with whitespace and a byte-order mark around it', () => {
    assert.deepEqual(decodeJsonPayload(Buffer.from(' {"event_id":"e1","features":{"city":"Zürich","n":1.5}}\n')), { event_id: 'e1', features: { city: 'Zürich', n: 1.5 } });
    assert.deepEqual(decodeJsonPayload(Buffer.from('\uFEFF{"a":1}')), { a: 1 });
  });

  it('calls a null value a tombstone', () => {
    fails(null, 'tombstone', /tombstone/);
  });

  it('fails to decode bytes that are not UTF-8', () => {
    fails(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]), 'decode', /not valid UTF-8 \(9 bytes\)/);
  });

  it('fails to decode invalid JSON, giving the position', () => {
    fails(Buffer.from('{"a":1,}'), 'decode', /not valid JSON: .*at position 7/);
    fails(Buffer.from('{"a":'), 'decode', /not valid JSON: Unexpected end of JSON input at position 5/);
    fails(Buffer.from(''), 'decode', /not valid JSON: Unexpected end of JSON input at position 0/);
    fails(Buffer.from('{"a":x}'), 'decode', /not valid JSON: Unexpected token 'x'/);
  });

  it('fails validation for JSON that is not an object', () => {
    fails(Buffer.from('[1,2]'), 'validation', /must be an object at the top level, got an array/);
    fails(Buffer.from('null'), 'validation', /got null/);
    fails(Buffer.from('"text"'), 'validation', /got string/);
    fails(Buffer.from('42'), 'validation', /got number/);
  });
});

describe('looksLikeJson', () => {
  it('is true when the first byte after whitespace or a byte-order mark is {', () => {
    assert.equal(looksLikeJson(Buffer.from('{"a":1}')), true);
    assert.equal(looksLikeJson(Buffer.from(' \r\n\t{')), true);
    assert.equal(looksLikeJson(Buffer.from('\uFEFF {}')), true);
  });

  it('is false for Confluent-framed Avro, other JSON, and empty values', () => {
    assert.equal(looksLikeJson(Buffer.from([0x00, 0x00, 0x00, 0x00, 0x07, 0x7b])), false);
    assert.equal(looksLikeJson(Buffer.from('[{}]')), false);
    assert.equal(looksLikeJson(Buffer.from('   ')), false);
    assert.equal(looksLikeJson(Buffer.alloc(0)), false);
  });
});
