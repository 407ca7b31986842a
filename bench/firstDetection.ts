/**
 * Detection delay from the positions (0-based event indices of one stream) at which a detector signalled:
 * the first signal at or after the change point gives the delay, every signal before it (from `watchFrom`
 * on, so that detectors that watch different spans are counted over the same one) is a false alarm.
 */
export interface DetectionOutcome {
  /** Events from the change to the first signal: position − changeAt (0 = on the first changed event); null = none. */
  delay: number | null;
  /** Position of that first signal; null = none. */
  detectedAt: number | null;
  /** Signals in [watchFrom, changeAt). */
  falseAlarms: number;
}

export function detectionOutcome(positions: readonly number[], changeAt: number, watchFrom = 0): DetectionOutcome {
  if (watchFrom > changeAt) throw new RangeError(`watchFrom ${watchFrom} is after the change at ${changeAt}`);
  let falseAlarms = 0;
  let detectedAt: number | null = null;
  for (const p of positions) {
    if (!Number.isInteger(p) || p < 0) throw new RangeError(`detection position ${p} is not an event index`);
    if (p >= changeAt) {
      if (detectedAt === null || p < detectedAt) detectedAt = p;
    } else if (p >= watchFrom) falseAlarms++;
  }
  return { delay: detectedAt === null ? null : detectedAt - changeAt, detectedAt, falseAlarms };
}
