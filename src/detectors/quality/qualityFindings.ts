import type { Finding, FindingSeverity, WindowBounds } from '../finding.ts';
import { formatNumber } from '../common/format.ts';
import type { FeatureShares } from './featureQuality.ts';
import type { QualityWindow } from './qualityWindow.ts';

export interface Bounds {
  warning: number;
  critical: number;
}

export interface QualityThresholds {
  /** Added to the feature's expectedMissingShare: alert when missing share exceeds expected + bound. */
  missingShare: Bounds;
  nanShare: Bounds;
  infiniteShare: Bounds;
  typeMismatchShare: Bounds;
  outOfRangeShare: Bounds;
  unseenCategoryShare: Bounds;
  /** The model quality score alerts when it falls below these. */
  score: Bounds;
  /** Fewer events than this: no share or score findings (schema changes are still reported). */
  minEvents: number;
}

export const DEFAULT_QUALITY_THRESHOLDS: QualityThresholds = {
  // 5 points more missing than the reference usually means a broken upstream join; 20 is an outage.
  missingShare: { warning: 0.05, critical: 0.2 },
  // NaN, ±Inf and wrong types should not occur at all: 1 % is a bug, 5 % a broken producer.
  nanShare: { warning: 0.01, critical: 0.05 },
  infiniteShare: { warning: 0.01, critical: 0.05 },
  typeMismatchShare: { warning: 0.01, critical: 0.05 },
  // A reference [min, max] from n values leaves ≈ 2/(n + 1) outside by chance; 5 % is a real shift or a unit change.
  outOfRangeShare: { warning: 0.05, critical: 0.2 },
  unseenCategoryShare: { warning: 0.05, critical: 0.2 },
  // Below 0.8 one cell in five is defective: the model is scoring on bad inputs.
  score: { warning: 0.8, critical: 0.5 },
  // 100 events: a 1 % share is then at least one defective value, not a fraction of one.
  minEvents: 100,
};

type ShareCheck = { metric: string; label: string; share: keyof FeatureShares; bounds: keyof QualityThresholds };
const CHECKS: readonly ShareCheck[] = [
  { metric: 'missing_share', label: 'missing', share: 'missing', bounds: 'missingShare' },
  { metric: 'nan_share', label: 'NaN', share: 'nan', bounds: 'nanShare' },
  { metric: 'infinite_share', label: '±Infinity', share: 'infinite', bounds: 'infiniteShare' },
  { metric: 'type_mismatch_share', label: 'of the wrong type', share: 'typeMismatch', bounds: 'typeMismatchShare' },
  { metric: 'out_of_range_share', label: "outside the reference's [min, max]", share: 'outOfRange', bounds: 'outOfRangeShare' },
  { metric: 'unseen_category_share', label: 'unseen categories', share: 'unseenCategory', bounds: 'unseenCategoryShare' },
];

function percent(share: number): string {
  return `${formatNumber(100 * share)} %`;
}

/**
 * Findings for a quality window: per reference feature, one per share that applies (range and
 * category shares only when the reference has min/max or categories); one model-level quality
 * score; one model-level implicit schema change (value = number of changed features).
 */
export function qualityFindings(q: QualityWindow, window: WindowBounds, overrides: Partial<QualityThresholds> = {}): Finding[] {
  const t = { ...DEFAULT_QUALITY_THRESHOLDS, ...overrides };
  const findings: Finding[] = [];
  if (q.events >= t.minEvents) {
    for (const [feature, spec] of Object.entries(q.reference)) {
      const shares = q.shares(feature)!;
      for (const check of CHECKS) {
        const value = shares[check.share];
        if (Number.isNaN(value)) continue;
        const offset = check.share === 'missing' ? (spec.expectedMissingShare ?? 0) : 0;
        const bounds = t[check.bounds] as Bounds;
        const severity: FindingSeverity = value > offset + bounds.critical ? 'critical' : value > offset + bounds.warning ? 'warning' : 'none';
        const threshold = offset + (severity === 'critical' ? bounds.critical : bounds.warning);
        const of = check.share === 'outOfRange' ? 'numeric values' : check.share === 'unseenCategory' ? 'string values' : 'events';
        findings.push({
          detector: 'quality.share',
          feature,
          metric: check.metric,
          value,
          threshold,
          severity,
          window,
          summary: `${percent(value)} of ${feature}'s ${of} are ${check.label} (${severity === 'none' ? 'within' : 'above'} the ${percent(threshold)} bound).`,
        });
      }
    }
    const score = q.score();
    if (!Number.isNaN(score)) {
      const severity: FindingSeverity = score < t.score.critical ? 'critical' : score < t.score.warning ? 'warning' : 'none';
      findings.push({
        detector: 'quality.score',
        metric: 'quality_score',
        value: score,
        threshold: severity === 'critical' ? t.score.critical : t.score.warning,
        severity,
        window,
        summary: `Data quality score ${formatNumber(score)} (share of feature values with no defect) is ${severity === 'none' ? 'not below' : 'below'} ${formatNumber(severity === 'critical' ? t.score.critical : t.score.warning)}.`,
        details: { events: q.events, features: Object.keys(q.reference).length },
      });
    }
  }
  const change = q.schemaChange();
  const total = change.appeared.length + change.disappeared.length + change.changedType.length;
  // A feature the model needs vanishing or changing type breaks it; a new feature is only news.
  const severity: FindingSeverity = change.disappeared.length + change.changedType.length > 0 ? 'critical' : total > 0 ? 'info' : 'none';
  const parts = [
    change.disappeared.length > 0 ? `disappeared: ${change.disappeared.join(', ')}` : '',
    change.changedType.length > 0 ? `changed type: ${change.changedType.map((c) => `${c.feature} ${c.reference}→${c.observed}`).join(', ')}` : '',
    change.appeared.length > 0 ? `appeared: ${change.appeared.join(', ')}` : '',
  ].filter((p) => p !== '');
  findings.push({
    detector: 'quality.schema_change',
    metric: 'schema_changes',
    value: total,
    threshold: 0,
    severity,
    window,
    summary: total === 0 ? 'Features match the reference schema.' : `Features differ from the reference schema (${parts.join('; ')}).`,
    details: {
      appeared: change.appeared.join(','),
      disappeared: change.disappeared.join(','),
      changedType: change.changedType.map((c) => `${c.feature}:${c.reference}>${c.observed}`).join(','),
    },
  });
  return findings;
}
