import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import type { KafkaMessage } from 'kafkajs';
import { batchSpanStart, contextFromHeaders, traceHeaders, useTraceContextPropagation } from './traceContext.ts';
import { withSpan } from './tracing.ts';

useTraceContextPropagation();

const A = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const B = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const C = '00-5bf92f3577b34da6a3ce929d0e0e4737-00f067aa0ba902b8-00';

function message(offset: number, headers?: KafkaMessage['headers']): KafkaMessage {
  return { key: null, value: Buffer.from('{}'), timestamp: '0', attributes: 0, offset: String(offset), headers } as KafkaMessage;
}

test('the W3C traceparent of a Kafka header (Buffer or string) is the context it carries', () => {
  const fromBuffer = trace.getSpanContext(contextFromHeaders({ traceparent: Buffer.from(A) }));
  assert.deepEqual({ ...fromBuffer, isRemote: true }, { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1, isRemote: true });
  assert.equal(trace.getSpanContext(contextFromHeaders({ traceparent: B }))?.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
  assert.equal(trace.getSpanContext(contextFromHeaders({ traceparent: 'garbage' })), undefined);
  assert.equal(trace.getSpanContext(contextFromHeaders(undefined)), undefined);
});

test('a batch span is a CONSUMER child of the first traced message, linked to the others up to the cap', () => {
  const messages = [message(0), message(1, { traceparent: 'not-a-traceparent' }), message(2, { traceparent: Buffer.from(A) }), message(3, { traceparent: B }), message(4, { traceparent: C }), message(5, { other: 'x' })];
  const start = batchSpanStart(messages, 1);
  assert.equal(start.kind, SpanKind.CONSUMER);
  assert.equal(trace.getSpanContext(start.parent!)?.traceId, '0af7651916cd43dd8448eb211c80319c');
  assert.deepEqual(start.links?.map((l) => l.context.traceId), ['4bf92f3577b34da6a3ce929d0e0e4736']);
  assert.deepEqual(batchSpanStart(messages, 5).links?.map((l) => l.context.spanId), ['00f067aa0ba902b7', '00f067aa0ba902b8']);
  const untraced = batchSpanStart([message(0), message(1)], 5);
  assert.equal(untraced.parent, undefined);
  assert.deepEqual(untraced.links, []);
});

test('with no SDK, the context a batch continues is what every output message carries', async () => {
  const start = batchSpanStart([message(7, { traceparent: A })], 10);
  const headers = await withSpan('driftwatch.batch', {}, () => withSpan('driftwatch.publish', {}, async () => traceHeaders(), { kind: SpanKind.PRODUCER }), start);
  assert.deepEqual(headers, { traceparent: A });
  assert.deepEqual(traceHeaders(), {}, 'outside any traced work there is nothing to write');
  assert.equal(propagation.fields().includes('traceparent'), true);
  assert.equal(trace.getSpanContext(context.active()), undefined);
});
