import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { publishPredictions } from './support/kafkaPublish.ts';
import { connectionsOf, connectLiveStack, createTopics, stack, uniqueNames, type LiveStackClients } from './support/liveStack.ts';
import { predictionStream } from './support/predictionStream.ts';
import { seededRandom } from './support/random.ts';
import { startServe } from './support/serveProcess.ts';
import { silentServer } from './support/silentServer.ts';
import { within } from './support/within.ts';

describe('serve ends in bounded time: after SIGTERM, and when its consumer stops for good', () => {
  const registry = createRegistryClient({ url: stack.registryUrl });
  let clients: LiveStackClients;

  before(async () => {
    clients = await connectLiveStack();
  });

  after(async () => {
    await clients?.close();
  });

  test('a batch stuck on a Redis that stopped answering does not hold SIGTERM past shutdownTimeout', async () => {
    const names = uniqueNames('shutdown');
    await createTopics(clients.admin, [names.predictions, names.alerts, names.deadLetter, names.windows, names.retrain]);
    await publishPredictions(clients.producer, registry, names.predictions, predictionStream(seededRandom(7), { modelId: 'credit-risk', count: 100 }));
    const silent = await silentServer();
    try {
      const serve = startServe({
        ...connectionsOf(names),
        redis: { url: `redis://${silent.address}`, keyPrefix: names.redisPrefix },
        shutdownTimeout: '2s',
        monitors: [{ model: 'credit-risk', reference: { source: 'firstEvents', events: 50 }, window: { type: 'count', size: 25 } }],
      });
      // The first Redis command is the first batch restoring its partition: from then on the batch waits on a
      // Redis that never answers (each attempt ends only after the 15 s socket timeout).
      await within(60_000, silent.firstBytes, () => `serve never reached Redis; logs: ${serve.logsTail()}`);
      const started = performance.now();
      const code = await serve.stop();
      const elapsed = performance.now() - started;
      assert.equal(code, 1, `exits with 1 when the shutdown had to be cut short; logs: ${serve.logsTail()}`);
      assert.ok(elapsed < 10_000, `exited ${Math.round(elapsed)} ms after SIGTERM, expected about 2 s`);
      assert.match(serve.logs(), /shutdown did not finish in time/);
    } finally {
      await silent.close();
    }
  });

  test('a consumer crash kafkajs does not restart from (a session timeout the broker refuses) ends serve with code 1 and the reason', async () => {
    const names = uniqueNames('crash');
    await createTopics(clients.admin, [names.predictions, names.alerts, names.deadLetter, names.windows, names.retrain]);
    const serve = startServe({
      ...connectionsOf(names),
      kafka: { ...connectionsOf(names).kafka, sessionTimeout: '5s' }, // the broker's group.min.session.timeout.ms is 6 s
      monitors: [{ model: 'credit-risk', window: { type: 'count', size: 25 } }],
    });
    try {
      const code = await within(60_000, serve.exited, () => `serve kept running with a consumer that will not restart; logs: ${serve.logsTail()}`);
      assert.equal(code, 1, serve.logsTail());
      assert.match(serve.logs(), /driftwatch: the Kafka consumer stopped and will not restart: The session timeout is not within the range allowed by the broker/);
    } finally {
      await serve.stop();
    }
  });
});
