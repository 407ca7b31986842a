import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { stringify } from 'yaml';
import type { WindowReportRecord } from '../src/contracts/reports.ts';
import { withWrappedFeatures } from '../src/contracts/featureValueUnion.ts';
import { createRegistryClient } from '../src/registry/registryClient.ts';
import { registerContracts } from '../src/registry/registerContracts.ts';
import { runCli } from './support/cliProcess.ts';
import { connectLiveStack, createTopics, secureStack, stack, topicsOf, uniqueNames, waitForGroupCaughtUp, type LiveStackClients, type TestNames } from './support/liveStack.ts';
import { predictionStream } from './support/predictionStream.ts';
import { seededRandom } from './support/random.ts';
import { withServe } from './support/serveRun.ts';
import { readTopic } from './support/topicReader.ts';

/**
 * `serve` with every connection encrypted, on the live stack: Kafka over its SASL_SSL listener
 * (SCRAM-SHA-512, the stack's self-signed CA), the registry over HTTPS and Redis over TLS with a client
 * certificate, all from config file paths. The SCRAM password must appear in no log line and in no output
 * of `validate-config`.
 */
const REFERENCE = 1000;
const WINDOW = 500;
const EVENTS = REFERENCE + 3 * WINDOW;

// Every log line serve can write, so a password logged at any level would be seen.
process.env.DRIFTWATCH_LOG_LEVEL = 'debug';

describe('TLS and SASL/SCRAM-SHA-512 on the live stack', () => {
  let clients: LiveStackClients | undefined;
  let admin: Admin;
  let producer: Producer;
  const password = secureStack.scramPassword();

  before(async () => {
    clients = await connectLiveStack();
    ({ admin, producer } = clients);
  });

  after(async () => {
    await clients?.close();
  });

  function secureConfig(names: TestNames) {
    return {
      kafka: {
        brokers: secureStack.saslSslBrokers,
        groupId: names.groupId,
        ssl: { ca: secureStack.caFile },
        sasl: { mechanism: 'scram-sha-512', username: secureStack.scramUser, password },
      },
      registry: { url: secureStack.registryTlsUrl, tls: { ca: secureStack.caFile } },
      redis: { url: secureStack.redisTlsUrl, keyPrefix: names.redisPrefix, tls: { ca: secureStack.caFile, cert: secureStack.clientCertFile, key: secureStack.clientKeyFile } },
      observability: { port: 0 },
      topics: topicsOf(names),
      monitors: [{ model: 'credit-risk', features: { income: 'numeric', age: 'numeric', region: 'categorical' }, reference: { source: 'firstEvents', events: REFERENCE }, window: { type: 'count', size: WINDOW } }],
    };
  }

  test('serve consumes over SASL_SSL, registers and reads schemas over HTTPS, checkpoints over TLS; no password in its logs', async (t) => {
    const names = uniqueNames('secure');
    await createTopics(admin, [names.predictions, names.windows, names.alerts, names.retrain, names.deadLetter]);
    const registry = createRegistryClient({ url: stack.registryUrl });
    const [{ id }] = await registerContracts(registry, [{ contract: 'PredictionEvent', topic: names.predictions }]);
    const events = predictionStream(seededRandom(7), { modelId: 'credit-risk', count: EVENTS });
    const messages = await Promise.all(events.map(async (e) => ({ key: e.model_id, value: await registry.encode(id, withWrappedFeatures(e)) })));
    await producer.send({ topic: names.predictions, messages });

    const logs = await withServe(secureConfig(names), async (serve) => {
      await waitForGroupCaughtUp(admin, names.groupId, names.predictions, 120_000);
      return serve.logs();
    });
    const reports = await readTopic<WindowReportRecord>(clients!.kafka, registry, names.windows);
    assert.deepEqual(reports.map((r) => `${r.window.start}-${r.window.end}`).sort(), ['0-500', '1000-1500', '500-1000'], 'every window reported, through the encrypted connections');
    const lines = logs.split('\n').filter((l) => l.length > 0);
    t.diagnostic(`${lines.length} log lines checked`);
    assert.ok(lines.some((l) => l.includes('"msg":"consuming"')), 'serve logged that it consumes');
    assert.deepEqual(lines.filter((l) => l.includes(password)), [], 'no log line holds the SCRAM password');
  });

  test('the listener checks the password: a wrong one is refused', async () => {
    const kafka = new Kafka({
      clientId: 'driftwatch-test', brokers: secureStack.saslSslBrokers, logLevel: logLevel.NOTHING, retry: { retries: 0 },
      ssl: { ca: [readFileSync(secureStack.caFile)] },
      sasl: { mechanism: 'scram-sha-512', username: secureStack.scramUser, password: `${password}-wrong` },
    });
    const wrong = kafka.admin();
    await assert.rejects(wrong.connect(), { name: 'KafkaJSSASLAuthenticationError' });
    await wrong.disconnect();
  });

  test('validate-config prints no password, valid or not; a missing TLS file names its option', async () => {
    const names = uniqueNames('secure-validate');
    const dir = mkdtempSync(join(tmpdir(), 'driftwatch-secure-'));
    const valid = join(dir, 'valid.yaml');
    writeFileSync(valid, stringify(secureConfig(names)));
    const ok = await runCli(['validate-config', valid]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /valid \(1 monitor: credit-risk\)/);

    const config = secureConfig(names);
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, stringify({ ...config, kafka: { ...config.kafka, ssl: { ca: join(dir, 'no-such-ca.pem') }, sessionTimeout: 'soon' } }));
    const bad = await runCli(['validate-config', broken]);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /kafka\.sessionTimeout: expected a duration/);
    const missing = await runCli(['validate-config', (writeFileSync(broken, stringify({ ...config, kafka: { ...config.kafka, ssl: { ca: join(dir, 'no-such-ca.pem') } } })), broken)]);
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, new RegExp(`kafka\\.ssl\\.ca: cannot read ${join(dir, 'no-such-ca.pem')}`));
    const serve = await runCli(['serve', '--config', broken], { timeoutMs: 30_000 });
    assert.equal(serve.code, 2, 'serve refuses to start without the file');
    assert.match(serve.stderr, /kafka\.ssl\.ca: cannot read/);
    for (const run of [ok, bad, missing, serve]) assert.ok(!`${run.stdout}${run.stderr}`.includes(password), 'no output holds the SCRAM password');
  });
});
