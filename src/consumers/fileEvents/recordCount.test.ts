import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parquetWriteFile } from 'hyparquet-writer';
import { estimateRecordCount } from './recordCount.ts';

const dir = mkdtempSync(join(tmpdir(), 'driftwatch-record-count-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('estimateRecordCount', () => {
  it('counts JSONL lines, with or without a final newline', async () => {
    assert.equal(await estimateRecordCount(file('a.jsonl', '{"a":1}\n{"a":2}\n{"a":3}\n')), 3);
    assert.equal(await estimateRecordCount(file('b.jsonl', '{"a":1}\n{"a":2}')), 2);
    assert.equal(await estimateRecordCount(file('c.jsonl', '')), 0);
    const big = Array.from({ length: 100_000 }, (_, i) => JSON.stringify({ i })).join('\n');
    assert.equal(await estimateRecordCount(file('big.ndjson', big)), 100_000, 'across read chunks');
  });

  it('counts CSV lines after the header, and Parquet rows from the metadata', async () => {
    assert.equal(await estimateRecordCount(file('a.csv', 'x,y\n1,2\n3,4\n')), 2);
    const parquet = join(dir, 'a.parquet');
    await parquetWriteFile({ filename: parquet, columnData: [{ name: 'x', data: [1, 2, 3, 4, 5], type: 'INT32' }] });
    assert.equal(await estimateRecordCount(parquet), 5);
  });
});
