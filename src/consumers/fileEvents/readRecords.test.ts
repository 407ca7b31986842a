import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parquetWriteFile } from 'hyparquet-writer';
import { toPredictionEvent } from '../predictionEventValidation.ts';
import { FileRecordError, readRecords } from './readRecords.ts';
import type { FileRecord, ReadRecordsOptions } from './readRecords.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'driftwatch-file-events-'));
});
after(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function readAll(path: string, options?: ReadRecordsOptions): Promise<FileRecord[]> {
  const records: FileRecord[] = [];
  for await (const record of readRecords(path, options)) records.push(record);
  return records;
}

function fileRecordError(location: string, pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof FileRecordError, String(error));
    assert.equal(error.location, location);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('readRecords: JSON Lines', () => {
  it('reads one object per line, skipping blank lines, located by line', async () => {
    const path = await file('events.jsonl', '{"event_id":"e1","n":1}\n\n   \r\n{"event_id":"e2","nested":{"x":[1,2]}}\r\n{"event_id":"e3"}');
    assert.deepEqual(await readAll(path), [
      { record: { event_id: 'e1', n: 1 }, location: `${path}:1` },
      { record: { event_id: 'e2', nested: { x: [1, 2] } }, location: `${path}:4` },
      { record: { event_id: 'e3' }, location: `${path}:5` },
    ]);
  });

  it('takes .ndjson and an explicit format, and drops a byte-order mark', async () => {
    const ndjson = await file('events.ndjson', '\uFEFF{"a":1}\n');
    assert.deepEqual((await readAll(ndjson)).map((r) => r.record), [{ a: 1 }]);
    const txt = await file('events.txt', '{"a":2}\n');
    assert.deepEqual((await readAll(txt, { format: 'jsonl' })).map((r) => r.record), [{ a: 2 }]);
  });

  it('reads lines longer than a read chunk and keeps multi-byte characters whole', async () => {
    const long = 'é'.repeat(200_000);
    const path = await file('long.jsonl', `{"s":"${long}"}\n{"s":"ü"}\n`);
    const records = await readAll(path);
    assert.equal((records[0].record.s as string).length, 200_000);
    assert.deepEqual(records[1], { record: { s: 'ü' }, location: `${path}:2` });
  });

  it('throws FileRecordError naming file and line for a malformed line', async () => {
    const path = await file('bad.jsonl', '{"a":1}\n{"a":\n{"a":3}\n');
    await assert.rejects(readAll(path), fileRecordError(`${path}:2`, /bad\.jsonl:2: not valid JSON: Unexpected end of JSON input/));
  });

  it('rejects lines that are JSON but not objects, and invalid UTF-8', async () => {
    await assert.rejects(readAll(await file('array.jsonl', '[1,2]\n')), fileRecordError(`${join(dir, 'array.jsonl')}:1`, /expected a JSON object, got an array/));
    await assert.rejects(readAll(await file('null.jsonl', '{}\nnull\n')), fileRecordError(`${join(dir, 'null.jsonl')}:2`, /got null/));
    const latin1 = Buffer.concat([Buffer.from('{"a":1}\n{"city":"'), Buffer.from([0xe9]), Buffer.from('"}\n')]);
    await assert.rejects(readAll(await file('latin1.jsonl', latin1)), fileRecordError(`${join(dir, 'latin1.jsonl')}:2`, /not valid UTF-8/));
  });

  it('hands malformed lines to onMalformed and reads on', async () => {
    const path = await file('mixed.jsonl', '{"a":1}\nnot json\n42\n{"a":4}\n');
    const malformed: string[] = [];
    const records = await readAll(path, { onMalformed: (error) => malformed.push(error.location) });
    assert.deepEqual(records.map((r) => r.location), [`${path}:1`, `${path}:4`]);
    assert.deepEqual(malformed, [`${path}:2`, `${path}:3`]);
  });

  it('stops reading when the consumer stops', async () => {
    const path = await file('many.jsonl', Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ i })).join('\n'));
    let seen = 0;
    for await (const _ of readRecords(path)) if (++seen === 3) break;
    assert.equal(seen, 3);
  });
});

