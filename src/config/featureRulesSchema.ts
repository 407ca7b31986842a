import { z } from 'zod';
import { driftTests } from '../detectors/drift/registry.ts';
import type { FeatureKind } from '../detectors/drift/driftTest.ts';

const kind = z.enum(['numeric', 'categorical']);

const bound = z.strictObject({
  warning: z.number().optional(),
  critical: z.number().optional(),
  /** Two-sided: a value below it is a warning too (higher-is-worse statistics only). */
  lower: z.number().optional(),
});

/** Calibration on the reference's chunks: mean ± kσ; `twoSided` also alerts below mean − kσ. */
const calibration = z.union([
  z.boolean(),
  z.strictObject({ k: z.number().positive().default(3), twoSided: z.boolean().default(false) }),
]);

/**
 * One feature's rules, overriding `drift.<kind>`: which registered tests alert (`methods`, combined with
 * `any` — each firing test alerts on its own, as NannyML — or `all` — alerts only when every one fires),
 * fixed bounds per test, and calibration of the calibratable ones. Numeric features only: `bins` (PSI and
 * numeric JS bins, overriding drift.psiBins) and `direction` (which way of moving alerts, judged by the
 * window mean against the reference mean; default both).
 */
export const featureRuleSchema = z.strictObject({
  type: kind,
  methods: z.array(z.string()).min(1).optional(),
  combine: z.enum(['any', 'all']).default('any'),
  thresholds: z.record(z.string(), bound).default({}),
  calibrate: calibration.default(false),
  bins: z.number().int().min(2).max(65535).optional(),
  direction: z.enum(['increase', 'decrease', 'both']).optional(),
}).superRefine((rule, ctx) => {
  if (rule.type === 'categorical') {
    if (rule.bins !== undefined) ctx.addIssue({ code: 'custom', path: ['bins'], message: 'bins cut a numeric feature (PSI and numeric JS bins); a categorical feature has its categories' });
    if (rule.direction !== undefined) ctx.addIssue({ code: 'custom', path: ['direction'], message: 'direction compares window and reference means, so it applies to numeric features only' });
  }
  const methods = rule.methods ?? [driftTests.defaultMethod(rule.type).name];
  (rule.methods ?? []).forEach((name, i) => {
    if (!driftTests.has(name, rule.type)) {
      const known = driftTests.names(rule.type, { onRequest: true }).map((n) => JSON.stringify(n)).join('|');
      ctx.addIssue({ code: 'custom', path: ['methods', i], message: `expected one of ${known} (the registered ${rule.type} drift tests)` });
    }
  });
  if (new Set(methods).size !== methods.length) ctx.addIssue({ code: 'custom', path: ['methods'], message: 'a method is listed twice' });
  for (const [name, t] of Object.entries(rule.thresholds)) {
    const test = driftTests.get(name);
    if (!methods.includes(name)) {
      ctx.addIssue({ code: 'custom', path: ['thresholds', name], message: `'${name}' is not among this feature's methods (${methods.join(', ')})` });
      continue;
    }
    if (!test) continue;
    if (rule.calibrate !== false && test.calibratable) {
      ctx.addIssue({ code: 'custom', path: ['thresholds', name], message: `'${name}' is calibrated (calibrate is on): give fixed thresholds or calibration, not both` });
    }
    if (t.lower !== undefined && test.direction === 'p_value') {
      ctx.addIssue({ code: 'custom', path: ['thresholds', name, 'lower'], message: `'${name}' is a p-value: it alerts below its warning level already, so it has no lower bound` });
      continue;
    }
    const warning = t.warning ?? test.thresholds.warning;
    const critical = t.critical ?? test.thresholds.critical;
    if (test.direction === 'higher_is_worse' && !(warning < critical)) {
      ctx.addIssue({ code: 'custom', path: ['thresholds', name], message: `warning must be below critical for '${name}', got ${warning} and ${critical}` });
    }
    if (test.direction === 'p_value' && !(critical > 0 && critical < warning && warning <= 1)) {
      ctx.addIssue({ code: 'custom', path: ['thresholds', name], message: `'${name}' is a p-value: needs 0 < critical < warning ≤ 1, got warning ${warning} and critical ${critical}` });
    }
    if (t.lower !== undefined && !(t.lower < warning)) {
      ctx.addIssue({ code: 'custom', path: ['thresholds', name, 'lower'], message: `lower must be below warning (${warning}), got ${t.lower}` });
    }
  }
  if (rule.calibrate !== false && !methods.some((name) => driftTests.get(name)?.calibratable)) {
    ctx.addIssue({ code: 'custom', path: ['calibrate'], message: `none of ${methods.join(', ')} can be calibrated (p-values are calibrated by their null distribution)` });
  }
});

/**
 * A watched feature: its kind (short form), or its rules. The form is chosen by the value's type (a string
 * is a kind), so a bad rule is reported key by key rather than as one "Invalid input" of the union.
 */
export const featureSpec = z.unknown().transform((value, ctx): z.infer<typeof kind> | z.infer<typeof featureRuleSchema> => {
  const parsed = typeof value === 'string' ? kind.safeParse(value) : featureRuleSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  return z.NEVER;
});

export type FeatureRuleConfig = z.infer<typeof featureRuleSchema>;
export type DriftDirection = NonNullable<FeatureRuleConfig['direction']>;

/** A numeric feature without a `direction` alerts on a move either way. */
export const DEFAULT_DRIFT_DIRECTION: DriftDirection = 'both';
export type FeatureSpec = z.infer<typeof featureSpec>;

/** The kind of a feature spec. */
export function kindOf(spec: FeatureSpec): FeatureKind {
  return typeof spec === 'string' ? spec : spec.type;
}

/** The rule of a feature spec; undefined for the short form. */
export function ruleOf(spec: FeatureSpec | undefined): FeatureRuleConfig | undefined {
  return spec === undefined || typeof spec === 'string' ? undefined : spec;
}
