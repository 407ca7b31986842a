import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { DeadLetterRecord, LabelEvent, PredictionEvent } from '../src/contracts/events.ts';
import type { WindowReportRecord } from '../src/contracts/reports.ts';
import { sampledForJoin } from '../src/monitor/joinSampling.ts';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { createRedis } from '../src/state/redisClient.ts';
import { publishLabels, publishPredictions } from './support/kafkaPublish.ts';
import { connectionsOf, connectLiveStack, createTopics, stack, uniqueNames, waitForGroupCaughtUp, type LiveStackClients } from './support/liveStack.ts';
import { predictionStream } from './support/predictionStream.ts';
import { seededRandom } from './support/random.ts';
import { metricSample, metricsPort, scrapeMetrics, withServe } from './support/serveRun.ts';
import { readTopic } from './support/topicReader.ts';

/**
 * Live, against the shared stack: what `driftwatch serve` leaves in Redis. Every key it writes has a
 * time-to-live, retired versions' entries are deleted, and with privacy.hashCategories no category, feature
 * name or event id is stored, in key names or in values.
 */
describe('serve keeps Redis bounded and private', () => {
  const registry = createRegistryClient({ url: stack.registryUrl });
  const redis = createRedis(stack.redisUrl);
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
    redis.disconnect();
  });

  test('with hashCategories, sampleRate 0.5 and 6 versions of a model (maxVersions 2): TTLs on every key, retired entries gone, no raw text, labels sampled as their predictions', async () => {
    const names = uniqueNames('bounds');
    const model = 'bounded-model';
    const tag = randomUUID().slice(0, 8);
    const categories = ['north', 'south', 'east', 'west'].map((r) => `region-${r}-${tag}`);
    const unseen = `unseen-category-${tag}`;
    const hiddenFeature = `merchant_${tag}`;
    const extraFeature = `undeclared_feature_${tag}`;
    const rng = seededRandom(31);
    const versions = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6'];
    const predictions: PredictionEvent[] = versions.flatMap((modelVersion, v) => predictionStream(rng, { modelId: model, modelVersion, count: 260, from: v * 260 }).map((e, i) => ({
      ...e,
      event_id: `evt-${tag}-${v}-${i}`,
      features: {
        income: e.features.income,
        [hiddenFeature]: categories[['north', 'south', 'east', 'west'].indexOf(e.features.region as string)],
        ...(i >= 250 ? { [hiddenFeature]: unseen, [extraFeature]: `value-${tag}` } : {}),
      },
    })));
    const labels: LabelEvent[] = predictions.filter((_, i) => i % 2 === 0).map((p) => ({ event_id: p.event_id, model_id: model, timestamp: p.timestamp + 1, label: p.prediction.label! }));
    const config = {
      ...connectionsOf(names),
      state: { checkpointTtl: '2h' },
      privacy: { hashCategories: true, secret: `secret-${randomUUID()}`, readableFeatures: ['income'] },
      monitors: [{
        model, features: { income: 'numeric', [hiddenFeature]: 'categorical' }, reference: { source: 'firstEvents', events: 100 }, window: { type: 'count', size: 100 },
        maxVersions: 2, performance: { task: 'classification', positiveLabel: 'default', windowSize: 50, joinTtl: '1h', sampleRate: 0.5 },
      }],
    };
    await createTopics(admin, [names.predictions, names.labels, names.alerts, names.windows, names.retrain, names.deadLetter]);
    await publishPredictions(producer, registry, names.predictions, predictions);
    let logs = '';
    const metrics = await withServe(config, async (serve) => {
      await waitForGroupCaughtUp(admin, names.groupId, names.predictions);
      await publishLabels(producer, registry, names.labels, labels);
      await waitForGroupCaughtUp(admin, names.groupId, names.labels);
      const text = await scrapeMetrics(await metricsPort(serve));
      logs = serve.logs();
      return text;
    });

    const keys = await redis.keys(`${names.redisPrefix}*`);
    assert.ok(keys.some((k) => k.includes(':join:')), 'unjoined predictions wait in Redis');
    assert.ok(keys.some((k) => k.endsWith(':entries')));
    const forbidden = [...categories, unseen, hiddenFeature, extraFeature, `value-${tag}`, `evt-${tag}`];
    let checkedBytes = 0;
    for (const key of keys) {
      const ttl = await redis.pttl(key);
      assert.ok(ttl > 0, `${key} has no time-to-live (PTTL ${ttl})`);
      const type = await redis.type(key);
      const contents: Buffer[] = [Buffer.from(key)];
      if (type === 'string') contents.push((await redis.getBuffer(key))!);
      else if (type === 'hash') for (const [field, value] of Object.entries(await redis.hgetallBuffer(key))) contents.push(Buffer.from(field), value);
      else assert.fail(`${key}: unexpected type ${type}`);
      for (const bytes of contents) {
        checkedBytes += bytes.length;
        for (const text of forbidden) assert.ok(!bytes.includes(text), `${key} holds ${text}`);
      }
    }
    assert.ok(checkedBytes > 10_000, `${checkedBytes} bytes checked`);
    assert.ok(logs.length > 0);
    for (const text of [...forbidden, config.privacy.secret]) assert.ok(!logs.includes(text), `the logs hold ${text}`);

    // Only the two newest versions' entries are left; the four retired ones were deleted.
    const entryKeys = (await Promise.all(keys.filter((k) => k.endsWith(':entries')).map((k) => redis.hkeys(k)))).flat().map((k) => JSON.parse(k) as [string, string, string]);
    const liveVersions = (kind: string) => entryKeys.filter(([k]) => k === kind).map(([, , v]) => v).sort();
    assert.deepEqual(liveVersions('predictions'), ['v5', 'v6']);
    assert.deepEqual(liveVersions('predictions:profile'), ['v5', 'v6']);
    assert.deepEqual(liveVersions('labels'), ['v5', 'v6']);
    assert.equal(metricSample(metrics, 'driftwatch_state_bound_evictions_total', { bound: 'versions_per_model' }), 8, 'four versions retired on predictions and on labels');
    assert.equal(metricSample(metrics, 'driftwatch_state_bound_size', { bound: 'monitors' }), 4);
    // sampleRate 0.5: predictions and labels agree on which events are kept, so every label is joined or unsampled.
    const joined = metricSample(metrics, 'driftwatch_labels_total', { model_id: model, outcome: 'joined' }) ?? 0;
    const unsampled = metricSample(metrics, 'driftwatch_labels_total', { model_id: model, outcome: 'unsampled' }) ?? 0;
    assert.equal(joined + unsampled, labels.length);
    assert.ok(Math.abs(joined / labels.length - 0.5) < 0.1, `${joined} of ${labels.length} joined`);
    assert.equal(metricSample(metrics, 'driftwatch_labels_total', { model_id: model, outcome: 'orphan' }), undefined);
    const sampled = (i: number) => sampledForJoin(predictions[i].event_id, 0.5);
    assert.equal(joined, predictions.filter((_, i) => i % 2 === 0 && sampled(i)).length);
    assert.equal(keys.filter((k) => k.includes(':join:')).length, predictions.filter((_, i) => i % 2 === 1 && sampled(i)).length, 'only the sampled predictions whose label did not come wait');
    assert.equal(metricSample(metrics, 'driftwatch_state_bound_limit', { bound: 'monitors' }), 10_000);

    // The outputs show hashes too; each retired version's last window was reported.
    const reports = JSON.parse(JSON.stringify(await readTopic<WindowReportRecord>(kafka, registry, names.windows))) as WindowReportRecord[];
    const text = JSON.stringify(reports);
    for (const t of forbidden) assert.ok(!text.includes(t), `a window report holds ${t}`);
    assert.ok(reports.some((r) => r.features.some((f) => f.feature === 'income')), 'a readable feature keeps its name');
    const retired = reports.filter((r) => r.model_metrics.retired === 1 && r.stream === 'predictions').map((r) => r.model_version).sort();
    assert.deepEqual(retired, ['v1', 'v2', 'v3', 'v4']);
  });

  test('at state.maxMonitors a new model’s events are dead-lettered as limit, with one warning; the running model carries on', async () => {
    const names = uniqueNames('monitorcap');
    const rng = seededRandom(32);
    const first = predictionStream(rng, { modelId: 'cap-first', count: 300 });
    const refused = predictionStream(rng, { modelId: 'cap-refused', count: 40, from: 300 });
    const monitor = (model: string) => ({ model, reference: { source: 'firstEvents', events: 100 }, window: { type: 'count', size: 100 } });
    const config = { ...connectionsOf(names), state: { maxMonitors: 1 }, monitors: [monitor('cap-first'), monitor('cap-refused')] };
    // One partition: the first model's events come first, so it holds the one monitor.
    await createTopics(admin, [names.predictions, names.alerts, names.windows, names.retrain, names.deadLetter], 1);
    await publishPredictions(producer, registry, names.predictions, [...first.slice(0, 150), ...refused, ...first.slice(150)]);
    const { metrics, logs } = await withServe(config, async (serve) => {
      await waitForGroupCaughtUp(admin, names.groupId, names.predictions);
      return { metrics: await scrapeMetrics(await metricsPort(serve)), logs: serve.logs() };
    });
    const deadLetters = await readTopic<DeadLetterRecord>(kafka, registry, names.deadLetter);
    assert.equal(deadLetters.length, refused.length, 'every event of the model over the cap, none other');
    for (const letter of deadLetters) {
      assert.equal(letter.error_kind, 'limit');
      assert.match(letter.message, /cap-refused .*state\.maxMonitors/);
    }
    assert.equal(logs.split('\n').filter((line) => line.includes('monitor limit reached')).length, 1, 'warned once');
    assert.equal(metricSample(metrics, 'driftwatch_dead_letters_total', { topic: names.predictions, error_kind: 'limit' }), refused.length);
    assert.equal(metricSample(metrics, 'driftwatch_state_bound_evictions_total', { bound: 'monitors' }), refused.length);
    const reports = await readTopic<WindowReportRecord>(kafka, registry, names.windows);
    assert.deepEqual(reports.map((r) => [r.model_id, r.window.start]), [['cap-first', 0], ['cap-first', 100]], 'the running model’s windows are all reported');
  });

  test('10,000 versions of a model through serve: Redis holds only the newest maxVersions versions, and the live monitors are maxVersions', async () => {
    const names = uniqueNames('versions');
    const model = 'many-versions';
    const VERSIONS = 10_000;
    const rng = seededRandom(33);
    const predictions = Array.from({ length: VERSIONS }, (_, v) => predictionStream(rng, { modelId: model, modelVersion: `v${v}`, count: 5, from: v * 5 })).flat();
    const config = {
      ...connectionsOf(names),
      // Each version's five events build its reference and nothing more: its retirement reports no window, so this
      // test is about state, not about publishing thousands of final reports in one batch.
      monitors: [{ model, features: { income: 'numeric', region: 'categorical' }, reference: { source: 'firstEvents', events: 5 }, window: { type: 'count', size: 10 }, maxVersions: 3 }],
    };
    await createTopics(admin, [names.predictions, names.alerts, names.windows, names.retrain, names.deadLetter], 1);
    await publishPredictions(producer, registry, names.predictions, predictions);
    const metrics = await withServe(config, async (serve) => {
      await waitForGroupCaughtUp(admin, names.groupId, names.predictions, 300_000);
      return scrapeMetrics(await metricsPort(serve));
    });
    assert.equal(metricSample(metrics, 'driftwatch_state_bound_size', { bound: 'monitors' }), 3);
    assert.equal(metricSample(metrics, 'driftwatch_state_bound_evictions_total', { bound: 'versions_per_model' }), VERSIONS - 3);
    const keys = await redis.keys(`${names.redisPrefix}*`);
    assert.equal(keys.length, 3, `one partition's epoch, checkpoint and entries: ${keys.join(', ')}`);
    const entries = (await redis.hkeys(keys.find((k) => k.endsWith(':entries'))!)).map((k) => JSON.parse(k) as string[]);
    const versionsLeft = entries.filter(([kind]) => kind === 'predictions').map(([, , v]) => v).sort();
    assert.deepEqual(versionsLeft, [`v${VERSIONS - 3}`, `v${VERSIONS - 2}`, `v${VERSIONS - 1}`]);
    assert.equal(entries.length, 2 * 3 + 1, 'state and profile of each live version, and the writer schema');
    let bytes = 0;
    for (const key of keys) bytes += (await redis.memory('USAGE', key)) ?? 0;
    assert.ok(bytes < 256 * 1024, `Redis holds ${bytes} bytes for the group`);
  });
});
