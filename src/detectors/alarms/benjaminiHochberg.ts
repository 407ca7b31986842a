export class InvalidPValueError extends Error {
  override name = 'InvalidPValueError';
}

export interface BenjaminiHochbergResult {
  /** Per input, in input order: whether its null hypothesis is rejected at false discovery rate q. */
  rejected: boolean[];
  /** Per input, in input order: BH-adjusted p-value, min over j ≥ rank of p_(j)·m/j, capped at 1. */
  adjusted: number[];
}

/**
 * Benjamini–Hochberg step-up procedure, computed as statsmodels' multipletests(method='fdr_bh'):
 * with p-values sorted ascending, reject every hypothesis up to the largest rank i with
 * p_(i) ≤ (i/m)·q. Use it across features' drift tests in one window so that testing many features
 * does not multiply false alarms.
 */
export function benjaminiHochberg(pValues: readonly number[], q = 0.05): BenjaminiHochbergResult {
  if (!(q > 0 && q <= 1)) throw new InvalidPValueError(`benjaminiHochberg: q is ${q} but must be in (0, 1]`);
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) {
      throw new InvalidPValueError(`benjaminiHochberg: p-value #${i} is ${p}; leave out tests that produced no p-value`);
    }
  });
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b]);
  const sorted = order.map((i) => pValues[i]);
  let lastRejected = -1;
  for (let i = 0; i < m; i++) {
    if (sorted[i] <= ((i + 1) / m) * q) lastRejected = i;
  }
  const adjustedSorted = new Array<number>(m);
  let running = Number.POSITIVE_INFINITY;
  for (let i = m - 1; i >= 0; i--) {
    running = Math.min(running, sorted[i] / ((i + 1) / m));
    adjustedSorted[i] = Math.min(running, 1);
  }
  const rejected = new Array<boolean>(m);
  const adjusted = new Array<number>(m);
  order.forEach((original, rank) => {
    rejected[original] = rank <= lastRejected;
    adjusted[original] = adjustedSorted[rank];
  });
  return { rejected, adjusted };
}
