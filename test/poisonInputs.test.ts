import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { DeadLetterRecord, PredictionEvent } from '../src/contracts/events.ts';
import type { WindowReportRecord } from '../src/contracts/reports.ts';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { avroContract } from '../src/contracts/avroContracts.ts';
import { registerContracts } from '../src/registry/registerContracts.ts';
import { publishLabels, publishPredictions, registerAvroSchema, sendAll } from './support/kafkaPublish.ts';
import { labelsForAccuracy } from './support/labelStream.ts';
import { assertStackUp, connectionsOf, createTopics, eventually, stack, uniqueNames, waitForGroupCaughtUp, type TestNames, connectLiveStack, type LiveStackClients } from './support/liveStack.ts';
import { deepFeatureEvent, deepLabel, framed, jsonEvent, mapBombPayload } from './support/poisonMessages.ts';
import { predictionStream } from './support/predictionStream.ts';
import { seededRandom } from './support/random.ts';
import { startServe } from './support/serveProcess.ts';
import { metricSample, metricsPort, scrapeMetrics, withServe } from './support/serveRun.ts';
import { readTopic } from './support/topicReader.ts';

/**
 * Every poison message seen in issue 7, sent through a running `driftwatch serve` (a real process) on the live
 * stack between valid events: serve stays up, each one is in the dead-letter topic with its kind and reason, and
 * the valid events produce exactly the window reports of a clean run without the poison.
 */
