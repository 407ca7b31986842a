/**
 * Exact area under the ROC curve: the probability that a random positive scores above a random
 * negative, ties counting one half (Mann–Whitney U / (P·N)). Equals sklearn's roc_auc_score, which
 * integrates the curve through every distinct threshold. NaN when only one class is present.
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let negativesBelow = 0;
  let positives = 0;
  let numerator = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    let groupPositives = 0;
    let groupNegatives = 0;
    while (end < n && scores[order[end]] === scores[order[start]]) {
      if (positive[order[end]] === 1) groupPositives += 1;
      else groupNegatives += 1;
      end += 1;
    }
    numerator += groupPositives * negativesBelow + 0.5 * groupPositives * groupNegatives;
    negativesBelow += groupNegatives;
    positives += groupPositives;
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return numerator / (positives * negatives);
}
