import { z } from 'zod';
import { durationMs } from './duration.ts';

/** A duration in a config: a number of ms or text like 500ms, 30s, 10m, 1h, 7d; parsed to ms. */
export const durationSchema = z.union([z.number().int().nonnegative(), z.string()]).transform((value, ctx) => {
  const ms = durationMs(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 500ms, 30s, 10m, 1h or 7d (or a number of ms), got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ms;
});
