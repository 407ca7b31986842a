import { z } from 'zod';
import { durationSchema } from './durationSchema.ts';
import { isEnvironmentReference } from './environmentReferences.ts';

/**
 * The `notify` section: who gets alerts (receivers), which alerts each gets (routes), and how deliveries are
 * grouped, paced and retried. `serve` accepts the section and ignores it; `driftwatch notify` runs it.
 */

const duration = durationSchema;

/** A secret or URL may still be an unresolved `${VAR}` for commands that do not deliver (serve, validate-config). */
const secret = z.string().min(1);
const url = z.string().refine((value) => isEnvironmentReference(value) || /^https?:$/.test(URL.parse(value)?.protocol ?? ''), 'expected an http:// or https:// URL (or ${ENV_VAR})');

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

const receiverCommon = {
  /** Name routes refer to; also the `receiver` label of the metrics. */
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected letters, digits, _, . or -'),
  /** One HTTP request unanswered this long fails and is retried. */
  timeout: duration.default(10_000),
  retry: z.strictObject({
    /** First wait after a failure; doubles (with ±50 % jitter) up to maxBackoff. */
    initialBackoff: duration.default(1000),
    maxBackoff: duration.default(60_000),
    /** Attempts before a delivery goes to the notifier dead-letter topic; 0 retries until the receiver answers. */
    maxAttempts: z.number().int().nonnegative().default(0),
  }).prefault({}),
  /** Messages per minute at most; alerts over the limit wait and go out grouped, never dropped. 0 = no limit. */
  rateLimit: z.number().int().nonnegative().default(60),
  /** Also deliver resolved alerts. */
  sendResolved: z.boolean().default(true),
  /** Alerts waiting for this receiver before the partitions feeding it pause. */
  maxQueue: z.number().int().positive().default(10_000),
};

const linkSchema = z.strictObject({
  /** `{model_id}` in it is replaced by the alert's model. */
  href: z.string().min(1),
  text: z.string().min(1),
});

const receiverSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...receiverCommon,
    type: z.literal('pagerduty'),
    /** The integration's 32-character routing (integration) key. */
    routingKey: secret,
    url: url.default(PAGERDUTY_EVENTS_URL),
    /** payload.source of the events; default driftwatch/<model_id>. */
    source: z.string().min(1).optional(),
    links: z.array(linkSchema).default([]),
  }),
  z.strictObject({ ...receiverCommon, type: z.literal('slack'), webhookUrl: url }),
  z.strictObject({ ...receiverCommon, type: z.literal('webhook'), url, secret }),
]);

const severity = z.enum(['info', 'warning', 'critical']);

const routeSchema = z.strictObject({
  /** Every key is optional; an alert matches when it matches all that are given. */
  match: z.strictObject({
    /** alert (the alerts topic, default) or retrain (retraining requests from the retrain topic, matched by model only). */
    kind: z.enum(['alert', 'retrain']).default('alert'),
    /** At least this severity (info < warning < critical). */
    severity: severity.optional(),
    /** Glob over model_id (`*` any run of characters, `?` one character). */
    model: z.string().min(1).optional(),
    /** Glob over the detector, e.g. drift.* */
    detector: z.string().min(1).optional(),
  }).prefault({}),
  receivers: z.array(z.string().min(1)).min(1),
});

export const notifySchema = z.strictObject({
  receivers: z.array(receiverSchema).min(1),
  /** Every matching route delivers (not first-match-wins); an alert reaches each receiver once. */
  routes: z.array(routeSchema).min(1),
  /** Alerts of one model and window arriving within this long of the first go out as one message. */
  groupWait: duration.default(10_000),
  /** How long a delivery record keeps an alert from being delivered again to the same receiver. */
  deliveryRecordTtl: duration.default(7 * 86_400_000),
  /**
   * Where a notify group that has committed nothing yet starts: at the end of the alerts topic (default, so a
   * first start does not page for history) or, when true, at its beginning. Later starts resume from the commit.
   */
  fromBeginning: z.boolean().default(false),
  /** Port of notify's /metrics and /health (on observability.host); 0 picks a free one. */
  port: z.number().int().min(0).max(65535).default(9465),
}).superRefine((notify, ctx) => {
  const names = new Set<string>();
  notify.receivers.forEach((r, i) => {
    if (names.has(r.name)) ctx.addIssue({ code: 'custom', path: ['receivers', i, 'name'], message: `receiver '${r.name}' is defined twice` });
    names.add(r.name);
    if (r.type === 'pagerduty' && !isEnvironmentReference(r.routingKey) && r.routingKey.length !== 32) {
      ctx.addIssue({ code: 'custom', path: ['receivers', i, 'routingKey'], message: `a PagerDuty routing key has 32 characters, this one has ${r.routingKey.length}` });
    }
  });
  notify.routes.forEach((route, i) => {
    route.receivers.forEach((name, j) => {
      if (!names.has(name)) ctx.addIssue({ code: 'custom', path: ['routes', i, 'receivers', j], message: `no receiver is named '${name}' (receivers: ${[...names].join(', ')})` });
    });
    for (const key of ['severity', 'detector'] as const) {
      if (route.match.kind === 'retrain' && route.match[key] !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['routes', i, 'match', key], message: `retraining requests have no ${key}: match them by model only` });
      }
    }
  });
});

export type NotifyConfig = z.infer<typeof notifySchema>;
export type ReceiverConfig = NotifyConfig['receivers'][number];
export type RouteConfig = NotifyConfig['routes'][number];
