import type { DriftDirection } from '../config/featureRulesSchema.ts';
import type { Finding } from '../detectors/finding.ts';

/** Which way a window moved from its reference: its mean above the reference mean is an increase, below a decrease, equal neither. */
export function movement(windowMean: number, referenceMean: number): 'increase' | 'decrease' | 'none' {
  return windowMean > referenceMean ? 'increase' : windowMean < referenceMean ? 'decrease' : 'none';
}

/**
 * A finding of a numeric feature that alerts one way only (`direction: increase / decrease`): when firing
 * and the window did not move that way (see `movement`), it is kept as 'info'. It carries the two means and
 * the direction asked for.
 */
export function holdIfOtherWay(finding: Finding, direction: Exclude<DriftDirection, 'both'>, windowMean: number, referenceMean: number): Finding {
  const details = { ...finding.details, direction, window_mean: windowMean, reference_mean: referenceMean };
  const moved = movement(windowMean, referenceMean);
  const fires = finding.severity === 'warning' || finding.severity === 'critical';
  if (!fires || moved === direction) return { ...finding, details };
  const way = moved === 'none' ? 'equals' : moved === 'increase' ? 'is above' : 'is below';
  return {
    ...finding,
    severity: 'info',
    details,
    summary: `${finding.summary} Reported only: it moved the other way (window mean ${windowMean.toPrecision(4)} ${way} the reference mean ${referenceMean.toPrecision(4)}), and this feature alerts on ${direction === 'increase' ? 'an increase' : 'a decrease'} only.`,
  };
}
