import { context, propagation, trace, type Context, type Link, type TextMapGetter } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { SpanKind, type SpanStart } from './tracing.ts';

const TRACEPARENT = 'traceparent';

/** Tells whether a context manager is registered: without one, `context.with` does not change the active context. */
const PROBE = { traceId: '00000000000000000000000000000001', spanId: '0000000000000001', traceFlags: 0 };

/**
 * Makes W3C Trace Context (`traceparent`, `tracestate`) the propagation format and AsyncLocalStorage the
 * carrier of the active context, unless an OpenTelemetry SDK registered its own first (those are kept). So
 * even without an SDK the trace context of an input message is passed on to the outputs: the API's no-op
 * spans carry their parent's context.
 */
export function useTraceContextPropagation(): void {
  // The API's no-op propagator injects no field; any real one names at least one.
  if (propagation.fields().length === 0) propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  if (!trace.getSpanContext(context.with(trace.setSpanContext(context.active(), PROBE), () => context.active()))) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  }
}

const kafkaHeaderGetter: TextMapGetter<IHeaders> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => {
    const value = headers[key];
    if (value === undefined) return undefined;
    if (Array.isArray(value)) return value.map((v) => v.toString());
    return value.toString();
  },
};

/** The context an incoming Kafka message carries in its headers (the root context when it carries none). */
export function contextFromHeaders(headers: IHeaders | undefined): Context {
  return headers ? propagation.extract(context.active(), headers, kafkaHeaderGetter) : context.active();
}

/**
 * How a batch's CONSUMER span starts: as a child of the first message that carries a `traceparent`, linked to
 * the trace contexts of the others (at most `maxLinks`), per the OpenTelemetry messaging conventions for batches.
 */
export function batchSpanStart(messages: readonly KafkaMessage[], maxLinks: number): SpanStart {
  let parent: Context | undefined;
  const links: Link[] = [];
  for (const message of messages) {
    if (message.headers?.[TRACEPARENT] === undefined) continue;
    const carried = contextFromHeaders(message.headers);
    const spanContext = trace.getSpanContext(carried);
    if (!spanContext || !trace.isSpanContextValid(spanContext)) continue;
    if (!parent) parent = carried;
    else if (links.length < maxLinks) links.push({ context: spanContext });
    else break;
  }
  return { kind: SpanKind.CONSUMER, parent, links };
}

/** The active trace context as Kafka headers (`traceparent`, and `tracestate` when there is one). */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}
