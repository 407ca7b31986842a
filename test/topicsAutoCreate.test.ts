import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import kafkajs, { type Admin, type Kafka, type Producer } from 'kafkajs';
import { stringify } from 'yaml';
import type { AlertRecord } from '../src/contracts/events.ts';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { runCli } from './support/cliProcess.ts';
import { ensureTopics } from '../src/sinks/topics/ensureTopics.ts';
import { allTopicRoles } from '../src/sinks/topics/topicRoles.ts';
import { connectLiveStack, connectionsOf, eventually, stack, testKafka, topicsOf, uniqueNames, waitForGroupCaughtUp, type LiveStackClients, type TestNames } from './support/liveStack.ts';
import { publishPredictions } from './support/kafkaPublish.ts';
import { predictionStream } from './support/predictionStream.ts';
import { seededRandom } from './support/random.ts';
import { withServe } from './support/serveRun.ts';
import { readTopic } from './support/topicReader.ts';

/** Topics that make themselves: serve, and `driftwatch topics create`, on a stack where the config's topics do not exist. */
describe('topics are created when missing', () => {
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

  const allTopics = (names: TestNames) => [names.predictions, names.features, names.labels, names.windows, names.alerts, names.retrain, names.deadLetter, names.notifyDeadLetter];

  function writeConfig(config: object): string {
    const file = join(mkdtempSync(join(tmpdir(), 'driftwatch-topics-')), 'driftwatch.yaml');
    writeFileSync(file, stringify(config));
    return file;
  }

  async function topicRetention(topic: string): Promise<string | undefined> {
    const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }] });
    return resources[0].configEntries.find((e) => e.configName === 'retention.ms')?.configValue;
  }

  test('serve on topics that do not exist yet creates them as configured, and processes events', async () => {
    const names = uniqueNames('autotopics');
    const model = 'credit-risk';
    const config = {
      ...connectionsOf(names),
      topics: { ...connectionsOf(names).topics, create: { partitions: 2, replicationFactor: 1, config: { 'retention.ms': 3_600_000 } } },
      monitors: [{ model, features: { income: 'numeric', age: 'numeric', debt_ratio: 'numeric', region: 'categorical' }, reference: { source: 'firstEvents', events: 3000 }, window: { type: 'count', size: 1000 } }],
    };
    const before = new Set(await admin.listTopics());
    assert.deepEqual(allTopics(names).filter((t) => before.has(t)), [], 'no topic of this test exists before serve');

    const rng = seededRandom(21);
    await withServe(config, async (serve) => {
      await eventually('serve is consuming', 60_000, async () => serve.logs().includes('"msg":"consuming"'));
      assert.match(serve.logs(), /created missing topics/);
      const { topics } = await admin.fetchTopicMetadata({ topics: [names.predictions, names.windows, names.alerts, names.retrain, names.deadLetter] });
      for (const topic of topics) {
        assert.equal(topic.partitions.length, 2, `${topic.name} has topics.create.partitions partitions`);
        assert.ok(topic.partitions.every((p) => p.leader >= 0), `${topic.name} has a leader on every partition`);
        assert.equal(await topicRetention(topic.name), '3600000', `${topic.name} has topics.create.config's retention.ms`);
      }
      const existing = new Set(await admin.listTopics());
      assert.equal(existing.has(names.features), false, 'a stream no monitor watches is not created');
      assert.equal(existing.has(names.labels), false, 'labels are not created when no monitor measures performance');
      await publishPredictions(producer, registry, names.predictions, [
        ...predictionStream(rng, { modelId: model, count: 5000 }),
        ...predictionStream(rng, { modelId: model, count: 3000, from: 5000, incomeShift: 1 }),
      ]);
      await waitForGroupCaughtUp(admin, names.groupId, names.predictions);
      assert.doesNotMatch(serve.logs(), /does not host this topic-partition/);
    });
    const alerts = await readTopic<AlertRecord>(kafka, registry, names.alerts);
    assert.ok(alerts.some((a) => a.feature === 'income' && a.status === 'firing'), `an income drift alert: ${JSON.stringify(alerts.map((a) => a.summary))}`);
  });

  test('`driftwatch topics create` creates every topic once, then says they exist', async () => {
    const names = uniqueNames('topicscreate');
    const file = writeConfig({ ...connectionsOf(names), topics: { ...connectionsOf(names).topics, create: { partitions: 1 } }, monitors: [{ model: 'm', window: { type: 'count', size: 100 } }] });
    const first = await runCli(['topics', 'create', '--config', file]);
    assert.equal(first.code, 0, first.stderr);
    const lines = first.stdout.trim().split('\n').map((l) => l.split('\t'));
    assert.deepEqual(lines.map(([topic, , state]) => [topic, state]), allTopics(names).map((t) => [t, 'created']));
    const { topics } = await admin.fetchTopicMetadata({ topics: allTopics(names) });
    assert.deepEqual(topics.map((t) => t.partitions.length), allTopics(names).map(() => 1));
    const second = await runCli(['topics', 'create', '--config', file]);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(second.stdout.trim().split('\n').map((l) => l.split('\t')[2]), allTopics(names).map(() => 'exists'));
  });

  test('several processes ensuring the same topics at once all succeed, and each topic is made once', async () => {
    const names = uniqueNames('topicsrace');
    const config = { topics: { ...topicsOf(names), create: { enabled: true, partitions: 2, config: {}, timeout: 60_000 } } };
    const admins = [testKafka().admin(), testKafka().admin(), testKafka().admin()];
    try {
      const results = await Promise.all(admins.map((a) => ensureTopics(a, config, allTopicRoles)));
      for (const { created, existing } of results) assert.deepEqual([...created, ...existing].sort(), allTopics(names).sort());
      const { topics } = await admin.fetchTopicMetadata({ topics: allTopics(names) });
      assert.deepEqual(topics.map((t) => t.partitions.length), allTopics(names).map(() => 2));
    } finally {
      await Promise.allSettled(admins.map((a) => a.disconnect()));
    }
  });

  test('a creation Kafka refuses names the key to fix and exits 2, without a stack trace', async () => {
    const names = uniqueNames('topicsrefused');
    const file = writeConfig({ ...connectionsOf(names), topics: { ...connectionsOf(names).topics, create: { replicationFactor: 3 } }, monitors: [{ model: 'm', window: { type: 'count', size: 100 } }] });
    const result = await runCli(['topics', 'create', '--config', file]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /Kafka refused to create topic .*INVALID_REPLICATION_FACTOR.*topics\.create\.replicationFactor/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    const invalidConfig = writeConfig({ ...connectionsOf(names), topics: { ...connectionsOf(names).topics, create: { config: { 'retention.ms': 'soon' } } }, monitors: [{ model: 'm', window: { type: 'count', size: 100 } }] });
    const refused = await runCli(['topics', 'create', '--config', invalidConfig]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /INVALID_CONFIG.*topics\.create\.config/);
  });

  test('with topics.create.enabled false, serve names the missing topics and exits 2', async () => {
    const names = uniqueNames('topicsoff');
    const file = writeConfig({ ...connectionsOf(names), topics: { ...connectionsOf(names).topics, create: { enabled: false } }, monitors: [{ model: 'm', window: { type: 'count', size: 100 } }] });
    const result = await runCli(['serve', '--config', file], { timeoutMs: 60_000 });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, new RegExp(`topics ${names.predictions.replaceAll('.', '\\.')}.* do not exist and topics\\.create\\.enabled is false`));
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });
});
