/**
 * Runs the README's Python publisher example (confluent-kafka's AvroSerializer) as written, topic renamed, on the
 * live stack, and decodes what it published as `serve` does. Not part of `npm test` (which needs no Python):
 *   pip install 'confluent-kafka[avro,schemaregistry]'   # then, with the stack up:
 *   DRIFTWATCH_PYTHON=python3 node test/python/verifyPythonPublisher.ts
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultInputLimits } from '../../src/config/limitsSchema.ts';
import { MessageDecoder } from '../../src/consumers/messageDecoder.ts';
import { RegistryDecoder } from '../../src/consumers/registryDecoder.ts';
import { createRegistryClient } from '../../src/registry/registryClient.ts';
import { connectLiveStack, stack, uniqueNames } from '../support/liveStack.ts';
import { readmeBlock } from '../support/readmeBlock.ts';

const python = process.env.DRIFTWATCH_PYTHON ?? 'python3';
const names = uniqueNames('python');
const source = readmeBlock('python-publisher')
  .replace('topic = "ml.predictions"', `topic = ${JSON.stringify(names.predictions)}`)
  .replace('"127.0.0.1:19092"', JSON.stringify(stack.brokers[0]))
  .replace('"http://127.0.0.1:18081/apis/ccompat/v7"', JSON.stringify(stack.registryUrl));
assert.ok(source.includes(names.predictions), 'the example names its topic');
const file = join(mkdtempSync(join(tmpdir(), 'driftwatch-python-')), 'publish.py');
writeFileSync(file, source);

const clients = await connectLiveStack();
try {
  await clients.admin.createTopics({ topics: [{ topic: names.predictions, numPartitions: 1 }], waitForLeaders: true });
  const run = spawnSync(python, [file], { cwd: fileURLToPath(new URL('../../', import.meta.url)), encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, `${python} ${file} failed: ${run.stderr}`);
  const versions = spawnSync(python, ['-c', 'import confluent_kafka, fastavro, sys; print(confluent_kafka.__version__, fastavro.__version__, sys.version.split()[0])'], { encoding: 'utf8' }).stdout.trim();

  const consumer = clients.kafka.consumer({ groupId: `${names.groupId}.reader` });
  await consumer.connect();
  const message = await new Promise<{ key: Buffer | null; value: Buffer | null }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('nothing on the topic within 30 s')), 30_000);
    void consumer.subscribe({ topic: names.predictions, fromBeginning: true }).then(() => consumer.run({
      eachMessage: async ({ message: m }) => {
        clearTimeout(timer);
        resolve({ key: m.key, value: m.value });
      },
    }));
  });
  await consumer.disconnect();
  const decoder = new MessageDecoder(new RegistryDecoder(createRegistryClient({ url: stack.registryUrl }), defaultInputLimits), new Map(), defaultInputLimits);
  const { event } = await decoder.event(message.key, message.value);
  assert.equal(message.key?.toString(), 'credit-risk', 'keyed by model_id');
  assert.equal(event.model_id, 'credit-risk');
  assert.deepEqual(event.features, { income: 52000.5, age: 41, region: 'north', employed: true, debt_ratio: null });
  assert.deepEqual(event.prediction, { score: 0.31, label: 'repay', probabilities: null });
  assert.equal(event.latency_ms, 12.5);
  process.stdout.write(`ok: the README's Python example (confluent-kafka, fastavro, Python: ${versions}) published a PredictionEvent serve decodes: ${JSON.stringify(event)}\n`);
} finally {
  await clients.close();
}
