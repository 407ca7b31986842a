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
  const memo = new Map<string, number>();
  return (statistic, n1, n2) => {
    const key = `${statistic}|${n1}|${n2}`;
    let p = memo.get(key);
    if (p === undefined) {
      p = ksTwoSamplePValue(statistic, n1, n2, method);
      if (memo.size >= MAX_ENTRIES) memo.clear();
      memo.set(key, p);
    }
    return p;
  };
}
