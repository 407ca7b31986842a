import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Cluster } from 'ioredis';
import { Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
import { stringify } from 'yaml';
import type { WindowReportRecord } from '../src/contracts/reports.ts';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { runCli } from './support/cliProcess.ts';
import { publishLabels, publishPredictions } from './support/kafkaPublish.ts';
import { labelsForAccuracy, plannedAccuracies } from './support/labelStream.ts';
import { connectionsOf, connectLiveStack, createTopics, stack, connectStateTier, stateTiers, uniqueNames, waitForGroupCaughtUp, type LiveStackClients, type TestNames } from './support/liveStack.ts';
import { predictionStream } from './support/predictionStream.ts';
import { seededRandom } from './support/random.ts';
import { metricSample, metricsPort, scrapeMetrics, withServe } from './support/serveRun.ts';
import { readTopic } from './support/topicReader.ts';

/**
 * Label joins on Redis Cluster with a real `serve`: a prediction's join record is written by the checkpoint of
 * its partition and deleted by the checkpoint of its label's partition — one Lua script each, so one slot each:
 * the keys of partition N of both topics share a hash tag (src/state/stateKeys.ts), which needs the labels topic
 * co-partitioned with the predictions topic. serve checks that at start.
 */
const PAIRS = 100;
const PLAN = { windowSize: PAIRS, accuracies: [0.9, 0.7, 0.8] };
/** On partitions 1, 2 and 0 of a 3-partition topic (murmur2 of the key, see recovery.test.ts). */
const MODELS = ['credit-risk', 'churn', 'credit-risk-eu'];

describe('label joins on Redis Cluster', () => {
  const registry = createRegistryClient({ url: stack.registryUrl });
  let clients: LiveStackClients | undefined;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let cluster: Cluster;

  before(async () => {
    clients = await connectLiveStack({ createPartitioner: Partitioners.DefaultPartitioner });
    ({ kafka, admin, producer } = clients);
    cluster = (await connectStateTier(stateTiers.cluster)) as Cluster;
  });

  after(async () => {
    cluster?.disconnect();
    await clients?.close();
  });

  function configFor(names: TestNames) {
    return {
      ...connectionsOf(names),
      redis: { ...stateTiers.cluster, keyPrefix: names.redisPrefix },
      monitors: MODELS.map((model) => ({
        model,
        features: { income: 'numeric', age: 'numeric', region: 'categorical' },
        reference: { source: 'firstEvents', events: 100 },
        window: { type: 'count', size: 1000 },
        performance: { task: 'classification', positiveLabel: 'default', windowSize: PAIRS },
      })),
    };
  }

  /** Join records left in the cluster under the test's prefix, over every master. */
  async function joinRecordsLeft(names: TestNames): Promise<string[]> {
    const left: string[] = [];
    for (const node of cluster.nodes('master')) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `{${names.redisPrefix}:${names.groupId}:*}:join:*`, 'COUNT', 1000);
        left.push(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
    return left;
  }

  test('labels on every partition join their predictions; each join record is deleted by the labels\' checkpoint', async () => {
    const names = uniqueNames('cluster-labels');
    await createTopics(admin, [names.predictions, names.labels, names.alerts, names.windows, names.retrain, names.deadLetter]);
    const rng = seededRandom(31);
    const predictions = MODELS.map((modelId) => predictionStream(rng, { modelId, count: PAIRS * PLAN.accuracies.length }));
    const metrics = await withServe(configFor(names), async (serve) => {
      await publishPredictions(producer, registry, names.predictions, predictions.flat());
      await waitForGroupCaughtUp(admin, names.groupId, names.predictions);
      const waiting = await joinRecordsLeft(names);
      assert.equal(waiting.length, predictions.flat().length, 'one join record per prediction, in the cluster');
      await publishLabels(producer, registry, names.labels, predictions.flatMap((p) => labelsForAccuracy(p, PLAN)));
      await waitForGroupCaughtUp(admin, names.groupId, names.labels);
      return scrapeMetrics(await metricsPort(serve));
    });
    const ends = await admin.fetchTopicOffsets(names.labels);
    assert.deepEqual(ends.map((e) => Number(e.offset)).sort(), MODELS.map(() => PAIRS * PLAN.accuracies.length), 'each model\'s labels on a partition of their own');
    for (const model of MODELS) {
      assert.equal(metricSample(metrics, 'driftwatch_labels_total', { model_id: model, outcome: 'joined' }), PAIRS * PLAN.accuracies.length, `${model}: every label joined`);
      assert.equal(metricSample(metrics, 'driftwatch_labels_total', { model_id: model, outcome: 'orphan' }), undefined, `${model}: no orphans`);
    }
    const reports = await readTopic<WindowReportRecord>(kafka, registry, names.windows);
    for (const model of MODELS) {
      const labelReports = reports.filter((r) => r.model_id === model && r.stream === 'labels').sort((a, b) => a.window.start - b.window.start);
      assert.deepEqual(labelReports.map((r) => r.model_metrics.accuracy), plannedAccuracies(PLAN), `${model}: performance windows as planned`);
    }
    assert.deepEqual(await joinRecordsLeft(names), [], 'every joined record was deleted');
  });

  test('serve refuses a labels topic with another partition count than the predictions topic, saying why', async () => {
    const names = uniqueNames('cluster-copart');
    await createTopics(admin, [names.predictions]);
    await createTopics(admin, [names.labels], 2);
    const dir = mkdtempSync(join(tmpdir(), 'driftwatch-copart-'));
    const file = join(dir, 'driftwatch.yaml');
    writeFileSync(file, stringify(configFor(names)));
    const run = await runCli(['serve', '--config', file], { timeoutMs: 60_000 });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, new RegExp(`must be co-partitioned .* ${names.predictions.replaceAll('.', '\\.')} has 3 and ${names.labels.replaceAll('.', '\\.')} has 2 partitions`));
  });
});
