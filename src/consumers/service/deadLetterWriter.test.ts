import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KafkaMessage } from 'kafkajs';
import { limitsSchema } from '../../config/limitsSchema.ts';
import type { Logger } from '../../observability/logger.ts';
import { DriftwatchMetrics } from '../../observability/metrics.ts';
import { StateStoreUnavailableError } from '../../state/stateStoreErrors.ts';
import { MalformedMessageError } from '../malformedMessageError.ts';
import { DeadLetterWriter, type KeyedDeadLetter } from './deadLetterWriter.ts';
import { PartitionLost } from './partitionLost.ts';

function recordingLogger(): { logger: Logger; lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (_fields: unknown, msg: string) => void lines.push({ level, msg });
  return { logger: { warn: at('warn'), error: at('error'), info: at('info'), fatal: at('fatal'), debug: at('debug') } as unknown as Logger, lines };
}

const message = (offset: number, key = 'model-a'): KafkaMessage => ({ offset: String(offset), key: Buffer.from(key), value: Buffer.from('{bad'), timestamp: '0', attributes: 0, headers: {} }) as KafkaMessage;

test('a bad message becomes one counted dead letter keyed by its message key; one at or before the checkpoint gives none', async () => {
  const metrics = new DriftwatchMetrics();
  const { logger } = recordingLogger();
  const writer = new DeadLetterWriter({ limits: limitsSchema.parse({}), metrics, logger, liveMonitors: () => 0, now: () => 5 });
  const into: KeyedDeadLetter[] = [];
  writer.write('ml.predictions', 2, message(10), 9, new MalformedMessageError('decode', 'not JSON'), into);
  writer.write('ml.predictions', 2, message(9), 9, new MalformedMessageError('decode', 'not JSON'), into);
  assert.equal(into.length, 1);
  assert.equal(into[0].key, 'model-a');
  assert.deepEqual({ offset: into[0].letter.offset, kind: into[0].letter.error_kind, at: into[0].letter.at }, { offset: 10, kind: 'decode', at: 5 });
  assert.match(await metrics.registry.metrics(), /driftwatch_dead_letters_total\{[^}]*kind="decode"[^}]*\} 1/);
});

test('a dependency down or a lost partition is no dead letter: it stops the batch', () => {
  const { logger } = recordingLogger();
  const writer = new DeadLetterWriter({ limits: limitsSchema.parse({}), metrics: new DriftwatchMetrics(), logger, liveMonitors: () => 0 });
  assert.throws(() => writer.write('t', 0, message(1), -1, new StateStoreUnavailableError('saving', { cause: new Error('ECONNREFUSED') }), []), StateStoreUnavailableError);
  assert.throws(() => writer.write('t', 0, message(1), -1, new PartitionLost(), []), PartitionLost);
});

test('each kind of internal error is logged in full once, then only counted', () => {
  const { logger, lines } = recordingLogger();
  const writer = new DeadLetterWriter({ limits: limitsSchema.parse({}), metrics: new DriftwatchMetrics(), logger, liveMonitors: () => 0 });
  const into: KeyedDeadLetter[] = [];
  for (let i = 0; i < 3; i++) writer.write('t', 0, message(i), -1, new TypeError('boom'), into);
  assert.equal(into.length, 3);
  assert.equal(lines.filter((l) => l.level === 'error').length, 1);
});
