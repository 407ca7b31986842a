import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { columnShaper } from './columnShape.ts';
import { FileRecordError } from './fileRecordError.ts';

describe('columnShaper', () => {
  it('keeps flat columns flat', () => {
    assert.deepEqual(columnShaper(['a', 'b'], 'f.csv:1')([1, 'x']), { a: 1, b: 'x' });
  });

  it('nests dotted columns, at any depth, in column order', () => {
    const shape = columnShaper(['event_id', 'features.income', 'features.city', 'prediction.score', 'a.b.c'], 'f.csv:1');
    assert.deepEqual(shape(['e1', 10, 'Paris', 0.5, true]), {
      event_id: 'e1',
      features: { income: 10, city: 'Paris' },
      prediction: { score: 0.5 },
      a: { b: { c: true } },
    });
  });

  it('returns a new record for each row', () => {
    const shape = columnShaper(['x.y'], 'f.csv:1');
    const first = shape([1]);
    shape([2]);
    assert.deepEqual(first, { x: { y: 1 } });
  });

  const rejects = (columns: string[], pattern: RegExp) =>
    assert.throws(() => columnShaper(columns, 'f.csv:3'), (error: unknown) => error instanceof FileRecordError && error.location === 'f.csv:3' && pattern.test(error.message));

  it('rejects headers that cannot nest unambiguously, naming the columns', () => {
    rejects(['a', ''], /column 2 has no name/);
    rejects(['a..b'], /'a\.\.b' has an empty part between dots/);
    rejects(['.a'], /empty part/);
    rejects(['a', 'b', 'a'], /column 'a' appears twice \(columns 1 and 3\)/);
    rejects(['features', 'features.income'], /column 'features' holds a value and column 'features\.income' puts a field under it/);
    rejects(['x.y.z', 'x.y'], /column 'x\.y' holds a value/);
    rejects(['__proto__.polluted'], /reserved name __proto__/);
  });
});
