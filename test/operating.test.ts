import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { SpanKind } from '@opentelemetry/api';
import type { Admin, IHeaders, Kafka, Producer } from 'kafkajs';
import type { AlertRecord, PredictionEvent } from '../src/contracts/events.ts';
import type { WindowReportRecord } from '../src/contracts/reports.ts';
import { withWrappedFeatures } from '../src/contracts/featureValueUnion.ts';
import type { MonitorStatus } from '../src/observability/monitorBoard.ts';
import type { RecordedSpan } from './support/recordSpans.ts';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { registerContracts } from '../src/registry/registerContracts.ts';
import { connectionsOf, connectLiveStack, createTopics, eventually, stack, uniqueNames, waitForGroupCaughtUp, type LiveStackClients } from './support/liveStack.ts';
import { predictionStream } from './support/predictionStream.ts';
import { seededRandom } from './support/random.ts';
import { metricSample, metricsPort, withServe } from './support/serveRun.ts';

const REFERENCE = 2000;
const WINDOW = 500;
const TOKEN = 'operating-test-bearer-token';
// A producer's W3C trace context: every output the service derives from these events must carry it on.
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

interface Received<T> {
  value: T;
  headers: IHeaders;
}

/** Every message of a topic, decoded, with its headers, until the end offsets at the time of the call. */
async function readWithHeaders<T>(kafka: Kafka, admin: Admin, registry: SchemaRegistry, topic: string): Promise<Received<T>[]> {
  const ends = await admin.fetchTopicOffsets(topic);
  const remaining = new Map(ends.filter((e) => Number(e.offset) > Number(e.low)).map((e) => [e.partition, Number(e.offset)]));
  const out: Received<T>[] = [];
  if (remaining.size === 0) return out;
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic} timed out`)), 60_000);
      consumer.run({
        eachMessage: async ({ partition, message }) => {
          out.push({ value: (await registry.decode(message.value!)) as T, headers: message.headers ?? {} });
          if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
          if (remaining.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        },
      }).catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return out;
}

/** NODE_OPTIONS for serve processes started inside `body`: the SDK of support/recordSpans.ts, exporting to `file`. */
function withSpanRecording(file: string) {
  return { NODE_OPTIONS: `--import=${new URL('./support/recordSpans.ts', import.meta.url).pathname}`, DRIFTWATCH_TEST_SPANS_FILE: file };
}

/**
 * Runs `start` with `env` added to process.env: the serve processes it spawns (synchronously, before its first
 * await) inherit them; this process's environment is restored as soon as `start` has returned its promise.
 */
function withEnvironment<T>(env: Record<string, string>, start: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    return start();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

async function get(port: number, path: string, token?: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(10_000) });
}

describe('operating serve on the live stack: lag and drift on /metrics, /monitors behind a token, trace context through', () => {
  const registry = createRegistryClient({ url: stack.registryUrl });
  let clients: LiveStackClients | undefined;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;

  before(async () => {
    clients = await connectLiveStack();
    ({ kafka, admin, producer } = clients);
  });

  after(async () => {
    await clients?.close();
  });

  test('a drifting stream: per-partition lag, drift and quality gauges, the monitor with its firing alert, traceparent on every output', async () => {
    const names = uniqueNames('operating');
    const model = 'credit-risk';
    await createTopics(admin, [names.predictions, names.alerts, names.deadLetter, names.windows, names.retrain]);
    const rng = seededRandom(21);
    const events: PredictionEvent[] = [
      ...predictionStream(rng, { modelId: model, count: REFERENCE + WINDOW }),
      ...predictionStream(rng, { modelId: model, count: 3 * WINDOW, from: REFERENCE + WINDOW, incomeShift: 1 }),
    ];
    const [{ id }] = await registerContracts(registry, [{ contract: 'PredictionEvent', topic: names.predictions }]);
    for (let i = 0; i < events.length; i += 500) {
      const messages = await Promise.all(events.slice(i, i + 500).map(async (e) => ({
        key: e.model_id, value: await registry.encode(id, withWrappedFeatures(e)), headers: { traceparent: TRACEPARENT },
      })));
      await producer.send({ topic: names.predictions, messages });
    }
    const [partition] = (await admin.fetchTopicOffsets(names.predictions)).filter((p) => Number(p.offset) > 0).map((p) => p.partition);

    const config = {
      ...connectionsOf(names),
      observability: { port: 0, authToken: TOKEN },
      monitors: [{
        model,
        features: { income: 'numeric', age: 'numeric', debt_ratio: 'numeric', region: 'categorical' },
        reference: { source: 'firstEvents', events: REFERENCE },
        window: { type: 'count', size: WINDOW },
      }],
    };
    const { metrics, monitors, unauthorized, live } = await withServe(config, async (serve) => {
      const port = await metricsPort(serve);
      await waitForGroupCaughtUp(admin, names.groupId, names.predictions);
      let metrics = '';
      await eventually('the last window is on /metrics', 30_000, async () => {
        metrics = await (await get(port, '/metrics', TOKEN)).text();
        return metricSample(metrics, 'driftwatch_window_reports_total', { model_id: model, stream: 'predictions' }) === 4;
      });
      const monitors = await get(port, '/monitors', TOKEN);
      return {
        metrics,
        monitors: { status: monitors.status, body: (await monitors.json()) as { monitors: MonitorStatus[] } },
        unauthorized: await Promise.all(['/metrics', '/monitors', '/health/ready'].map(async (path) => (await get(port, path)).status)),
        live: (await get(port, '/health/live')).status,
      };
    });

    assert.deepEqual(unauthorized, [401, 401, 401], 'no token, no answer');
    assert.equal(live, 200, 'liveness answers without the token');

    assert.equal(metricSample(metrics, 'driftwatch_consumer_lag', { topic: names.predictions, partition: String(partition) }), 0, 'lag is set and reaches 0 once caught up');
    const incomePsi = metricSample(metrics, 'driftwatch_drift_statistic', { model_id: model, stream: 'predictions', feature: 'income', metric: 'psi' });
    assert.ok(incomePsi !== undefined && incomePsi > 0.25, `income PSI of the last window ${incomePsi}`);
    const agePsi = metricSample(metrics, 'driftwatch_drift_statistic', { model_id: model, stream: 'predictions', feature: 'age', metric: 'psi' });
    assert.ok(agePsi !== undefined && agePsi < 0.1, `age PSI of the last window ${agePsi}`);
    const quality = metricSample(metrics, 'driftwatch_quality_score', { model_id: model, stream: 'predictions' });
    assert.ok(quality !== undefined && quality > 0.9 && quality <= 1, `quality score ${quality}`);

    assert.equal(monitors.status, 200);
    assert.equal(monitors.body.monitors.length, 1);
    const [status] = monitors.body.monitors;
    assert.equal(status.model_id, model);
    assert.equal(status.model_version, 'v1');
    assert.equal(status.windows_seen, 4);
    assert.deepEqual(status.streams.predictions?.last_window, { start: 3 * WINDOW, end: 4 * WINDOW, count: WINDOW });
    assert.ok(typeof status.last_report_at === 'number' && status.last_report_at > Date.now() - 10 * 60_000);
    assert.ok(status.firing_alerts.some((a) => a.detector === 'drift.psi' && a.feature === 'income' && a.severity === 'critical'), JSON.stringify(status.firing_alerts));

    const reports = await readWithHeaders<WindowReportRecord>(kafka, admin, registry, names.windows);
    const alerts = await readWithHeaders<AlertRecord>(kafka, admin, registry, names.alerts);
    assert.equal(reports.length, 4);
    assert.ok(alerts.length > 0);
    for (const { value, headers } of [...reports, ...alerts]) {
      assert.equal(headers.traceparent?.toString(), TRACEPARENT, `${'report_id' in value ? value.report_id : value.alert_id} carries the input's trace context`);
    }
  });
  test('with an OpenTelemetry SDK registered: CONSUMER batch spans continue the input trace, with INTERNAL monitor and checkpoint and PRODUCER publish children', async () => {
    const names = uniqueNames('tracing');
    const model = 'credit-risk';
    await createTopics(admin, [names.predictions, names.alerts, names.deadLetter, names.windows, names.retrain]);
    const rng = seededRandom(22);
    const events = predictionStream(rng, { modelId: model, count: 600 });
    const [{ id }] = await registerContracts(registry, [{ contract: 'PredictionEvent', topic: names.predictions }]);
    const messages = await Promise.all(events.map(async (e) => ({ key: e.model_id, value: await registry.encode(id, withWrappedFeatures(e)), headers: { traceparent: TRACEPARENT } })));
    await producer.send({ topic: names.predictions, messages });
    const spansFile = join(mkdtempSync(join(tmpdir(), 'driftwatch-spans-')), 'spans.jsonl');
    const config = {
      ...connectionsOf(names),
      monitors: [{ model, reference: { source: 'firstEvents', events: 300 }, window: { type: 'count', size: 100 } }],
    };
    await withEnvironment(withSpanRecording(spansFile), () => withServe(config, () => waitForGroupCaughtUp(admin, names.groupId, names.predictions)));

    assert.ok(existsSync(spansFile), 'the SDK in the serve process exported spans');
    const spans = readFileSync(spansFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as RecordedSpan);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const batches = spans.filter((s) => s.name === 'driftwatch.batch');
    assert.ok(batches.length > 0);
    for (const batch of batches) {
      assert.equal(batch.kind, SpanKind.CONSUMER);
      assert.equal(batch.traceId, '0af7651916cd43dd8448eb211c80319c', 'the batch continues the producer trace');
      assert.equal(batch.parentSpanId, 'b7ad6b7169203331', "the producer's span is its parent");
    }
    const kinds = { 'driftwatch.monitor': SpanKind.INTERNAL, 'driftwatch.checkpoint': SpanKind.INTERNAL, 'driftwatch.publish': SpanKind.PRODUCER };
    for (const [name, kind] of Object.entries(kinds)) {
      const children = spans.filter((s) => s.name === name);
      assert.ok(children.length > 0, `${name} spans were recorded`);
      for (const child of children) {
        assert.equal(child.kind, kind, name);
        assert.equal(byId.get(child.parentSpanId ?? '')?.name, 'driftwatch.batch', `${name} is a child of a batch span`);
      }
    }
    const publishIds = new Set(spans.filter((s) => s.name === 'driftwatch.publish').map((s) => s.spanId));
    const reports = await readWithHeaders<WindowReportRecord>(kafka, admin, registry, names.windows);
    assert.equal(reports.length, 3);
    for (const { headers } of reports) {
      const [, traceId, spanId] = String(headers.traceparent).split('-');
      assert.equal(traceId, '0af7651916cd43dd8448eb211c80319c');
      assert.ok(publishIds.has(spanId), 'each output carries the span that published it');
    }
  });
});
