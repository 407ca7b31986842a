import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  INVALID_SPAN_CONTEXT,
  SpanStatusCode,
  trace,
  context,
  SpanKind,
  type Attributes,
  type Context,
  type Exception,
  type Span,
  type SpanContext,
  type SpanOptions,
  type SpanStatus,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { spanNames, withSpan, withSpanSync } from './tracing.ts';

describe('with no SDK registered (no-op tracer)', () => {
  test('withSpan resolves to the work result', async () => {
    assert.equal(await withSpan(spanNames.batch, { 'messaging.system': 'kafka' }, async () => 42), 42);
  });

  test('withSpan rethrows the work error', async () => {
    const failure = new Error('decode failed');
    await assert.rejects(withSpan(spanNames.publish, {}, async () => Promise.reject(failure)), failure);
  });

  test('withSpanSync returns and rethrows', () => {
    assert.equal(withSpanSync(spanNames.checkpoint, {}, () => 'saved'), 'saved');
    assert.throws(() => withSpanSync(spanNames.checkpoint, {}, () => { throw new RangeError('fenced'); }), RangeError);
  });
});

class RecordedSpan implements Span {
  readonly name: string;
  readonly attributes: Attributes;
  options: SpanOptions = {};
  parentTraceId: string | undefined;
  readonly exceptions: Exception[] = [];
  status: SpanStatus = { code: SpanStatusCode.UNSET };
  ended = 0;
  constructor(name: string, attributes: Attributes) {
    this.name = name;
    this.attributes = { ...attributes };
  }
  spanContext(): SpanContext { return INVALID_SPAN_CONTEXT; }
  setAttribute(key: string, value: Attributes[string]): this { this.attributes[key] = value; return this; }
  setAttributes(attributes: Attributes): this { Object.assign(this.attributes, attributes); return this; }
  addEvent(): this { return this; }
  addLink(): this { return this; }
  addLinks(): this { return this; }
  setStatus(status: SpanStatus): this { this.status = status; return this; }
  updateName(): this { return this; }
  end(): void { this.ended++; }
  isRecording(): boolean { return true; }
  recordException(exception: Exception): void { this.exceptions.push(exception); }
}

describe('with a tracer provider registered', () => {
  const spans: RecordedSpan[] = [];
  const recordingTracer = {
    startSpan(name: string, options?: SpanOptions, parent?: Context): Span {
      const span = new RecordedSpan(name, options?.attributes ?? {});
      span.options = options ?? {};
      span.parentTraceId = parent ? trace.getSpanContext(parent)?.traceId : undefined;
      spans.push(span);
      return span;
    },
  } as Tracer;
  const provider: TracerProvider = { getTracer: () => recordingTracer };
  before(() => assert.ok(trace.setGlobalTracerProvider(provider)));
  after(() => trace.disable());

  test('spans reach a provider registered after the tracer was created', async () => {
    spans.length = 0;
    await withSpan(spanNames.publish, { 'messaging.destination.name': 'ml.monitoring.alerts' }, async (span) => {
      assert.equal(span, spans[0]);
      span.setAttribute('messaging.batch.message_count', 3);
    });
    assert.equal(spans.length, 1);
    assert.equal(spans[0].name, 'driftwatch.publish');
    assert.deepEqual(spans[0].attributes, { 'messaging.destination.name': 'ml.monitoring.alerts', 'messaging.batch.message_count': 3 });
    assert.equal(spans[0].ended, 1);
    assert.deepEqual(spans[0].status, { code: SpanStatusCode.UNSET });
  });

  test('a failure is recorded on the span, marks it as an error and ends it', async () => {
    spans.length = 0;
    const failure = new Error('redis down');
    await assert.rejects(withSpan(spanNames.checkpoint, {}, async () => { throw failure; }), failure);
    assert.deepEqual(spans[0].exceptions, [failure]);
    assert.deepEqual(spans[0].status, { code: SpanStatusCode.ERROR, message: 'redis down' });
    assert.equal(spans[0].ended, 1);
  });

  test('a span starts with its kind (INTERNAL unless said), links and the parent context given', async () => {
    spans.length = 0;
    const remote = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1, isRemote: true };
    const link = { context: { ...remote, spanId: '00f067aa0ba902b7' } };
    await withSpan(spanNames.batch, {}, async () => {}, { kind: SpanKind.CONSUMER, links: [link], parent: trace.setSpanContext(context.active(), remote) });
    await withSpan(spanNames.checkpoint, {}, async () => {});
    assert.equal(spans[0].options.kind, SpanKind.CONSUMER);
    assert.deepEqual(spans[0].options.links, [link]);
    assert.equal(spans[0].parentTraceId, remote.traceId);
    assert.equal(spans[1].options.kind, SpanKind.INTERNAL);
  });

  test('the sync variant records a thrown non-Error as text', () => {
    spans.length = 0;
    assert.throws(() => withSpanSync(spanNames.publish, {}, () => { throw 'bad bytes'; }), (thrown) => thrown === 'bad bytes');
    assert.deepEqual(spans[0].exceptions, ['bad bytes']);
    assert.deepEqual(spans[0].status, { code: SpanStatusCode.ERROR, message: 'bad bytes' });
    assert.equal(spans[0].ended, 1);
  });
});
