/**
 * NannyML's sampling-error components for binary classification (sampling_error/binary_classification.py),
 * computed once on the reference: a metric's sampling error over a window of n predictions is
 * std / √(n · fraction), std being the population standard deviation of the metric's per-observation terms on
 * the reference and fraction the share of reference rows those terms come from.
 */
export interface SamplingErrorComponent {
  std: number;
  fraction: number;
}

export type EstimatedMetricName = 'roc_auc' | 'accuracy' | 'precision' | 'recall' | 'f1';

export type SamplingErrorComponents = Record<EstimatedMetricName, SamplingErrorComponent>;

/** `scores`, 0/1 `outcomes` and 0/1 `predicted` of the reference rows. */
export function samplingErrorComponents(scores: ArrayLike<number>, outcomes: ArrayLike<number>, predicted: ArrayLike<number>): SamplingErrorComponents {
  const n = outcomes.length;
  let tp = 0, fp = 0, fn = 0, correct = 0, positives = 0, predictedPositives = 0;
  for (let i = 0; i < n; i++) {
    const y = outcomes[i], p = predicted[i];
    if (y === p) correct++;
    if (y === 1) positives++;
    if (p === 1) predictedPositives++;
    if (p === 1 && y === 1) tp++;
    else if (p === 1) fp++;
    else if (y === 1) fn++;
  }
  // Per-observation terms are 1s and 0s (F1's scaled by its correcting factor): their σ follows from the counts.
  const binaryStd = (ones: number, total: number) => (total === 0 ? Number.NaN : Math.sqrt((ones / total) * (1 - ones / total)));
  const f1Terms = tp + fp + fn;
  const correction = f1Terms / ((fn + fp) * 0.5 + tp);
  return {
    accuracy: { std: binaryStd(correct, n), fraction: 1 },
    precision: { std: binaryStd(tp, tp + fp), fraction: predictedPositives / n },
    recall: { std: binaryStd(tp, tp + fn), fraction: positives / n },
    f1: f1Terms === 0 ? { std: Number.NaN, fraction: 0 } : { std: binaryStd(tp, f1Terms) * correction, fraction: f1Terms / n },
    roc_auc: rocAucComponent(scores, outcomes),
  };
}

export function samplingError(component: SamplingErrorComponent, windowCount: number): number {
  return component.std / Math.sqrt(windowCount * component.fraction);
}

/**
 * AUROC as a Mann–Whitney statistic (auroc_sampling_error_components): with the minority class as positive,
 * each positive's count of negatives ranked below it, over the negatives; NannyML's rank bookkeeping kept,
 * including that a positive ranked first (rank 0) drops out of the terms.
 */
function rocAucComponent(scores: ArrayLike<number>, outcomes: ArrayLike<number>): SamplingErrorComponent {
  const n = outcomes.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += outcomes[i];
  const flip = sum / n > 0.5;
  const y = Array.from(outcomes, (o) => (flip ? 1 - o : o));
  const s = Array.from(scores, (v) => (flip ? 1 - v : v));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s[a] - s[b] || a - b);
  const positives = y.reduce((a, b) => a + b, 0);
  const negatives = n - positives;
  const terms: number[] = [];
  for (let rank = 1; rank < n; rank++) if (y[order[rank]] === 1) terms.push((rank - terms.length) / negatives);
  const mean = terms.reduce((a, b) => a + b, 0) / terms.length;
  const std = Math.sqrt(terms.reduce((a, t) => a + (t - mean) ** 2, 0) / terms.length);
  return { std, fraction: positives / n };
}
