import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from './loadConfig.ts';

const monitors = 'monitors:\n  - model: m\n    window: { type: count, size: 10 }\n';

test('topics.create defaults: enabled, the broker\'s partitions and replication, no topic configs, 60 s to be ready', () => {
  assert.deepEqual(parseConfig(monitors, 'c.yaml').topics.create, { enabled: true, config: {}, timeout: 60_000 });
});

test('topics.create takes partitions, replication factor, topic configs (values as Kafka strings) and a duration', () => {
  const config = parseConfig(`topics:\n  create:\n    partitions: 6\n    replicationFactor: 3\n    config: { retention.ms: 604800000, cleanup.policy: delete, unclean.leader.election.enable: false }\n    timeout: 2m\n${monitors}`, 'c.yaml');
  assert.deepEqual(config.topics.create, {
    enabled: true, partitions: 6, replicationFactor: 3, timeout: 120_000,
    config: { 'retention.ms': '604800000', 'cleanup.policy': 'delete', 'unclean.leader.election.enable': 'false' },
  });
  assert.equal(config.topics.predictions, 'ml.predictions', 'the topic names keep their defaults beside it');
});

test('bad topics.create values name their line and key', () => {
  assert.throws(() => parseConfig(`topics:\n  create:\n    partitions: 0\n    colour: red\n${monitors}`, 'c.yaml'), (error: Error) => {
    assert.match(error.message, /c\.yaml:3:5: topics\.create\.partitions: Too small/);
    assert.match(error.message, /c\.yaml:4:5: topics\.create\.colour: unknown key 'colour'/);
    return true;
  });
});
