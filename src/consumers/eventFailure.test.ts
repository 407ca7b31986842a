import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StateDecodeError } from '../detectors/common/stateCodec.ts';
import { EventRejectedError } from '../monitor/eventRejectedError.ts';
import { CorruptMonitorStateError } from '../monitor/stateBundle.ts';
import { eventFailure, internalErrorKind, StateCorruptedError } from './eventFailure.ts';
import { MalformedMessageError } from './malformedMessageError.ts';

describe('what a failure on one event means', () => {
  test('bad input stays what it was', () => {
    const error = new MalformedMessageError('validation', 'no event id');
    assert.equal(eventFailure(error), error);
  });

  test('an event the engine refused is a limit dead letter', () => {
    const failure = eventFailure(new EventRejectedError('too far ahead'));
    assert.equal(failure.kind, 'limit');
    assert.equal(failure.message, 'too far ahead');
  });

  test('an unexpected exception is an internal dead letter naming the error', () => {
    const failure = eventFailure(new RangeError('modelVersion is 70000 bytes'));
    assert.equal(failure.kind, 'internal');
    assert.match(failure.message, /RangeError: modelVersion is 70000 bytes/);
    assert.ok(failure.cause instanceof RangeError);
    assert.equal(eventFailure('thrown string').kind, 'internal');
  });

  test('corrupt state stops processing instead', () => {
    assert.throws(() => eventFailure(new CorruptMonitorStateError('bad bytes')), StateCorruptedError);
    assert.throws(() => eventFailure(new StateDecodeError('truncated')), (e: unknown) => e instanceof StateCorruptedError && /last good one is intact/.test(e.message));
  });

  test('internal error kinds are the class and where it was thrown', () => {
    const a = (() => new TypeError('x'))();
    assert.match(internalErrorKind(a), /^TypeError at .*eventFailure\.test\.ts:\d+:\d+$/);
    assert.equal(internalErrorKind(a), internalErrorKind(a));
  });
});
