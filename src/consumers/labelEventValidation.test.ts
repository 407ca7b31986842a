import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toLabelEvent } from './labelEventValidation.ts';
import { MalformedMessageError } from './malformedMessageError.ts';

const base = { event_id: 'e1', model_id: 'churn', timestamp: 1714564800000 };

function rejects(record: unknown, pattern: RegExp) {
  assert.throws(
    () => toLabelEvent(record),
    (error: unknown) => error instanceof MalformedMessageError && error.kind === 'validation' && /^not a valid LabelEvent: /.test(error.message) && pattern.test(error.message),
  );
}

describe('toLabelEvent', () => {
  it('accepts plain and avsc-wrapped labels', () => {
    assert.deepEqual(toLabelEvent({ ...base, label: 1 }), { ...base, label: 1 });
    assert.deepEqual(toLabelEvent({ ...base, label: 'spam' }), { ...base, label: 'spam' });
    assert.deepEqual(toLabelEvent({ ...base, label: { double: 0.5 } }), { ...base, label: 0.5 });
    assert.deepEqual(toLabelEvent({ ...base, label: { string: 'ham' } }), { ...base, label: 'ham' });
  });

  it('takes ids of any primitive type as their text (CSV and Parquet readers type their cells)', () => {
    assert.deepEqual(toLabelEvent({ ...base, event_id: 17, label: 1 }), { ...base, event_id: '17', label: 1 });
    assert.deepEqual(toLabelEvent({ ...base, event_id: 2.5, model_id: 7, label: 1 }), { ...base, event_id: '2.5', model_id: '7', label: 1 });
    assert.deepEqual(toLabelEvent({ ...base, event_id: 12345678901234567890n, label: 1 }), { ...base, event_id: '12345678901234567890', label: 1 });
    assert.deepEqual(toLabelEvent({ ...base, event_id: true, label: 1 }), { ...base, event_id: 'true', label: 1 });
  });

  it('returns only the contract fields', () => {
    assert.deepEqual(toLabelEvent({ ...base, label: 0, extra: 'x' }), { ...base, label: 0 });
  });

  it('rejects records that are not objects', () => {
    rejects(null, /not a record/);
    rejects([base], /not a record/);
    rejects('e1', /not a record/);
  });

  it('rejects missing or empty ids, naming the field', () => {
    rejects({ ...base, event_id: '', label: 1 }, /event_id must be a non-empty string, got ""/);
    rejects({ model_id: 'churn', timestamp: 1, label: 1 }, /event_id must be a non-empty string, got nothing/);
    rejects({ ...base, model_id: { id: 7 }, label: 1 }, /model_id must be a non-empty string, got/);
    rejects({ ...base, event_id: Number.NaN, label: 1 }, /event_id must be a non-empty string, got NaN/);
  });

  it('rejects timestamps that are not finite ms', () => {
    rejects({ ...base, timestamp: '2024-05-01T00:00:00Z', label: 1 }, /timestamp must be ms since the epoch, got "2024-05-01T00:00:00Z"/);
    rejects({ ...base, timestamp: Number.NaN, label: 1 }, /timestamp must be ms since the epoch, got NaN/);
  });

  it('rejects labels that are missing, empty, not finite, or of another type', () => {
    rejects(base, /label must be a finite number or a non-empty string, got nothing/);
    rejects({ ...base, label: null }, /got null/);
    rejects({ ...base, label: '' }, /got ""/);
    rejects({ ...base, label: Number.POSITIVE_INFINITY }, /got Infinity/);
    rejects({ ...base, label: true }, /got true/);
    rejects({ ...base, label: { int: 1 } }, /got \{"int":1\}/);
  });
});
