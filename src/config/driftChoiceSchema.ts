import { z } from 'zod';
import { driftTests } from '../detectors/drift/registry.ts';
import type { FeatureKind } from '../detectors/drift/driftTest.ts';

/**
 * A drift test of `kind` by name, checked against the registry (`driftTests`) when the config is parsed:
 * the built-ins, and whatever a library registered before it loaded the config. The CLI knows the
 * built-ins only.
 */
function driftMethod(kind: FeatureKind) {
  return z.string().superRefine((name, ctx) => {
    if (driftTests.has(name, kind)) return;
    const known = driftTests.names(kind).map((n) => JSON.stringify(n)).join('|');
    ctx.addIssue({ code: 'custom', message: `Invalid option: expected one of ${known} (the registered ${kind} drift tests)` });
  });
}

/**
 * Which statistic raises alerts for a feature kind (the others are still computed and reported), and its
 * bounds; without them, the registry's defaults.
 */
export function driftChoiceSchema(kind: FeatureKind) {
  return z.strictObject({
    method: driftMethod(kind).optional(),
    warning: z.number().optional(),
    critical: z.number().optional(),
  });
}
