/**
 * Loaded into a `driftwatch serve` process with `node --import` (through NODE_OPTIONS), as a user registers an
 * OpenTelemetry SDK: a tracer provider, an AsyncLocalStorage context and the W3C propagator, all registered
 * before driftwatch loads. Every span that ends is appended as one JSON line to $DRIFTWATCH_TEST_SPANS_FILE.
 */
import { appendFileSync } from 'node:fs';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { SimpleSpanProcessor, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';

const file = process.env.DRIFTWATCH_TEST_SPANS_FILE;
if (!file) throw new Error('recordSpans: set DRIFTWATCH_TEST_SPANS_FILE');

export interface RecordedSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  links: { traceId: string; spanId: string }[];
}

const exporter: SpanExporter = {
  export(spans: ReadableSpan[], done) {
    const lines = spans.map((span) => JSON.stringify({
      name: span.name,
      kind: span.kind,
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      parentSpanId: span.parentSpanContext?.spanId,
      links: span.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId })),
    } satisfies RecordedSpan));
    appendFileSync(file, lines.map((l) => `${l}\n`).join(''));
    done({ code: 0 });
  },
  shutdown: async () => {},
};

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