describe('readRecords: CSV', () => {
  it('casts cells: numbers, booleans, empty → null; quoted cells stay strings', async () => {
    const path = await file('cast.csv', 'id,n,f,flag,empty,code,text,quoted\n"e1",1,2.5,true,,007,hello,"42"\ne2,-3,1e3,FALSE,,12,"a, b","true"\n');
    assert.deepEqual((await readAll(path)).map((r) => r.record), [
      { id: 'e1', n: 1, f: 2.5, flag: true, empty: null, code: '007', text: 'hello', quoted: '42' },
      { id: 'e2', n: -3, f: 1000, flag: false, empty: null, code: 12, text: 'a, b', quoted: 'true' },
    ]);
  });

  it('nests dotted columns so a CSV can carry a PredictionEvent', async () => {
    const path = await file(
      'predictions.csv',
      'event_id,model_id,model_version,timestamp,features.income,features.city,features.owner,prediction.score,attributes.region\n' +
        'e1,churn,v3,1714564800000,52000.5,"Paris",true,0.82,"eu"\n' +
        'e2,churn,v3,1714564801000,,Lyon,,,"eu"\n',
    );
    const records = await readAll(path);
    assert.deepEqual(records[0].record, {
      event_id: 'e1',
      model_id: 'churn',
      model_version: 'v3',
      timestamp: 1714564800000,
      features: { income: 52000.5, city: 'Paris', owner: true },
      prediction: { score: 0.82 },
      attributes: { region: 'eu' },
    });
    const second = toPredictionEvent(records[1].record);
    assert.deepEqual(second.features, { income: null, city: 'Lyon', owner: null });
    assert.equal(second.prediction.score, null);
  });

  it('locates rows by the line they start on, across blank lines and quoted line breaks', async () => {
    const path = await file('lines.csv', '\uFEFFa,b\r\n1,"two\r\nlines"\r\n\r\n\r\n3,4\r\n5,6');
    const records = await readAll(path);
    assert.deepEqual(records, [
      { record: { a: 1, b: 'two\r\nlines' }, location: `${path}:2` },
      { record: { a: 3, b: 4 }, location: `${path}:6` },
      { record: { a: 5, b: 6 }, location: `${path}:7` },
    ]);
  });

  it('reads a header-only or empty file as no records', async () => {
    assert.deepEqual(await readAll(await file('header.csv', 'a,b\n')), []);
    assert.deepEqual(await readAll(await file('empty.csv', '')), []);
  });

  it('throws FileRecordError for a row with the wrong number of cells, or hands it to onMalformed', async () => {
    const path = await file('ragged.csv', 'a,b\n1,2\n3\n4,5,6\n7,8\n');
    await assert.rejects(readAll(path), fileRecordError(`${path}:3`, /the row has 1 cells but the header has 2 columns/));
    const malformed: string[] = [];
    const records = await readAll(path, { onMalformed: (error) => malformed.push(error.location) });
    assert.deepEqual(records.map((r) => r.location), [`${path}:2`, `${path}:5`]);
    assert.deepEqual(malformed, [`${path}:3`, `${path}:4`]);
  });

  it('throws FileRecordError for a bad header, broken quoting or invalid UTF-8', async () => {
    const header = await file('header-bad.csv', '\n\nfeatures,features.income\n1,2\n');
    await assert.rejects(readAll(header), fileRecordError(`${header}:3`, /column 'features' holds a value/));
    const quote = await file('quote.csv', 'a,b\n1,"unterminated\n2,3\n');
    await assert.rejects(readAll(quote), (error: unknown) => error instanceof FileRecordError && /quote\.csv:\d+: not valid CSV: /.test(error.message));
    const latin1 = Buffer.concat([Buffer.from('a,city\n1,Paris\n2,'), Buffer.from([0xc9]), Buffer.from('vry\n')]);
    await assert.rejects(readAll(await file('latin1.csv', latin1)), fileRecordError(`${join(dir, 'latin1.csv')}:3`, /not valid UTF-8/));
  });

  it('streams a file larger than the text batches', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `e${i},${i},${i % 2 === 0}`);
    const path = await file('big.csv', `id,n,even\n${rows.join('\n')}\n`);
    const records = await readAll(path);
    assert.equal(records.length, 20_000);
    assert.deepEqual(records[19_999], { record: { id: 'e19999', n: 19_999, even: false }, location: `${path}:20001` });
  });
});

