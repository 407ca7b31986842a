import { LRUCache } from 'lru-cache';
import { ksTwoSamplePValue } from '../stats/index.ts';

export type KsMethod = 'auto' | 'exact' | 'asymp';

/** p-values kept per memo, over all sample sizes. */
export const KS_MEMO_MAX_ENTRIES = 8192;
/** Distinct (n1, n2) sample-size pairs kept per memo, least recently used first out. */
export const KS_MEMO_MAX_SIZES = 256;

/**
 * ksTwoSamplePValue with a bounded memo. D between a window of m values and a reference of n lies on
 * the grid |i/m − j/n|, and a monitor sees the same (n, m) window after window, so D values repeat
 * and the p-value (up to ~0.2 ms each via the exact Kolmogorov distribution) is computed once.
 * Bounded twice: at most KS_MEMO_MAX_SIZES tables (LRU by sample sizes), and at most KS_MEMO_MAX_ENTRIES
 * p-values in all (then every table starts over).
 */
export function ksPValueMemo(method: KsMethod): ((statistic: number, n1: number, n2: number) => number) & { readonly entries: number; readonly sizes: number } {
  let entries = 0;
  // One table per (n1, n2), found without building a key while the sizes stay those of the last call.
  const tables = new LRUCache<string, Map<number, number>>({ max: KS_MEMO_MAX_SIZES, dispose: (table) => { entries -= table.size; } });
  let last: { n1: number; n2: number; table: Map<number, number> } | undefined;
  const memo = (statistic: number, n1: number, n2: number): number => {
    if (last?.n1 !== n1 || last.n2 !== n2) {
      const key = `${n1}|${n2}`;
      let table = tables.get(key);
      if (!table) tables.set(key, (table = new Map()));
      last = { n1, n2, table };
    }
    let p = last.table.get(statistic);
    if (p === undefined) {
      p = ksTwoSamplePValue(statistic, n1, n2, method);
      if (entries >= KS_MEMO_MAX_ENTRIES) {
        for (const table of tables.values()) table.clear();
        entries = 0;
      }
      last.table.set(statistic, p);
      entries++;
    }
    return p;
  };
  return Object.defineProperties(memo, {
    entries: { get: () => entries },
    sizes: { get: () => tables.size },
  }) as typeof memo & { readonly entries: number; readonly sizes: number };
}
