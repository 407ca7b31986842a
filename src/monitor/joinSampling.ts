import { createHash } from 'node:crypto';

const SCALE = 2 ** 48;

/**
 * Whether an event takes part in the label join at this sample rate. Decided by a hash of the event id
 * alone, so a prediction and its label, seen by different processes at different times, agree.
 */
export function sampledForJoin(eventId: string, sampleRate: number): boolean {
  if (sampleRate >= 1) return true;
  const digest = createHash('sha256').update(eventId).digest();
  return digest.readUIntBE(0, 6) / SCALE < sampleRate;
}
