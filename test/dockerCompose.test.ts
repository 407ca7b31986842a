import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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

const composeFile = new URL('docker-compose.yml', root).pathname;
const exampleConfig = parse(readFileSync(new URL('examples/driftwatch.yaml', root), 'utf8'));

/** The repository file a `./host:container[:ro]` bind mount names, and where it lands in the container. */
function bindMounts(service: { volumes?: string[] }): { host: string; container: string }[] {
  return (service.volumes ?? []).filter((v) => v.startsWith('./')).map((v) => {
    const [host, container] = v.split(':');
    return { host, container };
  });
}

test('docker-compose.yml has no top-level name or version key (Compose v1 rejects the first, v2 calls the second obsolete)', () => {
  assert.equal(compose.name, undefined);
  assert.equal(compose.version, undefined);
  assert.deepEqual(Object.keys(compose), ['services', 'volumes']);
});

test('the driftwatch container listens on every interface, publishes the metrics port on the host loopback and probes liveness', () => {
  const { driftwatch } = compose.services;
  const port = driftwatch.environment.DRIFTWATCH_OBSERVABILITY_PORT;
  assert.equal(driftwatch.environment.DRIFTWATCH_OBSERVABILITY_HOST, '0.0.0.0');
  assert.equal(port, exampleConfig.observability?.port ?? 9464);
  assert.deepEqual(driftwatch.ports, [`127.0.0.1:${port}:${port}`]);
  assert.match(driftwatch.healthcheck.test.join(' '), new RegExp(`http://127\\.0\\.0\\.1:${port}/health/live`));
});

test('Prometheus scrapes driftwatch, and Grafana is provisioned with it as data source and the driftwatch dashboard', () => {
  const { prometheus, grafana, driftwatch } = compose.services;
  for (const service of [prometheus, grafana, driftwatch]) {
    for (const { host } of bindMounts(service)) assert.ok(existsSync(new URL(host, root)), `${host} is in the repository`);
  }
  const [prometheusConfig] = bindMounts(prometheus).filter((m) => m.container === '/etc/prometheus/prometheus.yml');
  assert.ok(prometheusConfig, 'prometheus.yml is mounted where --config.file points');
  assert.ok(prometheus.command.includes('--config.file=/etc/prometheus/prometheus.yml'));
  const scrape = parse(readFileSync(new URL(prometheusConfig.host, root), 'utf8'));
  const job = scrape.scrape_configs.find((j: { job_name: string }) => j.job_name === 'driftwatch');
  assert.equal(job.metrics_path, '/metrics');
  assert.deepEqual(job.static_configs[0].targets, [`driftwatch:${driftwatch.environment.DRIFTWATCH_OBSERVABILITY_PORT}`]);
  assert.deepEqual(prometheus.ports, ['127.0.0.1:9090:9090']);

  const mounts = bindMounts(grafana);
  const target = (host: string) => mounts.find((m) => m.host === host)?.container;
  assert.equal(target('./examples/grafana/provisioning/datasources'), '/etc/grafana/provisioning/datasources');
  assert.equal(target('./examples/grafana/provisioning/dashboards'), '/etc/grafana/provisioning/dashboards');
  const provider = parse(readFileSync(new URL('examples/grafana/provisioning/dashboards/driftwatch.yaml', root), 'utf8')).providers[0];
  assert.equal(target('./examples/grafana/driftwatch-dashboard.json'), `${provider.options.path}/driftwatch-dashboard.json`);
  const source = parse(readFileSync(new URL('examples/grafana/provisioning/datasources/prometheus.yaml', root), 'utf8')).datasources[0];
  assert.equal(source.url, 'http://prometheus:9090');
  assert.deepEqual(grafana.ports, ['127.0.0.1:3000:3000']);
});

test('Compose v1 (docker-compose 1.29, as Debian ships it) accepts the file', () => {
  const v1 = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8' });
  assert.equal(v1.status, 0, 'docker-compose (Compose v1) is needed: `apt-get install docker-compose` (.ci/run installs it)');
  assert.match(v1.stdout, /^1\./);
  const run = spawnSync('docker-compose', ['-f', composeFile, 'config', '--quiet'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
});

test("Compose v2's own loader (compose-go, schema validation and interpolation, as `docker compose config`) accepts the file", () => {
  const go = ['go', '/usr/local/go/bin/go'].find((candidate) => spawnSync(candidate, ['version']).status === 0);
  assert.ok(go, 'Go is needed to build tools/compose-check');
  const run = spawnSync(go, ['run', '.', composeFile], { cwd: new URL('tools/compose-check/', root), encoding: 'utf8', timeout: 300_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'driftwatch grafana kafka prometheus redis registry');
});