describe('poison messages through a running serve', () => {
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

  const MODEL = 'credit-risk';
  const REFERENCE = 500;
  const PAIRS = 200;
  const BULK = 5000;

  function configFor(names: TestNames, limits?: object) {
    return {
      ...connectionsOf(names),
      ...(limits ? { limits } : {}),
      monitors: [{
        model: MODEL,
        features: { income: 'numeric', age: 'numeric', debt_ratio: 'numeric', region: 'categorical' },
        reference: { source: 'firstEvents', events: REFERENCE },
        // One event a second: 120 events a window; event time is checked against window.maxFutureSkew (1 h).
        window: { type: 'eventTime', size: '2m' },
        performance: { task: 'classification', positiveLabel: 'default', windowSize: PAIRS },
      }],
    };
  }

  const predictions = predictionStream(seededRandom(31), { modelId: MODEL, count: 1500 });
  // A valid prediction that carries neither a score nor a label: its label can never be judged.
  const unjudgeable = predictions[1200];
  unjudgeable.prediction = { score: null, label: null, probabilities: null };
  const labels = labelsForAccuracy(predictions, { windowSize: PAIRS, accuracies: [0.9, 0.8, 0.9, 0.7, 0.9] });

  /** Registers a schema of another type than Avro under its own subject (Apicurio's ccompat accepts JSON Schema and Protobuf). */
  async function registerOtherSchema(subject: string, schemaType: 'JSON' | 'PROTOBUF', schema: string): Promise<number> {
    const response = await fetch(`${stack.registryUrl}/subjects/${encodeURIComponent(subject)}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schemaType, schema }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    return ((await response.json()) as { id: number }).id;
  }

  interface Poison {
    name: string;
    value: Buffer | null;
    kind: DeadLetterRecord['error_kind'];
    reason: RegExp;
  }

  async function predictionPoisons(names: TestNames, predictionSchemaId: number): Promise<Poison[]> {
    const jsonSchemaId = await registerOtherSchema(`${names.predictions}-json-value`, 'JSON', JSON.stringify({ type: 'object', properties: { a: { type: 'string' } } }));
    const protobufId = await registerOtherSchema(`${names.predictions}-proto-value`, 'PROTOBUF', 'syntax = "proto3";\nmessage M { string a = 1; }\n');
    const base: PredictionEvent = { ...predictions[799], event_id: 'poison' };
    return [
      { name: 'JSON nested 400k deep in a feature value', value: deepFeatureEvent(base, 400_000), kind: 'limit', reason: /nests deeper than limits\.maxJsonDepth \(64\)/ },
      { name: 'a 70 KB model_version on a model with performance monitoring', value: jsonEvent(base, { model_version: 'v'.repeat(70_000) }), kind: 'limit', reason: /model_version is 70000 characters, over limits\.maxIdLength/ },
      { name: 'framed with the id of a JSON Schema', value: framed(jsonSchemaId, Buffer.from('{"a":"x"}')), kind: 'unsupported_schema', reason: new RegExp(`schema id ${jsonSchemaId} is a JsonSchema schema in the registry, not Avro`) },
      { name: 'framed with the id of a Protobuf schema', value: framed(protobufId, Buffer.from([0x0a, 1, 0x61])), kind: 'unsupported_schema', reason: /is a ProtoSchema schema in the registry, not Avro/ },
      { name: 'timestamp 1e300', value: jsonEvent(base, { timestamp: 1e300 }), kind: 'limit', reason: /timestamp 1e\+300 is outside the plausible range/ },
      { name: 'timestamp 8.64e15', value: jsonEvent(base, { timestamp: 8.64e15 }), kind: 'limit', reason: /timestamp 8640000000000000 is outside the plausible range/ },
      { name: 'two hours ahead of the wall clock', value: jsonEvent(base, { timestamp: Date.now() + 2 * 3_600_000 }), kind: 'limit', reason: /beyond window\.maxFutureSkew \(3600000 ms\)/ },
      { name: 'a 30-byte event whose map block declares 10^12 entries', value: framed(predictionSchemaId, mapBombPayload()), kind: 'limit', reason: /map block declares 1000000000000 items/ },
      { name: 'a 900 KB undecodable event', value: Buffer.alloc(900_000, 'x'), kind: 'decode', reason: /not the schema-registry magic byte/ },
      { name: 'JSON that is not a prediction', value: Buffer.from('{"not":"a prediction"}'), kind: 'validation', reason: /not a valid PredictionEvent/ },
      { name: 'an id the registry does not know', value: framed(0x7ffffff0, Buffer.from([1, 2, 3])), kind: 'unknown_schema', reason: /is not in the schema registry/ },
      { name: 'a tombstone', value: null, kind: 'tombstone', reason: /no value/ },
    ];
  }

  function labelPoisons(): Poison[] {
    return [
      { name: 'a label nested 400k deep', value: deepLabel(labels[0].event_id, MODEL, labels[0].timestamp, 400_000), kind: 'limit', reason: /maxJsonDepth/ },
      { name: 'a label at 1e300', value: Buffer.from(JSON.stringify({ ...labels[1], timestamp: 1e300 })), kind: 'limit', reason: /outside the plausible range/ },
      {
        name: 'a label for a prediction with neither score nor label', value: Buffer.from(JSON.stringify({ event_id: unjudgeable.event_id, model_id: MODEL, timestamp: unjudgeable.timestamp + 1, label: 'default' })),
        kind: 'validation', reason: /the label cannot be judged against its prediction: prediction has neither a label nor a score/,
      },
    ];
  }

  /** 5,000 small undecodable events in one backlog: together their dead letters are more than the broker takes in one request. */
  const bulk = Array.from({ length: BULK }, (_, i) => Buffer.from(`garbage ${i} ${'x'.repeat(300)}`));

  async function run(names: TestNames, poisoned: boolean) {
    await createTopics(admin, [names.predictions, names.labels, names.alerts, names.windows, names.retrain, names.deadLetter]);
    const send = (topic: string, values: (Buffer | null)[]) => sendAll(producer, topic, values.map((value) => ({ key: MODEL, value })));
    const schemaId = await publishPredictions(producer, registry, names.predictions, predictions.slice(0, 800));
    const poisons = poisoned ? await predictionPoisons(names, schemaId) : [];
    if (poisoned) {
      for (const p of poisons) await send(names.predictions, [p.value]);
      await send(names.predictions, bulk);
    }
    await publishPredictions(producer, registry, names.predictions, predictions.slice(800), schemaId);
    const lPoisons = poisoned ? labelPoisons() : [];
    const { metrics, logs } = await withServe(configFor(names), async (serve) => {
      await waitForGroupCaughtUp(admin, names.groupId, names.predictions, 180_000);
      await publishLabels(producer, registry, names.labels, labels.slice(0, 500));
      if (poisoned) await send(names.labels, lPoisons.map((p) => p.value));
      await publishLabels(producer, registry, names.labels, labels.slice(500));
      await waitForGroupCaughtUp(admin, names.groupId, names.labels, 120_000);
      assert.equal(serve.child.exitCode, null, 'serve is still running');
      return { metrics: await scrapeMetrics(await metricsPort(serve)), logs: serve.logs() };
    });
    const reports = await readTopic<WindowReportRecord>(kafka, registry, names.windows);
    const deadLetters = await readTopic<DeadLetterRecord>(kafka, registry, names.deadLetter);
    return { reports, deadLetters, metrics, logs, poisons, lPoisons };
  }

  /** Reports as comparable data: created_at is the wall clock of the run. */
  const comparable = (reports: WindowReportRecord[]) =>
    (JSON.parse(JSON.stringify(reports)) as WindowReportRecord[]).map(({ created_at: _, ...r }) => r).sort((a, b) => a.report_id.localeCompare(b.report_id));

  test('every poison of issue 7 is dead-lettered with its kind while serve keeps running, and valid windows are unchanged', async () => {
    const clean = await run(uniqueNames('poison-clean'), false);
    const names = uniqueNames('poison');
    const poisoned = await run(names, true);

    assert.deepEqual(clean.deadLetters, []);
    const byOffset = (letters: DeadLetterRecord[], topic: string) => letters.filter((d) => d.source_topic === topic).sort((a, b) => a.offset - b.offset);
    const predictionLetters = byOffset(poisoned.deadLetters, names.predictions);
    assert.equal(predictionLetters.length, poisoned.poisons.length + BULK);
    poisoned.poisons.forEach((p, i) => {
      const letter = predictionLetters[i];
      assert.equal(letter.offset, 800 + i, p.name);
      assert.equal(letter.error_kind, p.kind, `${p.name}: ${letter.message}`);
      assert.match(letter.message, p.reason, p.name);
      assert.equal(letter.key?.toString(), MODEL);
    });
    const big = predictionLetters[poisoned.poisons.findIndex((p) => p.name.includes('900 KB'))];
    assert.equal(big.truncated, true);
    assert.equal(big.original_size, 900_000 + MODEL.length);
    assert.equal(big.key!.length + big.value!.length, 256 * 1024);
    for (const letter of predictionLetters) assert.equal(letter.truncated, letter.original_size > 256 * 1024, `offset ${letter.offset}`);
    const bulkLetters = predictionLetters.slice(poisoned.poisons.length);
    assert.ok(bulkLetters.every((d, i) => d.error_kind === 'decode' && Buffer.from(d.value!).equals(bulk[i])), 'the 5,000 small ones, in order, whole');

    const labelLetters = byOffset(poisoned.deadLetters, names.labels);
    assert.deepEqual(labelLetters.map((d) => [d.offset, d.error_kind]), poisoned.lPoisons.map((p, i) => [500 + i, p.kind]));
    poisoned.lPoisons.forEach((p, i) => assert.match(labelLetters[i].message, p.reason));

    const counted = (topic: string, kind: string) => metricSample(poisoned.metrics, 'driftwatch_dead_letters_total', { topic, error_kind: kind }) ?? 0;
    assert.equal(counted(names.predictions, 'limit'), poisoned.poisons.filter((p) => p.kind === 'limit').length);
    assert.equal(counted(names.predictions, 'decode'), BULK + 1);
    assert.equal(counted(names.predictions, 'unsupported_schema'), 2);
    assert.equal(counted(names.labels, 'limit'), 2);
    assert.equal(counted(names.labels, 'validation'), 1);
    const overCap = poisoned.deadLetters.filter((d) => d.original_size > 256 * 1024);
    assert.deepEqual(overCap.map((d) => d.truncated), [true, true, true], 'the 900 KB event and the two 800 KB nested JSONs');
    assert.equal(metricSample(poisoned.metrics, 'driftwatch_dead_letters_truncated_total', {}), overCap.length);
    assert.doesNotMatch(poisoned.logs, /consumer crashed/);

    const cleanReports = comparable(clean.reports);
    assert.ok(cleanReports.filter((r) => r.stream === 'predictions').length >= 7, `event-time windows closed: ${cleanReports.length}`);
    assert.equal(cleanReports.filter((r) => r.stream === 'labels').length, 5, 'performance windows');
    assert.deepEqual(comparable(poisoned.reports), cleanReports);
  });

  test('an unexpected failure inside serve on one event is an internal dead letter, counted and logged once per kind', async () => {
    // With the model-version bound raised past what a label-join record holds (65,535 bytes), encoding the join
    // record fails inside serve: the bug that crashed the partition before issue 7.
    const names = uniqueNames('poison-internal');
    await createTopics(admin, [names.predictions, names.labels, names.alerts, names.windows, names.retrain, names.deadLetter]);
    const schemaId = await publishPredictions(producer, registry, names.predictions, predictions.slice(0, 600));
    const huge = { ...predictions[600], model_version: 'v'.repeat(70_000) };
    await publishPredictions(producer, registry, names.predictions, [huge, { ...huge, event_id: 'again' }], schemaId);
    await publishPredictions(producer, registry, names.predictions, predictions.slice(601, 900), schemaId);
    const { metrics, logs } = await withServe(configFor(names, { maxIdLength: 100_000 }), async (serve) => {
      await waitForGroupCaughtUp(admin, names.groupId, names.predictions, 120_000);
      return { metrics: await scrapeMetrics(await metricsPort(serve)), logs: serve.logs() };
    });
    const letters = (await readTopic<DeadLetterRecord>(kafka, registry, names.deadLetter)).sort((a, b) => a.offset - b.offset);
    assert.deepEqual(letters.map((d) => [d.offset, d.error_kind]), [[600, 'internal'], [601, 'internal']]);
    assert.match(letters[0].message, /driftwatch failed on this event \(RangeError: modelVersion is 70000 bytes/);
    assert.equal(metricSample(metrics, 'driftwatch_internal_errors_total', { error: 'RangeError' }), 2);
    assert.equal(logs.split('\n').filter((l) => l.includes('internal error on one event')).length, 1, 'logged once for the kind');
    const processed = metricSample(metrics, 'driftwatch_events_total', { topic: names.predictions, model_id: MODEL, outcome: 'processed' });
    assert.equal(processed, 600 + 299, 'the events before and after them were monitored');
  });
});

describe('a dead-letter topic that cannot be written', () => {
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

  test('is a dependency failure: serve pauses and retries, skips nothing, and goes on once the topic takes the letter', async () => {
    const names = uniqueNames('poison-dlq');
    const MODEL = 'credit-risk';
    await createTopics(admin, [names.predictions, names.alerts, names.windows, names.retrain]);
    // A dead-letter topic that refuses records over 1 KB: the broker answers MESSAGE_TOO_LARGE to every send of a letter.
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: names.deadLetter, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'max.message.bytes', value: '1024' }] }] });
    const events = predictionStream(seededRandom(41), { modelId: MODEL, count: 400 });
    const schemaId = await publishPredictions(producer, registry, names.predictions, events.slice(0, 200));
    await sendAll(producer, names.predictions, [{ key: MODEL, value: Buffer.alloc(4000, 'x') }]);
    await publishPredictions(producer, registry, names.predictions, events.slice(200), schemaId);
    const config = {
      ...connectionsOf(names),
      monitors: [{ model: MODEL, features: { income: 'numeric', region: 'categorical' }, reference: { source: 'firstEvents', events: 100 }, window: { type: 'count', size: 100 } }],
    };
    const metrics = await withServe(config, async (serve) => {
      const port = await metricsPort(serve);
      await eventually('serve pauses on the dead-letter topic', 60_000, async () => metricSample(await scrapeMetrics(port), 'driftwatch_paused', { dependency: 'kafka' }) === 1);
      await eventually('serve says what to change', 10_000, async () => /the broker refuses records this large on .*dlq.*raise the topic's max\.message\.bytes/.test(serve.logs()));
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      assert.equal(ready.status, 503, 'not ready while waiting for Kafka');
      const [committed] = await admin.fetchOffsets({ groupId: names.groupId, topics: [names.predictions] });
      const ends = await admin.fetchTopicOffsets(names.predictions);
      const endOf = (p: number) => Number(ends.find((e) => e.partition === p)!.offset);
      const stuck = committed.partitions.find((p) => endOf(p.partition) > 0)!;
      assert.ok(Number(stuck.offset) < endOf(stuck.partition), 'the partition holding the letter is not committed past it');
      await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2 /* TOPIC */, name: names.deadLetter, configEntries: [{ name: 'max.message.bytes', value: '1048588' }] }] });
      await waitForGroupCaughtUp(admin, names.groupId, names.predictions, 120_000);
      assert.equal(serve.child.exitCode, null);
      return scrapeMetrics(port);
    });
    assert.equal(metricSample(metrics, 'driftwatch_paused', { dependency: 'kafka' }), 0);
    assert.ok((metricSample(metrics, 'driftwatch_dependency_retries_total', { dependency: 'kafka' }) ?? 0) >= 1);
    assert.equal(metricSample(metrics, 'driftwatch_events_total', { topic: names.predictions, model_id: MODEL, outcome: 'processed' }), 400, 'nothing skipped');
    const letters = await readTopic<DeadLetterRecord>(kafka, registry, names.deadLetter);
    assert.deepEqual(letters.map((d) => [d.offset, d.error_kind, d.original_size]), [[200, 'decode', 4000 + MODEL.length]]);
  });
});

describe('corrupt state', () => {
  const registry = createRegistryClient({ url: stack.registryUrl });
  let clients: LiveStackClients | undefined;
  let admin: Admin;
  let producer: Producer;
  let redis: Redis | undefined;

  before(async () => {
    clients = await connectLiveStack();
    ({ admin, producer } = clients);
    redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: 1 }).on('error', () => undefined);
  });

  after(async () => {
    redis?.disconnect();
    await clients?.close();
  });

  test('stops serve with a clear error and leaves the last checkpoint as it was', async () => {
    const names = uniqueNames('poison-corrupt');
    const MODEL = 'credit-risk';
    await createTopics(admin, [names.predictions, names.alerts, names.windows, names.retrain, names.deadLetter]);
    const events = predictionStream(seededRandom(43), { modelId: MODEL, count: 600 });
    const schemaId = await publishPredictions(producer, registry, names.predictions, events.slice(0, 300));
    const config = {
      ...connectionsOf(names),
      monitors: [{ model: MODEL, features: { income: 'numeric', region: 'categorical' }, reference: { source: 'firstEvents', events: 100 }, window: { type: 'count', size: 100 } }],
    };
    await withServe(config, () => waitForGroupCaughtUp(admin, names.groupId, names.predictions));

    // Overwrite the version monitor's saved state with bytes driftwatch never wrote.
    const [entriesKey] = await redis!.keys(`${names.redisPrefix}:${names.groupId}:partition:${names.predictions}:*:entries`);
    assert.ok(entriesKey, 'the partition was checkpointed');
    const checkpointKey = entriesKey.replace(/entries$/, 'checkpoint');
    const fields = await redis!.hkeys(entriesKey);
    const monitorField = fields.find((f) => JSON.parse(f)[0] === 'predictions');
    assert.ok(monitorField, JSON.stringify(fields));
    await redis!.hset(entriesKey, monitorField, Buffer.from('this is not monitor state'));
    const saved = async () => ({ entries: await redis!.hgetallBuffer(entriesKey), checkpoint: await redis!.hgetall(checkpointKey) });
    const before = await saved();
    assert.ok(Object.keys(before.checkpoint).length > 0, 'a checkpoint hash with the offset');
    await publishPredictions(producer, registry, names.predictions, events.slice(300), schemaId);

    const serve = startServe(config);
    const code = await Promise.race([serve.exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 90_000).unref())]);
    if (code === 'running') await serve.stop();
    assert.equal(code, 1, `serve exits with 1; ${serve.logsTail()}`);
    assert.match(serve.logs(), /monitor state is corrupt \(CorruptMonitorStateError: saved monitor state is unreadable/);
    assert.match(serve.logs(), /the last good one is intact/);
    assert.deepEqual(await saved(), before, 'no entry was saved over and the saved offset did not move');
  });
});

describe('the DeadLetter contract', () => {
  const registry = createRegistryClient({ url: stack.registryUrl });

  test('evolves compatibly: a dead-letter subject holding the schema before original_size and truncated takes the new one', async () => {
    await assertStackUp();
    const topic = `${uniqueNames('poison-contract').deadLetter}`;
    const { fields, ...rest } = avroContract('DeadLetter');
    const before = { ...rest, fields: fields.filter((f) => f.name !== 'original_size' && f.name !== 'truncated') };
    const oldId = await registerAvroSchema(registry, topic, before);
    const [now] = await registerContracts(registry, [{ contract: 'DeadLetter', topic }]);
    assert.notEqual(now.id, oldId, 'a new version under the same subject (the BACKWARD rule accepted it)');
  });
});
