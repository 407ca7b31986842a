import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Kafka } from 'kafkajs';
import type { LabelEvent, PredictionEvent } from '../src/contracts/events.ts';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { runNode } from './support/nodeProcess.ts';
import { readmeBlock } from './support/readmeBlock.ts';
import { connectLiveStack, stack, uniqueNames, type LiveStackClients } from './support/liveStack.ts';
import { readTopic } from './support/topicReader.ts';

/** The README's code examples, run as written (only the topic names and the package path changed) on the live stack. */
describe('README examples', () => {
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

  test('the PredictionPublisher example publishes its prediction and its label', async () => {
    const names = uniqueNames('readme');
    const source = readmeBlock('node-publisher')
      .replace("from 'driftwatch'", `from ${JSON.stringify(new URL('../src/index.ts', import.meta.url).pathname)}`)
      .replace("'ml.predictions'", JSON.stringify(names.predictions))
      .replace("'ml.labels'", JSON.stringify(names.labels))
      .replaceAll("'127.0.0.1:19092'", JSON.stringify(stack.brokers[0]))
      .replaceAll("'http://127.0.0.1:18081/apis/ccompat/v7'", JSON.stringify(stack.registryUrl));
    assert.ok(source.includes(names.predictions) && source.includes(names.labels), 'the example names both topics');
    const file = join(mkdtempSync(join(tmpdir(), 'driftwatch-readme-')), 'example.ts');
    writeFileSync(file, source);
    const run = await runNode([file], { timeoutMs: 60_000 });
    assert.equal(run.code, 0, run.stderr);

    const [event] = (await readTopic<PredictionEvent>(kafka, registry, names.predictions)).map((e) => JSON.parse(JSON.stringify(e)) as PredictionEvent);
    assert.equal(event.model_id, 'credit-risk');
    assert.deepEqual(event.features, { income: { double: 52000.5 }, age: { long: 41 }, region: { string: 'north' }, employed: { boolean: true }, debt_ratio: null });
    assert.deepEqual(event.prediction, { score: 0.31, label: 'repay', probabilities: null });
    const [label] = await readTopic<LabelEvent>(kafka, registry, names.labels);
    assert.equal(label.event_id, event.event_id, 'the label joins the prediction by the id publish() returned');
    assert.equal(label.label, 'default');
  });
});
