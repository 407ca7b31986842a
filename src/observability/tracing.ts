/**
 * Tracing over the OpenTelemetry API only. With no SDK registered every span is a no-op, so driftwatch
 * costs nothing until a user opts in by registering an SDK before driftwatch loads, e.g.
 *
 *   node --import @opentelemetry/auto-instrumentations-node/register driftwatch run …
 *
 * (configured through the standard OTEL_* environment variables), or their own NodeSDK /
 * NodeTracerProvider set up in an --import'ed file. `tracer` is the API's proxy, so an SDK registered
 * after this module loads is picked up as well.
 *
 * Spans driftwatch creates (names in `spanNames`; kinds in brackets):
 *   driftwatch.batch       [CONSUMER] one Kafka batch of a partition, from first message to offset commit; it
 *                          continues the trace of the batch's first message with a W3C `traceparent` header
 *                          and links the others' (see traceContext.ts)
 *   driftwatch.monitor     [INTERNAL] decoding and applying the batch's messages to the monitors
 *   driftwatch.decode      [INTERNAL] decoding a message whose writer schema must be fetched from the registry
 *   driftwatch.publish     [PRODUCER] publishing alerts, window reports, retrain requests or dead letters;
 *                          every message published carries its context as a `traceparent` header
 *   driftwatch.checkpoint  [INTERNAL] the atomic Redis write of a partition's state and last applied offset
 * Attributes follow the messaging conventions where they apply (messaging.system = kafka,
 * messaging.destination.name, messaging.destination.partition.id, messaging.batch.message_count).
 */
import { readFileSync } from 'node:fs';
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Link, type Span, type Tracer } from '@opentelemetry/api';

export const spanNames = {
  batch: 'driftwatch.batch',
  monitor: 'driftwatch.monitor',
  decode: 'driftwatch.decode',
  publish: 'driftwatch.publish',
  checkpoint: 'driftwatch.checkpoint',
} as const;

export const tracer: Tracer = trace.getTracer('driftwatch', packageVersion());

export { SpanKind };

export interface SpanStart {
  /** INTERNAL unless said. */
  kind?: SpanKind;
  links?: Link[];
  /** The parent context (e.g. extracted from a message's headers) instead of the active one. */
  parent?: Context;
}

/** Runs `fn` in a new active span; an error (rejection) is recorded on the span, marks it failed and is rethrown. */
export async function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>, start: SpanStart = {}): Promise<T> {
  const parent = start.parent ?? context.active();
  const span = tracer.startSpan(name, { attributes, kind: start.kind ?? SpanKind.INTERNAL, links: start.links }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), fn, undefined, span);
  } catch (error) {
    markFailed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** `withSpan` for synchronous work. */
export function withSpanSync<T>(name: string, attributes: Attributes, fn: (span: Span) => T): T {
  const span = tracer.startSpan(name, { attributes });
  try {
    return context.with(trace.setSpan(context.active(), span), fn, undefined, span);
  } catch (error) {
    markFailed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

function markFailed(span: Span, error: unknown): void {
  if (error instanceof Error) {
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  } else {
    span.recordException(String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
  }
}

// Same relative path from src/observability/ and from the built dist/observability/.
function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const version = (manifest as { version?: unknown }).version;
  return typeof version === 'string' ? version : '0.0.0';
}
