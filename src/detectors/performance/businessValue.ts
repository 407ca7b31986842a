import type { Finding } from '../finding.ts';
import { formatNumber } from '../common/format.ts';

/** What one prediction is worth by its outcome (performance.businessValue): gains positive, costs negative. */
export interface BusinessValueMatrix {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** A window's confusion matrix: counts from labels, or expected counts (sums of calibrated probabilities) from CBPE. */
export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** The window's business value: each outcome's count times its value, summed (NannyML's business_value, not normalised). */
export function businessValue(matrix: BusinessValueMatrix, c: Confusion): number {
  return c.tp * matrix.tp + c.fp * matrix.fp + c.tn * matrix.tn + c.fn * matrix.fn;
}

/** What the window's errors cost per prediction: −(fp · value of FP + fn · value of FN) / predictions. */
export function costOfErrorsPerPrediction(matrix: BusinessValueMatrix, c: Confusion): number {
  const n = c.tp + c.fp + c.tn + c.fn;
  return n === 0 ? Number.NaN : -(c.fp * matrix.fp + c.fn * matrix.fn) / n;
}

/**
 * A business-value finding with its impact stated against the reference: the cost of errors per prediction and
 * its change, in details (cost_of_errors, reference_cost_of_errors, cost_change) and at the end of the summary
 * ("estimated cost of errors up 18 % vs reference"). Unchanged when the reference's cost is not known or is 0.
 */
export function withImpact(finding: Finding, cost: number, referenceCost: number | undefined, estimated: boolean): Finding {
  if (referenceCost === undefined || !Number.isFinite(cost) || !Number.isFinite(referenceCost) || referenceCost === 0) return finding;
  const change = (cost - referenceCost) / Math.abs(referenceCost);
  const percent = Math.round(Math.abs(change) * 100);
  const way = percent === 0 ? 'unchanged' : `${change > 0 ? 'up' : 'down'} ${percent} %`;
  const impact = `${estimated ? 'estimated ' : ''}cost of errors ${way} vs reference (${formatNumber(cost)} vs ${formatNumber(referenceCost)} per prediction)`;
  return {
    ...finding,
    summary: `${finding.summary.replace(/\.$/, '')}; ${impact}.`,
    details: { ...finding.details, cost_of_errors: cost, reference_cost_of_errors: referenceCost, cost_change: change },
  };
}
