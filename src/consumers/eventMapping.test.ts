import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldMappingSchema } from '../config/mappingSchema.ts';
import type { FieldMapping } from '../config/mappingSchema.ts';
import { mapToPredictionEvent } from './eventMapping.ts';
import { MalformedMessageError } from './malformedMessageError.ts';

const defaults = { modelId: 'churn' };

const record = {
  meta: { id: 'evt-1', model: { name: 'fraud', version: 7 }, at: 1714564800000 },
  inputs: { income: { double: 52000.5 }, city: { string: 'Paris' }, owner: true, visits: { long: 3 }, missing: null },
  output: { score: 0.82, label: { string: 'churn' }, latency: 12.5 },
  context: { region: 'eu', tier: 2 },
};

function rejects(record: unknown, mapping: FieldMapping, pattern: RegExp) {
  assert.throws(
    () => mapToPredictionEvent(record, mapping, defaults),
    (error: unknown) => error instanceof MalformedMessageError && error.kind === 'validation' && pattern.test(error.message),
  );
}

describe('mapToPredictionEvent', () => {
  it('maps every part from its path and unwraps Avro unions', () => {
    const event = mapToPredictionEvent(
      record,
      {
        eventId: 'meta.id',
        modelId: 'meta.model.name',
        modelVersion: 'meta.model.version',
        timestamp: 'meta.at',
        features: { income: 'inputs.income', city: 'inputs.city', owner: 'inputs.owner', visits: 'inputs.visits', gone: 'inputs.nope' },
        score: 'output.score',
        label: 'output.label',
        latencyMs: 'output.latency',
        attributes: { region: 'context.region', tier: 'context.tier', absent: 'context.nope' },
      },
      defaults,
    );
    assert.deepEqual(event, {
      event_id: 'evt-1',
      model_id: 'fraud',
      model_version: '7',
      timestamp: 1714564800000,
      features: { income: 52000.5, city: 'Paris', owner: true, visits: 3, gone: null },
      prediction: { score: 0.82, label: 'churn', probabilities: null },
      latency_ms: 12.5,
      attributes: { region: 'eu', tier: '2' },
    });
  });

  it('uses the monitor model and "unversioned" when those paths are not mapped, nulls for unmapped parts', () => {
    const event = mapToPredictionEvent(record, { eventId: 'meta.id', timestamp: 'meta.at', features: ['inputs.income', 'inputs.missing'] }, defaults);
    assert.equal(event.model_id, 'churn');
    assert.equal(event.model_version, 'unversioned');
    assert.deepEqual(event.features, { 'inputs.income': 52000.5, 'inputs.missing': null });
    assert.deepEqual(event.prediction, { score: null, label: null, probabilities: null });
    assert.equal(event.latency_ms, null);
    assert.deepEqual(event.attributes, {});
  });

  it('reads top-level features by name, keys containing dots whole, and array items by index', () => {
    const event = mapToPredictionEvent(
      { id: 1234, ts: 1, age: 30, 'sepal.length': 5.1, probs: [0.1, 0.9] },
      { eventId: 'id', timestamp: 'ts', features: ['age', 'sepal.length'], score: 'probs.1' },
      defaults,
    );
    assert.equal(event.event_id, '1234');
    assert.deepEqual(event.features, { age: 30, 'sepal.length': 5.1 });
    assert.equal(event.prediction.score, 0.9);
  });

  it('turns numeric and boolean labels into text', () => {
    const map = (label: unknown) => mapToPredictionEvent({ id: 'e', ts: 1, label }, { eventId: 'id', timestamp: 'ts', features: [], label: 'label' }, defaults).prediction.label;
    assert.equal(map(1), '1');
    assert.equal(map(false), 'false');
    assert.equal(map(undefined), null);
  });

  describe('timestamps', () => {
    const at = (ts: unknown, timestampUnit?: 'ms' | 's') =>
      mapToPredictionEvent({ id: 'e', ts }, { eventId: 'id', timestamp: 'ts', timestampUnit, features: [] }, defaults).timestamp;

    it('takes ms, seconds (fractions rounded to the ms), digit strings, bigints and dates', () => {
      assert.equal(at(1714564800123), 1714564800123);
      assert.equal(at(1714564800.123, 's'), 1714564800123);
      assert.equal(at('1714564800', 's'), 1714564800000);
      assert.equal(at({ long: 1714564800000 }), 1714564800000);
      assert.equal(at(1714564800000n), 1714564800000);
      assert.equal(at(new Date(1714564800000), 's'), 1714564800000);
    });

    it('parses ISO-8601, reading date-times without an offset as UTC', () => {
      const utc = Date.UTC(2024, 4, 1, 12, 30, 15, 250);
      assert.equal(at('2024-05-01T12:30:15.250Z'), utc);
      assert.equal(at('2024-05-01T12:30:15.250'), utc);
      assert.equal(at('2024-05-01 12:30:15.250z'), utc);
      assert.equal(at('2024-05-01T14:30:15.250+02:00'), utc);
      assert.equal(at('2024-05-01T14:30:15.250+0200'), utc);
      assert.equal(at('2024-05-01T07:30:15.250-05'), utc);
      assert.equal(at('2024-05-01T12:30:15.250123Z'), utc);
      assert.equal(at('2024-05-01T12:30Z'), Date.UTC(2024, 4, 1, 12, 30));
      assert.equal(at('2024-05-01'), Date.UTC(2024, 4, 1));
      assert.equal(at('2024-05-01T12:30:15.250Z', 's'), utc);
    });

    it('rejects what is not a time, naming the path', () => {
      const mapping: FieldMapping = { eventId: 'id', timestamp: 'meta.ts', features: [] };
      rejects({ id: 'e' }, mapping, /no timestamp at 'meta\.ts'/);
      rejects({ id: 'e', meta: { ts: null } }, mapping, /no timestamp at 'meta\.ts'/);
      for (const bad of ['May 1st 2024', '2024-13-01T00:00:00Z', '', true, { a: 1 }, Number.POSITIVE_INFINITY]) {
        rejects({ id: 'e', meta: { ts: bad } }, mapping, /timestamp at 'meta\.ts' must be ms since the epoch or an ISO-8601 date-time/);
      }
    });
  });

  describe('rejects', () => {
    it('a record that is not an object', () => {
      rejects('text', { eventId: 'id', timestamp: 'ts', features: [] }, /the record is not an object/);
      rejects([1], { eventId: 'id', timestamp: 'ts', features: [] }, /the record is not an object/);
    });

    it('a missing or empty event id, or a mapped model id or version that is missing, naming the path', () => {
      rejects({ ts: 1 }, { eventId: 'meta.id', timestamp: 'ts', features: [] }, /no event id at 'meta\.id'/);
      rejects({ meta: { id: '' }, ts: 1 }, { eventId: 'meta.id', timestamp: 'ts', features: [] }, /no event id at 'meta\.id'/);
      rejects({ id: 'e', ts: 1 }, { eventId: 'id', modelId: 'model', timestamp: 'ts', features: [] }, /no model id at 'model'/);
      rejects({ id: 'e', ts: 1 }, { eventId: 'id', modelVersion: 'v', timestamp: 'ts', features: [] }, /no model version at 'v'/);
      rejects({ id: { a: 1 }, ts: 1 }, { eventId: 'id', timestamp: 'ts', features: [] }, /event id at 'id' must be a string, a number or a boolean, got an object \{"a":1\}/);
    });

    it('values of a type the event cannot hold', () => {
      const base = { id: 'e', ts: 1 };
      rejects({ ...base, f: { x: 1 } }, { eventId: 'id', timestamp: 'ts', features: { income: 'f' } }, /feature 'income' at 'f' must be null, a number, a string or a boolean, got an object/);
      rejects({ ...base, f: [1] }, { eventId: 'id', timestamp: 'ts', features: ['f'] }, /feature 'f' at 'f' .* got an array/);
      rejects({ ...base, s: '0.7' }, { eventId: 'id', timestamp: 'ts', features: [], score: 's' }, /score at 's' must be a number, got "0\.7"/);
      rejects({ ...base, l: { a: 1 } }, { eventId: 'id', timestamp: 'ts', features: [], latencyMs: 'l' }, /latency at 'l' must be a number/);
      rejects({ ...base, r: ['eu'] }, { eventId: 'id', timestamp: 'ts', features: [], attributes: { region: 'r' } }, /attribute 'region' at 'r' must be a string/);
    });
  });
});

