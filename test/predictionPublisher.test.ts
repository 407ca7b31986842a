import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kafka } from 'kafkajs';
import { InvalidRecordError, PredictionPublisher, type PredictionInput } from '../src/index.ts';
import type { LabelEvent, PredictionEvent } from '../src/contracts/events.ts';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { connectLiveStack, stack, uniqueNames, type LiveStackClients } from './support/liveStack.ts';
import { readTopic } from './support/topicReader.ts';
import { within } from './support/within.ts';

/** Avro-decoded records are instances of avsc's record classes: compare their data. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** The library path for Node model servers, on the live stack: what it publishes is what serve reads. */
describe('PredictionPublisher on the live stack', () => {
  const registry = createRegistryClient({ url: stack.registryUrl });
  let clients: LiveStackClients | undefined;
  let kafka: Kafka;

  before(async () => {
    clients = await connectLiveStack();
    ({ kafka } = clients);
  });

  after(async () => {
    await clients?.close();
  });

  test('publishes PredictionEvents (defaults filled, features wrapped) and labels, keyed by model_id', async () => {
    const names = uniqueNames('publisher');
    const publisher = new PredictionPublisher({ kafka: { brokers: stack.brokers }, registry: { url: stack.registryUrl }, topic: names.predictions, labelsTopic: names.labels });
    try {
      const inputs: PredictionInput[] = [
        { event_id: 'e-1', model_id: 'credit-risk', model_version: 'v3', timestamp: 1_767_225_600_000, features: { income: 52_000.5, age: 41, region: 'north', employed: true, debt_ratio: null }, prediction: { score: 0.31, label: 'repay' }, latency_ms: 12.5, attributes: { channel: 'web' } },
        { model_id: 'churn', model_version: 'v1', features: { tenure: 3 }, prediction: { score: 0.9 } },
      ];
      const before = Date.now();
      const ids = await within(30_000, Promise.all(inputs.map((input) => publisher.publish(input))));
      assert.equal(ids[0], 'e-1');
      assert.match(ids[1], /^[0-9a-f-]{36}$/, 'an event id is made when none is given');
      await publisher.publishLabel({ event_id: 'e-1', model_id: 'credit-risk', label: 'default', timestamp: 1_767_225_700_000 });
      await publisher.flush();

      const published = (await readTopic<PredictionEvent>(kafka, registry, names.predictions)).map(plain) as PredictionEvent[];
      const byId = new Map(published.map((e) => [e.event_id, e]));
      assert.deepEqual(byId.get('e-1'), {
        event_id: 'e-1', model_id: 'credit-risk', model_version: 'v3', timestamp: 1_767_225_600_000,
        features: { income: { double: 52_000.5 }, age: { long: 41 }, region: { string: 'north' }, employed: { boolean: true }, debt_ratio: null },
        prediction: { score: 0.31, label: 'repay', probabilities: null }, latency_ms: 12.5, attributes: { channel: 'web' },
      });
      const churn = byId.get(ids[1])!;
      assert.ok(churn.timestamp >= before && churn.timestamp <= Date.now(), 'timestamp defaults to now');
      assert.deepEqual({ ...churn, timestamp: 0 }, {
        event_id: ids[1], model_id: 'churn', model_version: 'v1', timestamp: 0, features: { tenure: { long: 3 } },
        prediction: { score: 0.9, label: null, probabilities: null }, latency_ms: null, attributes: {},
      });
      assert.deepEqual((await readTopic<LabelEvent>(kafka, registry, names.labels)).map(plain), [{ event_id: 'e-1', model_id: 'credit-risk', timestamp: 1_767_225_700_000, label: 'default' }]);
    } finally {
      await publisher.close();
    }
  });

  test('batches by size and by time: full batches go at once, a partial one after lingerMs or on flush()', async () => {
    const names = uniqueNames('publisherbatch');
    const publisher = new PredictionPublisher({ kafka: { brokers: stack.brokers }, registry: { url: stack.registryUrl }, topic: names.predictions, maxBatchSize: 50, lingerMs: 600_000 });
    try {
      await publisher.connect();
      const event = (i: number): PredictionInput => ({ event_id: `b-${i}`, model_id: `model-${i % 3}`, model_version: 'v1', timestamp: 1_767_225_600_000 + i, features: { x: i / 7 }, prediction: { score: 0.5 } });
      const full = Array.from({ length: 100 }, (_, i) => publisher.publish(event(i)));
      let lastSettled = false;
      const last = publisher.publish(event(100)).finally(() => (lastSettled = true));
      await within(30_000, Promise.all(full), () => 'two full batches of 50 are sent without waiting for lingerMs');
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(lastSettled, false, 'the 101st waits for lingerMs (10 minutes here) or a flush');
      await within(30_000, publisher.flush());
      assert.equal(await last, 'b-100');
      const published = await readTopic<PredictionEvent>(kafka, registry, names.predictions);
      assert.deepEqual(published.map((e) => e.event_id).sort(), Array.from({ length: 101 }, (_, i) => `b-${i}`).sort());
    } finally {
      await publisher.close();
    }
  });

  test('a prediction the contract refuses is rejected with the field named, and nothing is sent for it', async () => {
    const names = uniqueNames('publisherinvalid');
    const publisher = new PredictionPublisher({ kafka: { brokers: stack.brokers }, registry: { url: stack.registryUrl }, topic: names.predictions });
    try {
      const good: PredictionInput = { event_id: 'ok', model_id: 'm', model_version: 'v1', features: { a: 1 }, prediction: { score: 0.1 } };
      await assert.rejects(publisher.publish({ ...good, event_id: 'bad-1', features: { a: { nested: 1 } as unknown as number } }), (error: unknown) => {
        assert.ok(error instanceof InvalidRecordError);
        assert.match(error.message, /not a valid PredictionEvent: features\.a = \{"nested":1\}/);
        return true;
      });
      await assert.rejects(publisher.publish({ ...good, event_id: 'bad-2', timestamp: 1.5 }), /not a valid PredictionEvent: timestamp = 1\.5/);
      await assert.rejects(publisher.publish({ ...good, event_id: 'bad-3', model_version: undefined as unknown as string }), /model_version = missing/);
      await publisher.publish(good);
      const published = await readTopic<PredictionEvent>(kafka, registry, names.predictions);
      assert.deepEqual(published.map((e) => e.event_id), ['ok']);
    } finally {
      await publisher.close();
    }
  });
});
