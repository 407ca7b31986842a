import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError } from './configError.ts';
import { parseConfig } from './loadConfig.ts';
import { readTlsFiles, tlsFileProblems } from './tlsFiles.ts';

const monitors = 'monitors:\n  - model: m\n    reference: { source: firstEvents }\n    window: { type: count, size: 100 }\n';

function problemsOf(yaml: string): string[] {
  try {
    parseConfig(yaml + monitors, 'dw.yaml');
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => `${p.line}: ${p.key}: ${p.message}`);
  }
}

test('redis.mode defaults to standalone and needs a url there', () => {
  const config = parseConfig(`redis:\n  url: redis://127.0.0.1:6379\n${monitors}`, 'dw.yaml');
  assert.equal(config.redis?.mode, 'standalone');
  assert.deepEqual(problemsOf('redis:\n  keyPrefix: x\n'), ["2: redis.url: mode standalone needs 'url' (e.g. redis://127.0.0.1:6379)"]);
});

test('sentinel mode needs sentinels and masterName; cluster mode needs nodes; keys of another mode are refused where they are', () => {
  assert.deepEqual(problemsOf('redis:\n  mode: sentinel\n  sentinels: [127.0.0.1:26379]\n  masterName: state\n'), []);
  assert.deepEqual(problemsOf('redis:\n  mode: sentinel\n  url: redis://x:1\n'), [
    "2: redis.sentinels: mode sentinel needs 'sentinels' (host:port of each sentinel)",
    "2: redis.masterName: mode sentinel needs 'masterName' (the name in the sentinels' `sentinel monitor` line)",
    "3: redis.url: 'url' is not used in mode sentinel",
  ]);
  assert.deepEqual(problemsOf('redis:\n  mode: cluster\n  nodes: [127.0.0.1:7000, 127.0.0.1:7001]\n'), []);
  assert.deepEqual(problemsOf('redis:\n  mode: cluster\n  nodes: [nope]\n  replicaAcks: 1\n'), [
    '3: redis.nodes[0]: expected host:port',
    '4: redis.replicaAcks: replicaAcks (Redis WAIT) is not supported in cluster mode',
  ]);
  assert.deepEqual(problemsOf('redis:\n  mode: ring\n  url: redis://x:1\n'), ['2: redis.mode: Invalid option: expected one of "standalone"|"sentinel"|"cluster"']);
});

test('kafka.ssl is true/false or TLS files; cert goes with key; paths are relative to the config file', () => {
  const base = 'kafka:\n  brokers: [127.0.0.1:9093]\n';
  assert.equal(parseConfig(`${base}  ssl: true\n${monitors}`, 'dw.yaml').kafka?.ssl, true);
  const config = parseConfig(`${base}  ssl: { ca: certs/ca.pem }\n${monitors}`, '/etc/driftwatch/dw.yaml');
  assert.deepEqual(config.kafka?.ssl, { ca: '/etc/driftwatch/certs/ca.pem', rejectUnauthorized: true });
  assert.deepEqual(problemsOf(`${base}  ssl: { cert: c.pem }\n`), ['3: kafka.ssl: cert and key go together (a client certificate needs its key)']);
  assert.deepEqual(problemsOf(`${base}  ssl: { ca: c.pem, verify: false }\n`), ["3: kafka.ssl.verify: unknown key 'verify'"]);
  assert.deepEqual(problemsOf('registry:\n  url: http://r:1\n  tls: { ca: ca.pem }\n'), ['3: registry.tls: tls needs an https:// url']);
});

test('a TLS file that cannot be read names its option and path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dw-tls-'));
  writeFileSync(join(dir, 'ca.pem'), 'CA');
  const config = parseConfig(
    `kafka:\n  brokers: [h:1]\n  ssl: { ca: ca.pem, rejectUnauthorized: false }\nregistry:\n  url: https://r:1\n  tls: { ca: missing.pem }\nredis:\n  url: rediss://r:1\n  tls: { cert: c.pem, key: k.pem }\n${monitors}`,
    join(dir, 'dw.yaml'),
  );
  assert.deepEqual(readTlsFiles(config.kafka!.ssl as never, 'kafka.ssl'), { ca: Buffer.from('CA'), rejectUnauthorized: false });
  assert.throws(() => readTlsFiles(config.registry!.tls!, 'registry.tls'), { name: 'TlsFileError', message: new RegExp(`^registry\\.tls\\.ca: cannot read ${join(dir, 'missing.pem')} \\(ENOENT`) });
  assert.deepEqual(tlsFileProblems(config).map((p) => `${p.key}: ${p.message.split(' (')[0]}`), [
    `registry.tls.ca: cannot read ${join(dir, 'missing.pem')}`,
    `redis.tls.cert: cannot read ${join(dir, 'c.pem')}`,
  ]);
});