describe('fieldMappingSchema', () => {
  it('accepts both forms of features and the optional parts', () => {
    const mapping = { eventId: 'meta.id', timestamp: 'ts', timestampUnit: 's', features: { income: 'inputs.income' }, score: 'out.score', attributes: { region: 'ctx.region' } };
    assert.deepEqual(fieldMappingSchema.parse(mapping), mapping);
    assert.deepEqual(fieldMappingSchema.parse({ eventId: 'id', timestamp: 'ts', features: ['a', 'b.c'] }), { eventId: 'id', timestamp: 'ts', features: ['a', 'b.c'] });
  });

  it('rejects unknown keys, bad paths, bad units and empty feature lists', () => {
    const problems = (value: unknown) => {
      const result = fieldMappingSchema.safeParse(value);
      assert.equal(result.success, false);
      return result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n');
    };
    assert.match(problems({ eventId: 'id', timestamp: 'ts', features: ['a'], extra: 1 }), /extra/);
    assert.match(problems({ eventId: 'a..b', timestamp: 'ts', features: ['a'] }), /eventId: expected a dotted path/);
    assert.match(problems({ eventId: 'id', timestamp: 'ts', timestampUnit: 'us', features: ['a'] }), /timestampUnit/);
    assert.match(problems({ eventId: 'id', timestamp: 'ts', features: [] }), /features/);
    assert.match(problems({ eventId: 'id', timestamp: 'ts', features: {} }), /features/);
    assert.match(problems({ timestamp: 'ts', features: ['a'] }), /eventId/);
  });
});
