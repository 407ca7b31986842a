import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';

const root = new URL('../', import.meta.url);
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8'));
const stackScript = readFileSync(new URL('scripts/stack.sh', root), 'utf8');

function stackSetting(name: string): string {
  const match = stackScript.match(new RegExp(`^${name}=(?:"\\$\\{[A-Z_]+:-)?([^}"\\n]+)`, 'm'));
  assert.ok(match, `scripts/stack.sh sets ${name}`);
  return match[1];
}

test('docker-compose.yml runs the same versions on the same host ports as the local stack', () => {
  const { kafka, registry, redis, driftwatch } = compose.services;
  assert.equal(kafka.image, `apache/kafka:${stackSetting('KAFKA_VERSION')}`);
  assert.equal(registry.image, `apicurio/apicurio-registry:${stackSetting('APICURIO_VERSION')}`);
  assert.deepEqual(kafka.ports, [`127.0.0.1:${stackSetting('KAFKA_PORT')}:${stackSetting('KAFKA_PORT')}`]);
  assert.deepEqual(registry.ports, [`127.0.0.1:${stackSetting('REGISTRY_PORT')}:${stackSetting('REGISTRY_PORT')}`]);
  assert.deepEqual(redis.ports, [`127.0.0.1:${stackSetting('REDIS_PORT')}:${stackSetting('REDIS_PORT')}`]);
  assert.equal(kafka.environment.KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS, 0);
  assert.equal(kafka.environment.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR, 1);
  assert.equal(registry.environment.APICURIO_RULES_GLOBAL_COMPATIBILITY, 'BACKWARD');
  assert.ok(redis.command.includes('--appendonly'));
  assert.deepEqual(driftwatch.command.slice(0, 1), ['serve']);
  assert.equal(driftwatch.environment.DRIFTWATCH_KAFKA_BROKERS, 'kafka:29092');
  // Where the compose client exists, it must accept the file too (these machines have only the docker CLI).
  if (spawnSync('docker', ['compose', 'version']).status === 0) {
    execFileSync('docker', ['compose', '-f', new URL('docker-compose.yml', root).pathname, 'config', '--quiet'], { stdio: 'pipe' });
  }
});
