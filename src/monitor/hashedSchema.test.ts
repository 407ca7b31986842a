import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configSchema } from '../config/configSchema.ts';
import { diffAvroSchemas } from '../detectors/schema/schemaDiff.ts';
import { CategoryHasher } from './categoryHasher.ts';
import { hashedAvroSchema } from './hashedSchema.ts';
import { entryKey, MonitorEngine } from './monitorEngine.ts';

const SECRET = 'sixteen-chars-or-more';
const hasher = new CategoryHasher({ secret: SECRET, readableFeatures: [], memoEntries: 1000 });
const hash = (text: string) => hasher.hash(text);

const address = { type: 'record', name: 'Address', fields: [{ name: 'zip_code', type: 'string', doc: 'where they live' }] };
const v1 = {
  type: 'record', name: 'LoanApplication', namespace: 'com.acme.credit', doc: 'private', fields: [
    { name: 'merchant_category', type: { type: 'enum', name: 'Merchant', symbols: ['grocery_store', 'casino'] } },
    { name: 'home', type: address },
    { name: 'previous_home', type: ['null', 'Address'], default: null },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
    { name: 'segment', type: 'string', default: 'retail_banking' },
  ],
};
const compatible = { ...v1, fields: [...v1.fields, { name: 'referrer_name', type: ['null', 'string'], default: null }] };
const breaking = { ...v1, fields: [...v1.fields.filter((f) => f.name !== 'segment'), { name: 'income_band', type: 'string' }] };
const NAMES = ['LoanApplication', 'com.acme', 'merchant_category', 'Merchant', 'grocery_store', 'casino', 'Address', 'zip_code', 'where they live', 'previous_home', 'tags', 'amount', 'segment', 'retail_banking', 'referrer_name', 'income_band', 'private'];

describe('writer schemas under privacy.hashCategories', () => {
  test('no name, symbol, string default or doc is left; the diff judges as on the originals', () => {
    for (const schema of [v1, compatible, breaking]) {
      const text = JSON.stringify(hashedAvroSchema(schema, hash));
      for (const name of NAMES) assert.ok(!text.includes(name), `${name} is hashed away`);
    }
    for (const next of [compatible, breaking]) {
      const plain = diffAvroSchemas(v1, next);
      const hashed = diffAvroSchemas(hashedAvroSchema(v1, hash), hashedAvroSchema(next, hash));
      assert.equal(hashed.backwardCompatible, plain.backwardCompatible);
      assert.equal(hashed.forwardCompatible, plain.forwardCompatible);
      assert.deepEqual(hashed.changes.map((c) => c.kind), plain.changes.map((c) => c.kind));
    }
    assert.deepEqual(diffAvroSchemas(hashedAvroSchema(v1, hash), hashedAvroSchema(v1, hash)).changes, [], 'the same schema hashes the same');
  });

  test('the engine stores and alerts with the hashed schema', () => {
    const config = configSchema.parse({ monitors: [{ model: 'm', window: { type: 'count', size: 10 } }], privacy: { hashCategories: true, secret: SECRET } });
    const engine = new MonitorEngine({ monitors: config.monitors, privacy: config.privacy, now: () => 0 });
    engine.observeWriterSchema('predictions', 'm', 'v', 1, v1, 0);
    const out = engine.observeWriterSchema('predictions', 'm', 'v', 2, breaking, 1);
    assert.equal(out.alerts.length, 1);
    assert.equal(out.alerts[0].severity, 'critical');
    const saved = engine.snapshot(entryKey('schema:predictions', 'm', ''))!.toString('utf8');
    // The alert's values, not its own field names (the schema's names include 'segment', which an alert has as a key).
    const alertValues = JSON.stringify(out.alerts.map((a) => Object.values(a)));
    for (const name of NAMES) {
      assert.ok(!saved.includes(name), `${name} is not saved`);
      assert.ok(!alertValues.includes(name), `${name} is not in the alert`);
    }
  });
});
