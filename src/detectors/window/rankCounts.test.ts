import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StateWriter } from '../common/stateCodec.ts';
import { RankCounts } from './rankCounts.ts';

/** The counts a plain map of key → count gives, sorted by key. */
function expected(adds: [number, number][]): { keys: number[]; counts: number[] } {
  const m = new Map<number, number>();
  for (const [k, n] of adds) m.set(k, (m.get(k) ?? 0) + n);
  const keys = [...m.keys()].sort((a, b) => a - b);
  return { keys, counts: keys.map((k) => m.get(k)!) };
}

function bytes(c: RankCounts): Uint8Array {
  const w = new StateWriter('test', 1);
  c.write(w);
  return w.finish();
}

describe('RankCounts', () => {
  it('gives the same keys, counts and bytes before and after it turns dense, merges included', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const keyCount of [101, 2001, 20001]) {
      const adds: [number, number][] = [];
      const few = new RankCounts(keyCount);
      const many = new RankCounts(keyCount);
      const other = new RankCounts(keyCount);
      for (let i = 0; i < keyCount * 2; i++) {
        const key = Math.floor(next() * keyCount);
        adds.push([key, 1]);
        many.add(key, 1);
        if (i < keyCount / 32) few.add(key, 1);
        else other.add(key, 1);
      }
      assert.ok(many.memoryBytes >= keyCount * 8, 'many keys: dense');
      assert.ok(few.memoryBytes < keyCount * 8, 'few keys: sparse');
      few.merge(other);
      const want = expected(adds);
      for (const c of [many, few]) {
        const got = c.sorted();
        assert.deepEqual([...got.keys], want.keys);
        assert.deepEqual([...got.counts], want.counts);
        assert.equal(c.size, want.keys.length);
      }
      assert.deepEqual(bytes(few), bytes(many));
      many.clear();
      assert.equal(many.size, 0);
      assert.deepEqual([...many.sorted().keys], []);
    }
  });
});
