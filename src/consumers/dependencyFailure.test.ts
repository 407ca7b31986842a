import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RegistryUnavailableError } from '../registry/registryErrors.ts';
import { isMessageTooLarge, RecordTooLargeError } from '../sinks/recordTooLargeError.ts';
import { StateStoreUnavailableError } from '../state/stateStoreErrors.ts';
import { isDependencyFailure } from './dependencyFailure.ts';
import { MalformedMessageError } from './malformedMessageError.ts';

/** An error as the registry client throws it: a message and the HTTP status (400 for network failures). */
function registryError(status: number, message: string): Error {
  return Object.assign(new Error(`driftwatch - Error, status ${status}: ${message}`), { status });
}

test('outages are retried: our unavailable errors, kafkajs errors, registry 5xx / 408 / 429, network failures and timeouts', () => {
  for (const error of [
    new RegistryUnavailableError('down'),
    new StateStoreUnavailableError('saving', { cause: new Error('Connection is closed.') }),
    Object.assign(new Error('broker gone'), { name: 'KafkaJSConnectionError' }),
    registryError(503, 'Service Unavailable'),
    registryError(408, 'Request Timeout'),
    registryError(429, 'Too Many Requests'),
    registryError(400, 'connect ECONNREFUSED 127.0.0.1:18081'),
    registryError(400, 'socket hang up'),
    registryError(400, 'Timeout (10000ms)'),
    new RecordTooLargeError('ml.monitoring.dlq', Object.assign(new Error('too large'), { name: 'KafkaJSProtocolError', type: 'MESSAGE_TOO_LARGE' })),
  ]) assert.equal(isDependencyFailure(error), true, error.message);
});

test('bad input and bugs are not retried', () => {
  for (const error of [
    new MalformedMessageError('decode', 'payload does not decode'),
    registryError(409, 'Schema being registered is incompatible'),
    registryError(422, 'Invalid schema'),
    new TypeError("Cannot read properties of undefined (reading 'x')"),
    'a string',
  ]) assert.equal(isDependencyFailure(error), false, String(error));
});

test('a record the broker refuses as too large is recognised, also behind kafkajs retries', () => {
  const protocol = Object.assign(new Error('too large'), { name: 'KafkaJSProtocolError', type: 'MESSAGE_TOO_LARGE' });
  assert.equal(isMessageTooLarge(protocol), true);
  assert.equal(isMessageTooLarge(Object.assign(new Error('retries exceeded'), { name: 'KafkaJSNumberOfRetriesExceeded', originalError: protocol })), true);
  assert.equal(isMessageTooLarge(Object.assign(new Error('x'), { type: 'UNKNOWN_TOPIC_OR_PARTITION' })), false);
});
