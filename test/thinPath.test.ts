import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { AlertRecord, DeadLetterRecord, PredictionEvent } from '../src/contracts/events.ts';
import { withWrappedFeatures } from '../src/contracts/featureValueUnion.ts';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { registerContracts } from '../src/registry/registerContracts.ts';
import { connectionsOf, createTopics, stack, uniqueNames, waitForGroupCaughtUp, type TestNames, connectLiveStack, type LiveStackClients } from './support/liveStack.ts';
import { predictionStream } from './support/predictionStream.ts';
import { seededRandom } from './support/random.ts';
import { withServe } from './support/serveRun.ts';
import { readTopic } from './support/topicReader.ts';

/**
 * The thin path on the live stack: Avro PredictionEvents through `driftwatch serve` (a real process),
 * Kafka, the schema registry; PSI on count windows; Alerts and DeadLetters back on Kafka.
 */
describe('prediction → alert path on the live stack', () => {
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

  const REFERENCE = 3000;
  const WINDOW = 1000;

  function configFor(names: TestNames, model: string) {
    return {
      ...connectionsOf(names),
      monitors: [
        {
          model,
          features: { income: 'numeric', age: 'numeric', debt_ratio: 'numeric', region: 'categorical' },
          reference: { source: 'firstEvents', events: REFERENCE },
          window: { type: 'count', size: WINDOW },
        },
      ],
    };
  }

  async function publish(topic: string, events: PredictionEvent[]): Promise<void> {
    const [{ id }] = await registerContracts(registry, [{ contract: 'PredictionEvent', topic }]);
    for (let i = 0; i < events.length; i += 500) {
      const slice = events.slice(i, i + 500);
      const messages = await Promise.all(slice.map(async (e) => ({ key: e.model_id, value: await registry.encode(id, withWrappedFeatures(e)) })));
      await producer.send({ topic, messages });
    }
  }

  async function runScenario(names: TestNames, model: string, send: () => Promise<void>) {
    await createTopics(admin, [names.predictions, names.alerts, names.deadLetter, names.windows, names.retrain]);
    await send();
    await withServe(configFor(names, model), () => waitForGroupCaughtUp(admin, names.groupId, names.predictions));
    return {
      alerts: await readTopic<AlertRecord>(kafka, registry, names.alerts),
      deadLetters: await readTopic<DeadLetterRecord>(kafka, registry, names.deadLetter),
    };
  }

  test('drift injected into one feature raises an alert naming that feature', async () => {
    const names = uniqueNames('drift');
    const rng = seededRandom(11);
    const model = 'credit-risk';
    const { alerts, deadLetters } = await runScenario(names, model, () =>
      publish(names.predictions, [
        ...predictionStream(rng, { modelId: model, count: REFERENCE + 2 * WINDOW }),
        ...predictionStream(rng, { modelId: model, count: 3 * WINDOW, from: REFERENCE + 2 * WINDOW, incomeShift: 1 }),
      ]),
    );
    assert.deepEqual(deadLetters, []);
    assert.ok(alerts.length > 0, 'expected at least one alert');
    assert.deepEqual([...new Set(alerts.map((a) => a.feature))], ['income'], 'only the drifted feature alerts');
    const psi = alerts.filter((a) => a.detector === 'drift.psi');
    assert.equal(psi.length, 1, 'one PSI alert for the drift episode: it fires once drift persisted 2 of 3 windows');
    for (const alert of psi) {
      assert.equal(alert.model_id, model);
      assert.equal(alert.model_version, 'v1');
      assert.equal(alert.status, 'firing');
      assert.equal(alert.severity, 'critical');
      assert.ok(alert.value > 0.25, `PSI ${alert.value} should be past the critical bound`);
      assert.equal(alert.window.end - alert.window.start, WINDOW);
      assert.match(alert.summary, /income/);
    }
    assert.deepEqual(psi.map((a) => a.window.start), [3 * WINDOW], 'fires on the second drifted window');
  });

  test('a stream without drift raises no alert', async () => {
    const names = uniqueNames('nodrift');
    const rng = seededRandom(12);
    const model = 'credit-risk';
    const { alerts, deadLetters } = await runScenario(names, model, () =>
      publish(names.predictions, predictionStream(rng, { modelId: model, count: REFERENCE + 5 * WINDOW })),
    );
    assert.deepEqual(deadLetters, []);
    assert.deepEqual(alerts.map((a) => `${a.feature} ${a.metric}=${a.value}`), []);
  });

  test('garbage lands in the dead-letter topic with its reason and the partition keeps moving', async () => {
    const names = uniqueNames('dlq');
    const rng = seededRandom(13);
    const model = 'credit-risk';
    const garbage = [
      { key: model, value: Buffer.from('{"not":"a prediction"}') },
      { key: model, value: Buffer.from('plain text') },
      { key: model, value: Buffer.from([0, 0]) },
      { key: model, value: Buffer.from([0, 0x7f, 0xff, 0xff, 0x00, 1, 2, 3]) },
      { key: model, value: null },
    ];
    const { alerts, deadLetters } = await runScenario(names, model, async () => {
      await publish(names.predictions, predictionStream(rng, { modelId: model, count: REFERENCE }));
      await producer.send({ topic: names.predictions, messages: garbage });
      await publish(names.predictions, predictionStream(rng, { modelId: model, count: 2 * WINDOW, from: REFERENCE, incomeShift: 1 }));
    });
    assert.equal(deadLetters.length, garbage.length);
    const byOffset = [...deadLetters].sort((a, b) => a.offset - b.offset);
    assert.deepEqual(byOffset.map((d) => d.error_kind), ['validation', 'decode', 'decode', 'unknown_schema', 'tombstone']);
    for (const [i, letter] of byOffset.entries()) {
      assert.equal(letter.source_topic, names.predictions);
      assert.equal(letter.key?.toString(), model);
      assert.deepEqual(letter.value === null ? null : Buffer.from(letter.value), garbage[i].value, 'original bytes are kept');
      assert.ok(letter.message.length > 10, 'the reason is stated');
      assert.equal(letter.offset, REFERENCE + i);
    }
    assert.ok(alerts.some((a) => a.feature === 'income'), 'events after the garbage are still monitored');
  });
});
