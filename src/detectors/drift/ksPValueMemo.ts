import { ksTwoSamplePValue } from '../stats/index.ts';

export type KsMethod = 'auto' | 'exact' | 'asymp';

/** Entries kept before the memo starts over. */
const MAX_ENTRIES = 8192;

/**
 * ksTwoSamplePValue with a bounded memo. D between a window of m values and a reference of n lies on
 * the grid |i/m − j/n|, and a monitor sees the same (n, m) window after window, so D values repeat
 * and the p-value (up to ~0.2 ms each via the exact Kolmogorov distribution) is computed once.
 */
export function ksPValueMemo(method: KsMethod): (statistic: number, n1: number, n2: number) => number {
  // One table per (n1, n2), found without building a key while the sizes stay those of the last call.
  const tables = new Map<string, Map<number, number>>();
  let entries = 0;
  let last: { n1: number; n2: number; table: Map<number, number> } | undefined;
  return (statistic, n1, n2) => {
    if (last?.n1 !== n1 || last.n2 !== n2) {
      const key = `${n1}|${n2}`;
      let table = tables.get(key);
      if (!table) tables.set(key, (table = new Map()));
      last = { n1, n2, table };
    }
    let p = last.table.get(statistic);
    if (p === undefined) {
      p = ksTwoSamplePValue(statistic, n1, n2, method);
      if (entries >= MAX_ENTRIES) {
        for (const table of tables.values()) table.clear();
        entries = 0;
      }
      last.table.set(statistic, p);
      entries++;
    }
    return p;
  };
}
