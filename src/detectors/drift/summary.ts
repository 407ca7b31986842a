import type { FindingSeverity } from '../finding.ts';
import type { DriftTest } from './registry.ts';

/** Numbers as people read them in alerts: 3 significant digits, exponent form below 0.001. */
export function formatNumber(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const magnitude = Math.abs(v);
  if (magnitude < 1e-3) return v.toExponential(2);
  const digits = 2 - Math.floor(Math.log10(magnitude));
  // v rounded to 3 significant digits; dividing by an exact power of ten prints the shortest decimal.
  const rounded = digits >= 0 ? Math.round(v * 10 ** digits) / 10 ** digits : Math.round(v / 10 ** -digits) * 10 ** -digits;
  return String(rounded);
}

export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

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
