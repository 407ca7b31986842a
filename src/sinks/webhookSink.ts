import { createHmac } from 'node:crypto';
import type { AlertRecord } from '../contracts/events.ts';
import { worstFirst, type AlertGroup } from './alertGroup.ts';
import { groupSummary } from './alertWording.ts';

/**
 * Generic webhooks: one POST of `application/json` per (model, window) group, every Alert with every field
 * of the contract, worst first; signed Stripe-style so the receiver can check it came from driftwatch and is
 * recent: `X-Driftwatch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.
 */

export interface WebhookBody {
  model_id: string;
  window: AlertRecord['window'];
  /** What happened, in plain words, worst first. */
  summary: string;
  /** Present (true) only on messages of `driftwatch alerts test`. */
  test?: true;
  alerts: AlertRecord[];
}

export const SIGNATURE_HEADER = 'x-driftwatch-signature';
/** The same for every attempt at one delivery: receivers may deduplicate on it. */
export const DELIVERY_HEADER = 'x-driftwatch-delivery';

export function webhookBody(group: AlertGroup): WebhookBody {
  return { model_id: group.modelId, window: group.window, summary: groupSummary(group), ...(group.test ? { test: true as const } : {}), alerts: worstFirst(group.alerts) };
}

export function signature(secret: string, unixSeconds: number, rawBody: string): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/** The headers of one attempt, signed at `now` (each retry is signed afresh, so it passes a replay window). */
export function webhookHeaders(secret: string, rawBody: string, deliveryId: string, now: number): Record<string, string> {
  return { [SIGNATURE_HEADER]: signature(secret, Math.floor(now / 1000), rawBody), [DELIVERY_HEADER]: deliveryId };
}
