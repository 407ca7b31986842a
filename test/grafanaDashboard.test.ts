import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parser } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';
import { DriftwatchMetrics } from '../src/observability/metrics.ts';
import { ServiceObserver } from '../src/observability/serviceObserver.ts';

const root = new URL('../', import.meta.url);
const dashboard = JSON.parse(readFileSync(new URL('examples/grafana/driftwatch-dashboard.json', root), 'utf8'));

interface Target { refId: string; expr: string; datasource: { type: string; uid: string } }
interface Panel { id: number; type: string; title: string; gridPos: { h: number; w: number; x: number; y: number }; datasource?: Target['datasource']; targets?: Target[] }

/** A Grafana query as Prometheus receives it: Grafana's interval and the dashboard's variables substituted. */
function asPrometheusReceivesIt(expr: string): string {
  return expr.replace(/\$__rate_interval|\$__interval/g, '1m').replace(/\$\w+/g, '.*');
}

/** Parses PromQL with Prometheus's own grammar (the one its UI uses); throws on a syntax error. Returns the metric names selected. */
function metricNames(expr: string): string[] {
  const promql = asPrometheusReceivesIt(expr);
  const tree = parser.parse(promql);
  const names = new Set<string>();
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) throw new SyntaxError(`PromQL syntax error at ${node.from} in ${promql}`);
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') names.add(promql.slice(node.from, node.to));
    },
  });
  return [...names];
}

/** Every series name the service's registry exposes (histograms as their _bucket, _sum and _count). */
async function exposedNames(): Promise<Set<string>> {
  const metrics = new DriftwatchMetrics();
  new ServiceObserver({ metrics, models: ['m'], maxDriftSeries: 10 });
  const names = new Set<string>();
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
    else names.add(metric.name);
  }
  return names;
}

const panels: Panel[] = dashboard.panels;
const queries = [
  ...panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel '${p.title}'`, expr: t.expr }))),
  ...dashboard.templating.list.filter((v: { type: string }) => v.type === 'query').map((v: { name: string; definition: string }) => ({ where: `variable $${v.name}`, expr: v.definition })),
];

test('the PromQL reader finds the selected metrics and refuses bad syntax', () => {
  assert.deepEqual(metricNames('histogram_quantile(0.95, sum by (le, stage) (rate(a_bucket{x=~"$y", z="w{"}[$__rate_interval])))'), ['a_bucket']);
  assert.deepEqual(metricNames('sum by (topic) (a_total) / on (topic) group_left b'), ['a_total', 'b']);
  assert.throws(() => metricNames('sum(rate(a_total[1m])'), SyntaxError);
  assert.throws(() => metricNames('a_total{topic="x"'), SyntaxError);
});

test('every dashboard query is valid PromQL and every metric it uses exists in the service registry', async () => {
  const exposed = await exposedNames();
  assert.ok(queries.length >= 10);
  for (const { where, expr } of queries) {
    // A variable's label_values(selector, label) asks Prometheus for the label's values on the selector's series.
    const names = metricNames(expr.replace(/^label_values\((.+),\s*\w+\)$/, '$1'));
    assert.ok(names.length > 0, `${where}: no metric in ${expr}`);
    for (const name of names) assert.ok(exposed.has(name), `${where}: ${name} is not a driftwatch metric (${expr})`);
  }
});

test('the dashboard covers lag, throughput, dead letters, drift per feature, quality and firing alerts', () => {
  const exprs = queries.map((q) => q.expr).join('\n');
  for (const metric of ['driftwatch_consumer_lag', 'driftwatch_events_total', 'driftwatch_dead_letters_total', 'driftwatch_drift_statistic', 'driftwatch_quality_score', 'driftwatch_firing_alerts']) {
    assert.match(exprs, new RegExp(`\\b${metric}\\b`), metric);
  }
  assert.ok(panels.some((p) => /by \(model_id, stream, feature\)/.test(p.targets?.[0]?.expr ?? '')), 'drift is drawn per feature');
});

test('a valid dashboard model for Grafana import and provisioning: schemaVersion, unique ids, grid, datasource ${DS_PROMETHEUS}', () => {
  assert.equal(typeof dashboard.schemaVersion, 'number');
  assert.ok(dashboard.schemaVersion >= 36, 'panel and target datasources as objects need schemaVersion ≥ 36');
  assert.equal(dashboard.uid, 'driftwatch');
  assert.equal(typeof dashboard.title, 'string');
  assert.equal(dashboard.id, undefined, 'an exported dashboard has no instance id');
  const ids = panels.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length, 'panel ids are unique');
  const types = new Set(['row', 'timeseries', 'stat', 'table', 'gauge', 'bargauge']);
  for (const p of panels) {
    assert.ok(types.has(p.type), `${p.title}: panel type ${p.type}`);
    assert.ok(p.gridPos.w > 0 && p.gridPos.x + p.gridPos.w <= 24 && p.gridPos.h > 0, `${p.title}: gridPos within 24 columns`);
    if (p.type === 'row') continue;
    assert.deepEqual(p.datasource, { type: 'prometheus', uid: '${DS_PROMETHEUS}' }, p.title);
    assert.ok((p.targets ?? []).length > 0, `${p.title}: has queries`);
    for (const t of p.targets!) assert.deepEqual(t.datasource, p.datasource, `${p.title} ${t.refId}`);
  }
  // ${DS_PROMETHEUS} is a datasource variable of the dashboard itself, so it resolves both when a user imports
  // the file (any Prometheus data source) and when Grafana provisions it from docker-compose.yml.
  const variable = dashboard.templating.list.find((v: { name: string }) => v.name === 'DS_PROMETHEUS');
  assert.deepEqual({ type: variable.type, query: variable.query }, { type: 'datasource', query: 'prometheus' });
  for (const v of dashboard.templating.list) {
    if (v.type === 'query') assert.deepEqual(v.datasource, { type: 'prometheus', uid: '${DS_PROMETHEUS}' }, v.name);
  }
});

test('Grafana provisioning in examples/grafana: the Prometheus data source and a provider for the dashboard folder', () => {
  const sources = parse(readFileSync(new URL('examples/grafana/provisioning/datasources/prometheus.yaml', root), 'utf8'));
  assert.equal(sources.apiVersion, 1);
  assert.deepEqual(sources.datasources.map((d: { type: string; isDefault: boolean }) => [d.type, d.isDefault]), [['prometheus', true]]);
  assert.equal(sources.datasources[0].url, 'http://prometheus:9090');
  const providers = parse(readFileSync(new URL('examples/grafana/provisioning/dashboards/driftwatch.yaml', root), 'utf8'));
  assert.equal(providers.apiVersion, 1);
  assert.equal(providers.providers[0].type, 'file');
  assert.equal(providers.providers[0].options.path, '/var/lib/grafana/dashboards');
});
