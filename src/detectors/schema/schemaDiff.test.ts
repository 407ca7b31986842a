import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import avro from 'avsc';
import { AvroSchemaError } from './avroSchema.ts';
import { diffAvroSchemas } from './schemaDiff.ts';

type Json = Record<string, unknown>;

const base = (): Json => ({
  type: 'record',
  name: 'Prediction',
  namespace: 'ml.events',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'score', type: 'float' },
    { name: 'count', type: 'int' },
    { name: 'label', type: ['null', 'string'], default: null },
    { name: 'features', type: { type: 'map', values: ['null', 'double', 'long', 'string', 'boolean'] } },
    {
      name: 'meta',
      type: {
        type: 'record',
        name: 'Meta',
        fields: [
          { name: 'source', type: { type: 'enum', name: 'Source', symbols: ['BATCH', 'ONLINE'] } },
          { name: 'ts', type: { type: 'long', logicalType: 'timestamp-millis' } },
          { name: 'note', type: 'string', default: '' },
        ],
      },
    },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'digest', type: { type: 'fixed', name: 'Digest', size: 16 } },
  ],
});

function edit(change: (s: Json & { fields: Json[] }) => void): Json {
  const s = base() as Json & { fields: Json[] };
  change(s);
  return s;
}
const field = (s: { fields: Json[] }, name: string) => s.fields.find((f) => f.name === name)!;
const meta = (s: { fields: Json[] }) => (field(s, 'meta').type as { fields: Json[] });

/** avsc's resolver as an independent oracle: can `reader` read data written with `writer`? */
function avscCanRead(reader: Json, writer: Json): boolean {
  try {
    avro.Type.forSchema(reader as avro.Schema).createResolver(avro.Type.forSchema(writer as avro.Schema));
    return true;
  } catch {
    return false;
  }
}

const cases: { name: string; next: Json; kind: string; path: string; backward: boolean; forward: boolean }[] = [
  { name: 'field added with a default', next: edit((s) => s.fields.push({ name: 'v', type: 'int', default: 0 })), kind: 'field_added', path: 'v', backward: true, forward: true },
  { name: 'field added without a default', next: edit((s) => s.fields.push({ name: 'v', type: 'int' })), kind: 'field_added', path: 'v', backward: false, forward: true },
  { name: 'field removed that had no default', next: edit((s) => s.fields.splice(0, 1)), kind: 'field_removed', path: 'id', backward: true, forward: false },
  { name: 'field removed that had a default', next: edit((s) => s.fields.splice(3, 1)), kind: 'field_removed', path: 'label', backward: true, forward: true },
  { name: 'promotion float → double', next: edit((s) => (field(s, 'score').type = 'double')), kind: 'type_changed', path: 'score', backward: true, forward: false },
  { name: 'promotion int → long', next: edit((s) => (field(s, 'count').type = 'long')), kind: 'type_changed', path: 'count', backward: true, forward: false },
  { name: 'string ↔ bytes', next: edit((s) => (field(s, 'id').type = 'bytes')), kind: 'type_changed', path: 'id', backward: true, forward: true },
  { name: 'narrowing long → int in a nested record', next: edit((s) => (meta(s).fields[1].type = 'int')), kind: 'type_changed', path: 'meta.ts', backward: false, forward: true },
  {
    name: 'enum symbol added',
    next: edit((s) => ((meta(s).fields[0].type as Json).symbols = ['BATCH', 'ONLINE', 'STREAM'])),
    kind: 'enum_symbols_added',
    path: 'meta.source',
    backward: true,
    forward: false,
  },
  {
    name: 'enum symbol removed, new enum has a default',
    next: edit((s) => Object.assign(meta(s).fields[0].type as Json, { symbols: ['ONLINE'], default: 'ONLINE' })),
    kind: 'enum_symbols_removed',
    path: 'meta.source',
    backward: true,
    forward: true,
  },
  { name: 'union branch added', next: edit((s) => (field(s, 'label').type = ['null', 'string', 'long'])), kind: 'union_branch_added', path: 'label', backward: true, forward: false },
  { name: 'made nullable', next: edit((s) => (field(s, 'id').type = ['null', 'string'])), kind: 'union_branch_added', path: 'id', backward: true, forward: false },
  {
    name: 'map value branch removed',
    next: edit((s) => (field(s, 'features').type = { type: 'map', values: ['null', 'double', 'string', 'boolean'] })),
    kind: 'union_branch_removed',
    path: 'features{}',
    backward: true,
    forward: true,
  },
  { name: 'array items string → int', next: edit((s) => (field(s, 'tags').type = { type: 'array', items: 'int' })), kind: 'type_changed', path: 'tags[]', backward: false, forward: false },
  { name: 'fixed size changed', next: edit((s) => ((field(s, 'digest').type as Json).size = 32)), kind: 'fixed_size_changed', path: 'digest', backward: false, forward: false },
  {
    name: 'logical type changed',
    next: edit((s) => (meta(s).fields[1].type = { type: 'long', logicalType: 'timestamp-micros' })),
    kind: 'logical_type_changed',
    path: 'meta.ts',
    backward: true,
    forward: true,
  },
  {
    name: 'field renamed with an alias',
    next: edit((s) => Object.assign(field(s, 'count'), { name: 'n', aliases: ['count'] })),
    kind: 'field_renamed',
    path: 'count',
    backward: true,
    forward: false,
  },
];