describe('readRecords: Parquet', () => {
  it('reads every row group, converting bigints and timestamps, nesting dotted columns', async () => {
    const path = join(dir, 'ref.parquet');
    parquetWriteFile({
      filename: path,
      rowGroupSize: 2,
      columnData: [
        { name: 'event_id', data: ['e0', 'e1', 'e2'], type: 'STRING' },
        { name: 'timestamp', data: [1714564800000n, 1714564801000n, 9007199254740993n], type: 'INT64' },
        { name: 'seen_at', data: [new Date(1000), null, new Date(3000)], type: 'TIMESTAMP' },
        { name: 'features.income', data: [52000.5, null, 3], type: 'DOUBLE' },
        { name: 'features.owner', data: [true, false, null], type: 'BOOLEAN' },
        { name: 'features.age', data: [30, 41, 52], type: 'INT32' },
      ],
    });
    assert.deepEqual(await readAll(path), [
      { record: { event_id: 'e0', timestamp: 1714564800000, seen_at: 1000, features: { income: 52000.5, owner: true, age: 30 } }, location: `${path} row 0` },
      { record: { event_id: 'e1', timestamp: 1714564801000, seen_at: null, features: { income: null, owner: false, age: 41 } }, location: `${path} row 1` },
      { record: { event_id: 'e2', timestamp: '9007199254740993', seen_at: 3000, features: { income: 3, owner: null, age: 52 } }, location: `${path} row 2` },
    ]);
  });

  it('reads struct columns as nested objects', async () => {
    const path = join(dir, 'struct.parquet');
    parquetWriteFile({
      filename: path,
      columnData: [
        { name: 'event_id', data: ['e0', 'e1'] },
        { name: 'features', data: [{ income: 1.5, city: 'Paris' }, { income: null, city: 'Lyon' }] },
      ],
      schema: [
        { name: 'root', num_children: 2 },
        { name: 'event_id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        { name: 'features', repetition_type: 'OPTIONAL', num_children: 2 },
        { name: 'income', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
        { name: 'city', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      ],
    });
    assert.deepEqual((await readAll(path)).map((r) => r.record), [
      { event_id: 'e0', features: { income: 1.5, city: 'Paris' } },
      { event_id: 'e1', features: { income: null, city: 'Lyon' } },
    ]);
  });

  it('reads many row groups in order', async () => {
    const path = join(dir, 'many.parquet');
    const n = 2_500;
    parquetWriteFile({ filename: path, rowGroupSize: 1_000, columnData: [{ name: 'i', data: Array.from({ length: n }, (_, i) => i), type: 'INT32' }] });
    const records = await readAll(path);
    assert.deepEqual(records.map((r) => r.record.i), Array.from({ length: n }, (_, i) => i));
    assert.equal(records[2_499].location, `${path} row 2499`);
  });

  it('throws FileRecordError naming the file when it is not Parquet', async () => {
    const path = await file('fake.parquet', 'a,b\n1,2\n');
    await assert.rejects(readAll(path), fileRecordError(path, /not a readable Parquet file/));
  });
});

describe('readRecords: format', () => {
  it('asks for a format when the extension does not tell it', () => {
    assert.throws(() => readRecords('events.txt'), fileRecordError('events.txt', /cannot tell the format from the extension/));
  });

  it('takes the extension in any case', async () => {
    const path = await file('UPPER.CSV', 'a\n1\n');
    assert.deepEqual((await readAll(path)).map((r) => r.record), [{ a: 1 }]);
  });
});
