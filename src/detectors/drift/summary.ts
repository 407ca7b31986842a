import { formatCount, formatNumber } from '../common/format.ts';
import type { FindingSeverity } from '../finding.ts';
import type { DriftTest } from './registry.ts';

export interface SummaryInput {
  feature: string;
  test: DriftTest;
  value: number;
  threshold: number;
  severity: FindingSeverity;
  windowCount: number;
  /** Set when the window is too small to judge. */
  minCount?: number;
  /** Set for 'info' findings: the test that alerts for this feature kind. */
  alertingLabel?: string;
  /** Set when a crossing was held back because its significance gate did not pass. */
  gate?: { label: string; pValue: number; level: number };
  /** Set when the value crossed the lower bound of two-sided thresholds. */
  belowLower?: boolean;
}

/** One sentence naming feature, metric, value and threshold. */
export function driftSummary(s: SummaryInput): string {
  const head = `Feature '${s.feature}': ${s.test.label} ${formatNumber(s.value)}`;
  const over = `over ${formatCount(s.windowCount)} values`;
  const t = formatNumber(s.threshold);
  if (s.minCount !== undefined) {
    return `${head} not judged: the window has ${formatCount(s.windowCount)} values, fewer than the ${formatCount(s.minCount)} needed.`;
  }
  const pValue = s.test.direction === 'p_value';
  if (s.belowLower && s.severity !== 'none') {
    const role = s.severity === 'info' ? `; reported only, as ${s.alertingLabel ?? 'another metric'} is the alerting drift metric.` : ': the feature has moved from the reference.';
    return `${head} is below the lower threshold ${t} ${over}${role}`;
  }
  const crossing = pValue ? `is below` : `is at or above`;
  if (s.gate) {
    return `${head} ${crossing} the warning threshold ${t} but is not significant ${over} (${s.gate.label} p = ${formatNumber(s.gate.pValue)}, level ${formatNumber(s.gate.level)}): sampling noise, no drift.`;
  }
  switch (s.severity) {
    case 'none':
      return pValue
        ? `${head} is at or above the significance level ${t} ${over}: no drift.`
        : `${head} is below the warning threshold ${t} ${over}: no drift.`;
    case 'info':
      return `${head} ${crossing} the warning threshold ${t} ${over}; reported only, as ${s.alertingLabel ?? 'another metric'} is the alerting drift metric.`;
    default:
      return `${head} ${crossing} the ${s.severity} threshold ${t} ${over}: the feature has drifted from the reference.`;
  }
}
