import type { ReferenceRanks } from '../reference/referenceRanks.ts';
import type { RankCounts } from './rankCounts.ts';

/**
 * Two-sample KS D = sup |F_window − F_reference| from a window's sparse rank counts against every
 * distinct reference value: exactly ks_2samp's D on the raw samples, in O(k log k) for k keys.
 * Between two consecutive window keys F_window is flat and F_reference rises, so the gap peaks at one
 * end: just after the first key (reference at or below it) or just before the next (reference below it).
 */
export function rankKsStatistic(ranks: ReferenceRanks, window: RankCounts, n: number, m: number): number {
  const { keys, counts } = window.sorted();
  // Integer cumulative counts; the largest |cw·n − cr·m| marks where |cw/m − cr/n| peaks.
  let cw = 0;
  let best = -1;
  let bestW = 0;
  let bestR = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const before = ranks.below(key);
    let gap = Math.abs(cw * n - before * m);
    if (gap > best) {
      best = gap;
      bestW = cw;
      bestR = before;
    }
    cw += counts[i];
    const at = ranks.atOrBelow(key);
    gap = Math.abs(cw * n - at * m);
    if (gap > best) {
      best = gap;
      bestW = cw;
      bestR = at;
    }
  }
  return Math.abs(bestW / m - bestR / n);
}
