import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { parseConfig } from '../config/loadConfig.ts';
import type { LabelEvent, PredictionEvent } from '../contracts/events.ts';
import type { EngineOutput } from '../monitor/engineOutput.ts';
import { defaultInputLimits } from '../config/limitsSchema.ts';
import { mapToLabelEvent } from './labelMapping.ts';
import { MalformedMessageError } from './malformedMessageError.ts';
import { MessageDecoder } from './messageDecoder.ts';
import { RegistryDecoder } from './registryDecoder.ts';
import { createRegistryClient } from '../registry/registryClient.ts';
import { replayFiles } from './replayFiles.ts';

const mapping = { eventId: 'ref.id', timestamp: 'at', timestampUnit: 's' as const, label: 'outcome' };

function rejects(record: unknown, pattern: RegExp) {
  assert.throws(
    () => mapToLabelEvent(record, mapping, { modelId: 'churn' }),
    (e: unknown) => e instanceof MalformedMessageError && e.kind === 'validation' && /^cannot map the record to a LabelEvent: /.test(e.message) && pattern.test(e.message),
  );
}

describe('mapToLabelEvent', () => {
  it("reads a producer's own label record by dotted paths, ids of any primitive type as text", () => {
    assert.deepEqual(mapToLabelEvent({ ref: { id: 17 }, at: 1714564800, outcome: 1 }, mapping, { modelId: 'churn' }), { event_id: '17', model_id: 'churn', timestamp: 1714564800000, label: 1 });
    assert.deepEqual(mapToLabelEvent({ ref: { id: { string: 'e1' } }, at: '2024-05-01T12:00:00Z', outcome: true }, mapping, { modelId: 'churn' }), { event_id: 'e1', model_id: 'churn', timestamp: 1714564800000, label: 'true' });
    const withModel = { ...mapping, modelId: 'm' };
    assert.equal(mapToLabelEvent({ ref: { id: 'e' }, at: 1, outcome: 'spam', m: 'fraud' }, withModel, { modelId: 'churn' }).model_id, 'fraud');
  });

  it('names the path of what is missing or of the wrong type', () => {
    rejects({ at: 1, outcome: 1 }, /no event id at 'ref\.id'/);
    rejects({ ref: { id: 'e' }, outcome: 1 }, /no timestamp at 'at'/);
    rejects({ ref: { id: 'e' }, at: 1 }, /no label at 'outcome'/);
    rejects({ ref: { id: 'e' }, at: 1, outcome: Number.NaN }, /label at 'outcome' must be a finite number or a non-empty string/);
    rejects({ ref: { id: 'e' }, at: 1, outcome: { a: 1 } }, /label at 'outcome' must be a finite number or a non-empty string, got an object/);
    rejects([1], /the record is not an object/);
  });

  it("is used by serve's decoder for the model named by the message key, the contract for the others", () => {
    const registry = new RegistryDecoder(createRegistryClient({ url: 'http://127.0.0.1:1' }), { maxAvroItems: 1000 });
    const decoder = new MessageDecoder(registry, new Map(), defaultInputLimits, new Map([['churn', mapping]]));
    const own = Buffer.from(JSON.stringify({ ref: { id: 'e1' }, at: 1714564800, outcome: 'spam' }));
    assert.deepEqual(decoder.labelNow(Buffer.from('churn'), own), { event_id: 'e1', model_id: 'churn', timestamp: 1714564800000, label: 'spam' });
    assert.throws(() => decoder.labelNow(Buffer.from('fraud'), own), /not a valid LabelEvent/);
    const contract = Buffer.from(JSON.stringify({ event_id: 'e2', model_id: 'fraud', timestamp: 5, label: 0 }));
    assert.deepEqual(decoder.labelNow(Buffer.from('fraud'), contract), { event_id: 'e2', model_id: 'fraud', timestamp: 5, label: 0 });
  });
});

describe('replay with performance.labelMapping, and label CSVs with numeric ids', () => {
  it('joins labels in the producer\'s own CSV shape exactly as the same labels as LabelEvents', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'driftwatch-label-mapping-'));
    const events: PredictionEvent[] = Array.from({ length: 400 }, (_, i) => ({
      event_id: String(1000 + i), model_id: 'churn', model_version: 'v1', timestamp: 1714564800000 + i * 1000,
      features: { x: (i * 7919) % 101 }, prediction: { score: null, label: i % 3 === 0 ? 'yes' : 'no', probabilities: null }, latency_ms: null, attributes: {},
    }));
    const labels: LabelEvent[] = events.map((e, i) => ({ event_id: e.event_id, model_id: 'churn', timestamp: e.timestamp + 60_000, label: i % 5 === 0 ? 'yes' : 'no' }));
    writeFileSync(join(dir, 'events.jsonl'), events.map((e) => JSON.stringify(e)).join('\n'));
    writeFileSync(join(dir, 'labels.jsonl'), labels.map((l) => JSON.stringify(l)).join('\n'));
    // Numeric ids, seconds since the epoch, the label under another name: a CSV straight from a warehouse.
    writeFileSync(join(dir, 'labels.csv'), ['event_id,model_id,timestamp,label', ...labels.map((l) => `${l.event_id},churn,${l.timestamp},${l.label}`)].join('\n'));
    writeFileSync(join(dir, 'own.csv'), ['id,truth,seen_at', ...labels.map((l) => `${l.event_id},${l.label},${l.timestamp / 1000}`)].join('\n'));
    const monitor = {
      model: 'churn', features: { x: 'numeric' }, reference: { source: 'firstEvents', events: 100 }, window: { type: 'count', size: 100 },
      performance: { task: 'classification', positiveLabel: 'yes', windowSize: 100 },
    };
    const run = async (labelsFile: string, labelMapping?: object) => {
      const text = stringify({ monitors: [{ ...monitor, performance: { ...monitor.performance, ...(labelMapping ? { labelMapping } : {}) } }] });
      const configPath = join(dir, 'driftwatch.yaml');
      writeFileSync(configPath, text);
      const outputs: EngineOutput[] = [];
      const rejected: unknown[] = [];
      const counts = await replayFiles({
        config: parseConfig(text, configPath), configPath, events: join(dir, 'events.jsonl'), labels: join(dir, labelsFile), stream: 'predictions',
        onOutput: (o) => outputs.push(o), onRejected: (r) => rejected.push(r),
      });
      assert.deepEqual(rejected, []);
      return { counts, reports: outputs.flatMap((o) => o.reports).map(({ created_at: _, ...r }) => r) };
    };
    const contract = await run('labels.jsonl');
    const own = await run('own.csv', { eventId: 'id', timestamp: 'seen_at', timestampUnit: 's', label: 'truth' });
    assert.equal(own.counts.joined, 400);
    assert.deepEqual(own, contract);
    assert.deepEqual(await run('labels.csv'), contract, 'a LabelEvent CSV with numeric event ids joins too');
    const performance = own.reports.filter((r) => r.stream === 'labels');
    assert.ok(performance.length >= 3, `performance windows reported: ${performance.length}`);
    assert.ok(performance.every((r) => typeof r.model_metrics.accuracy === 'number'));
  });
});
