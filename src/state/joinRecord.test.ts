import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeJoinRecord, encodeJoinRecord, JoinRecordFormatError, type JoinRecord } from './joinRecord.ts';

test('join records round-trip with and without score and label', () => {
  const records: JoinRecord[] = [
    { modelVersion: 'v3', timestamp: 1_732_406_400_123, score: 0.8125, label: 'fraud' },
    { modelVersion: 'churn-2024.11 ✓', timestamp: 0, score: null, label: null },
    { modelVersion: '', timestamp: 1.5, score: -3e-300, label: '' },
    { modelVersion: 'v1', timestamp: 42, score: null, label: 'ünïcode label' },
  ];
  for (const record of records) assert.deepEqual(decodeJoinRecord(encodeJoinRecord(record)), record);
});

test('a join record is compact', () => {
  const bytes = encodeJoinRecord({ modelVersion: 'v12', timestamp: Date.now(), score: 0.5, label: null });
  assert.equal(bytes.length, 2 + 8 + 8 + 2 + 3);
});

test('unreadable bytes throw JoinRecordFormatError', () => {
  const good = encodeJoinRecord({ modelVersion: 'v1', timestamp: 1, score: 1, label: 'yes' });
  assert.throws(() => decodeJoinRecord(good.subarray(0, good.length - 1)), JoinRecordFormatError);
  assert.throws(() => decodeJoinRecord(Buffer.concat([good, Buffer.from([0])])), JoinRecordFormatError);
  assert.throws(() => decodeJoinRecord(Buffer.from('{"modelVersion":"v1"}')), /format 123 is not known/);
  assert.throws(() => decodeJoinRecord(Buffer.alloc(3)), JoinRecordFormatError);
});
