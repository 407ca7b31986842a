import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The published formats of the receivers driftwatch delivers to, checked exactly as the fake receivers of the
 * live tests and the unit tests see them. Each returns the list of violations (empty when the message conforms).
 * Written from the public docs, independently of src/sinks/:
 * - PagerDuty Events API v2: https://developer.pagerduty.com/docs/events-api-v2/trigger-events/
 * - Slack incoming webhooks and Block Kit: https://api.slack.com/messaging/webhooks, https://api.slack.com/reference/block-kit/blocks
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

export function pagerDutyViolations(event: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(event)) return ['the event is not a JSON object'];
  const allowed = ['routing_key', 'event_action', 'dedup_key', 'payload', 'images', 'links', 'client', 'client_url'];
  for (const key of Object.keys(event)) if (!allowed.includes(key)) problems.push(`unknown top-level key ${key}`);
  if (typeof event.routing_key !== 'string' || event.routing_key.length !== 32) problems.push('routing_key must be the 32-character integration key');
  if (!['trigger', 'acknowledge', 'resolve'].includes(event.event_action as string)) problems.push(`event_action ${String(event.event_action)} is not trigger | acknowledge | resolve`);
  if (event.dedup_key !== undefined && (!isText(event.dedup_key) || event.dedup_key.length > 255)) problems.push('dedup_key must be a string of at most 255 characters');
  if (event.event_action !== 'trigger' && event.dedup_key === undefined) problems.push(`${String(event.event_action)} needs a dedup_key`);
  if (event.event_action === 'trigger') {
    const payload = event.payload;
    if (!isObject(payload)) problems.push('a trigger needs a payload');
    else {
      const payloadKeys = ['summary', 'source', 'severity', 'timestamp', 'component', 'group', 'class', 'custom_details'];
      for (const key of Object.keys(payload)) if (!payloadKeys.includes(key)) problems.push(`unknown payload key ${key}`);
      if (!isText(payload.summary) || payload.summary.length > 1024) problems.push('payload.summary must be 1–1024 characters');
      if (!isText(payload.source)) problems.push('payload.source is required');
      if (!['critical', 'error', 'warning', 'info'].includes(payload.severity as string)) problems.push(`payload.severity ${String(payload.severity)} is not critical | error | warning | info`);
      if (payload.timestamp !== undefined && (typeof payload.timestamp !== 'string' || Number.isNaN(Date.parse(payload.timestamp)))) problems.push('payload.timestamp must be ISO 8601');
      for (const key of ['component', 'group', 'class'] as const) if (payload[key] !== undefined && typeof payload[key] !== 'string') problems.push(`payload.${key} must be a string`);
      if (payload.custom_details !== undefined && !isObject(payload.custom_details)) problems.push('payload.custom_details must be an object');
    }
  }
  if (event.links !== undefined) {
    if (!Array.isArray(event.links)) problems.push('links must be an array');
    else for (const link of event.links) if (!isObject(link) || !isText(link.href) || (link.text !== undefined && typeof link.text !== 'string')) problems.push('each link needs href (and text a string)');
  }
  return problems;
}

const SLACK_BLOCK_TYPES = ['header', 'section', 'context', 'divider', 'actions', 'image', 'rich_text', 'input', 'file', 'video'];

export function slackViolations(message: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(message)) return ['the message is not a JSON object'];
  if (!isText(message.text)) problems.push('text (the notification fallback) must be a non-empty string');
  if (message.blocks === undefined) return problems;
  if (!Array.isArray(message.blocks)) return [...problems, 'blocks must be an array'];
  if (message.blocks.length > 50) problems.push(`${message.blocks.length} blocks: Slack takes at most 50`);
  message.blocks.forEach((block: unknown, i) => {
    if (!isObject(block) || !SLACK_BLOCK_TYPES.includes(block.type as string)) return problems.push(`block ${i} has no known type`);
    const text = block.text as Record<string, unknown> | undefined;
    if (block.type === 'header') {
      if (!isObject(text) || text.type !== 'plain_text' || !isText(text.text) || text.text.length > 150) problems.push(`header ${i}: plain_text of 1–150 characters`);
    } else if (block.type === 'section') {
      const fields = block.fields as unknown[] | undefined;
      if (text === undefined && fields === undefined) problems.push(`section ${i} needs text or fields`);
      if (text !== undefined && (!isObject(text) || !['plain_text', 'mrkdwn'].includes(text.type as string) || !isText(text.text) || text.text.length > 3000)) problems.push(`section ${i}: text of 1–3000 characters`);
    } else if (block.type === 'context') {
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 10) problems.push(`context ${i}: 1–10 elements`);
      else for (const e of elements) if (!isObject(e) || !['plain_text', 'mrkdwn', 'image'].includes(e.type as string) || (e.type !== 'image' && (!isText(e.text) || e.text.length > 3000))) problems.push(`context ${i}: each text element 1–3000 characters`);
    }
    return undefined;
  });
  return problems;
}

/** Checks `X-Driftwatch-Signature` as the README tells a receiver to: HMAC-SHA256 of "<t>.<raw body>", t within the tolerance. */
export function webhookSignatureViolations(header: string | undefined, rawBody: string, secret: string, nowMs = Date.now(), toleranceSeconds = 300): string[] {
  if (!header) return ['no X-Driftwatch-Signature header'];
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t)) return [`no unix-seconds t in ${header}`];
  if (Math.abs(nowMs / 1000 - t) > toleranceSeconds) return [`t=${t} is outside the ${toleranceSeconds} s replay window`];
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? [] : ['v1 is not the HMAC-SHA256 of "<t>.<body>"'];
}
