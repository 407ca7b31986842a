import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MalformedMessageError } from './malformedMessageError.ts';
import { toPredictionEvent } from './predictionEventValidation.ts';

const base = { event_id: 'e1', model_id: 'churn', model_version: 'v1', timestamp: 1714564800000, features: { age: 41 } };

describe('toPredictionEvent', () => {
  it('keeps a predicted label of any primitive type as its text (a CSV reader types an unquoted 1 as a number)', () => {
    assert.equal(toPredictionEvent({ ...base, prediction: { label: 1 } }).prediction.label, '1');
    assert.equal(toPredictionEvent({ ...base, prediction: { label: 0.5 } }).prediction.label, '0.5');
    assert.equal(toPredictionEvent({ ...base, prediction: { label: true } }).prediction.label, 'true');
    assert.equal(toPredictionEvent({ ...base, prediction: { label: 'spam' } }).prediction.label, 'spam');
    assert.equal(toPredictionEvent({ ...base, prediction: { label: { string: 'ham' } } }).prediction.label, 'ham');
    assert.equal(toPredictionEvent({ ...base, prediction: { label: null } }).prediction.label, null);
    assert.equal(toPredictionEvent({ ...base, prediction: {} }).prediction.label, null);
  });

  it('rejects a predicted label that is no primitive, naming the field', () => {
    for (const label of [{ a: 1 }, [1], Number.NaN]) {
      assert.throws(() => toPredictionEvent({ ...base, prediction: { label } }), (e: unknown) => e instanceof MalformedMessageError && e.kind === 'validation' && /prediction\.label must be a string, a number or a boolean/.test(e.message));
    }
  });

  it('takes ids and versions of any primitive type as their text', () => {
    const event = toPredictionEvent({ ...base, event_id: 17, model_id: 'churn', model_version: 2, features: {} });
    assert.equal(event.event_id, '17');
    assert.equal(event.model_version, '2');
    assert.equal(toPredictionEvent({ ...base, event_id: 1.5 }).event_id, '1.5');
    assert.equal(toPredictionEvent({ ...base, event_id: 9007199254740993n }).event_id, '9007199254740993');
    assert.throws(() => toPredictionEvent({ ...base, event_id: '' }), /event_id must be a non-empty string, got ""/);
    assert.throws(() => toPredictionEvent({ ...base, event_id: Number.POSITIVE_INFINITY }), /event_id must be a non-empty string/);
  });
});