describe('diffAvroSchemas', () => {
  for (const c of cases) {
    it(`${c.name}: ${c.kind} at ${c.path}, agreeing with avsc's resolver`, () => {
      const diff = diffAvroSchemas(base(), c.next);
      const change = diff.changes.find((x) => x.kind === c.kind && x.path === c.path);
      assert.ok(change, `expected ${c.kind} at ${c.path}, got ${JSON.stringify(diff.changes)}`);
      assert.equal(diff.changes.length, 1, JSON.stringify(diff.changes));
      assert.deepEqual([change.backwardCompatible, change.forwardCompatible], [c.backward, c.forward]);
      assert.deepEqual([diff.backwardCompatible, diff.forwardCompatible], [c.backward, c.forward]);
      assert.deepEqual([avscCanRead(c.next, base()), avscCanRead(base(), c.next)], [c.backward, c.forward], 'avsc agrees');
    });
  }

  it('reports identical schemas as such, from JSON text too', () => {
    const diff = diffAvroSchemas(JSON.stringify(base()), base());
    assert.deepEqual(diff.changes, []);
    assert.equal(diff.summary, 'The schemas are structurally identical.');
  });

  it('summarises several changes in one sentence', () => {
    const next = edit((s) => {
      s.fields.push({ name: 'v', type: 'int' });
      field(s, 'score').type = 'double';
    });
    const diff = diffAvroSchemas(base(), next);
    assert.equal(
      diff.summary,
      '2 changes (1 type changed, 1 field added); new readers on old data: breaking (reader field v is not in the written data and has no default); ' +
        'old readers on new data: breaking (double cannot be read as float).',
    );
  });

  it('follows recursive types without looping', () => {
    const list = (valueType: string) => ({
      type: 'record',
      name: 'Node',
      fields: [
        { name: 'value', type: valueType },
        { name: 'next', type: ['null', 'Node'], default: null },
      ],
    });
    const diff = diffAvroSchemas(list('int'), list('long'));
    assert.deepEqual(diff.changes.map((c) => `${c.kind} ${c.path}`), ['type_changed value']);
    assert.equal(diff.backwardCompatible, true);
  });

  it('rejects invalid schemas with a located message', () => {
    assert.throws(() => diffAvroSchemas('{"type": "record", "name": "R", "fields": [{"name": "a", "type": "Missing"}]}', base()), AvroSchemaError);
    assert.throws(() => diffAvroSchemas('not json', base()), /neither a primitive type name nor valid JSON/);
  });
});
