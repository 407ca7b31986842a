import { createHash } from 'node:crypto';
import type { ReceiverConfig } from '../config/notifySchema.ts';
import type { AlertGroup } from './alertGroup.ts';
import { postJson, type PostOutcome } from './httpPost.ts';
import { pagerDutyAccepted, pagerDutyEvent } from './pagerDutySink.ts';
import { slackAccepted, slackMessage } from './slackSink.ts';
import { webhookBody, webhookHeaders } from './webhookSink.ts';

/** One HTTP request to a receiver and the alerts it delivers. */
export interface OutgoingMessage {
  alertIds: string[];
  /** Sends it once (a retry calls it again: webhooks are signed afresh each time). */
  send(): Promise<PostOutcome>;
}

/** A configured receiver: how groups of alerts become its requests. */
export interface ReceiverClient {
  name: string;
  type: ReceiverConfig['type'];
  /** Whether several groups can share one message (a digest while over the rate limit). */
  digests: boolean;
  messages(groups: readonly AlertGroup[]): OutgoingMessage[];
}

export function receiverClient(config: ReceiverConfig): ReceiverClient {
  const timeoutMs = config.timeout;
  switch (config.type) {
    case 'pagerduty':
      return {
        name: config.name, type: config.type, digests: false,
        messages: (groups) => groups.flatMap((group) => group.alerts.map((alert) => {
          const body = JSON.stringify(pagerDutyEvent(alert, group, { routingKey: config.routingKey, source: config.source, links: config.links }));
          return { alertIds: [alert.alert_id], send: () => postJson({ url: config.url, body, headers: {}, timeoutMs, accepted: pagerDutyAccepted }) };
        })),
      };
    case 'slack':
      return {
        name: config.name, type: config.type, digests: true,
        messages: (groups) => {
          const body = JSON.stringify(slackMessage(groups));
          return [{ alertIds: groups.flatMap((g) => g.alerts.map((a) => a.alert_id)), send: () => postJson({ url: config.webhookUrl, body, headers: {}, timeoutMs, accepted: slackAccepted }) }];
        },
      };
    case 'webhook':
      return {
        name: config.name, type: config.type, digests: false,
        messages: (groups) => groups.map((group) => {
          const body = JSON.stringify(webhookBody(group));
          const alertIds = group.alerts.map((a) => a.alert_id);
          const deliveryId = createHash('sha256').update(JSON.stringify([config.name, [...alertIds].sort()])).digest('hex').slice(0, 32);
          return { alertIds, send: () => postJson({ url: config.url, body, headers: webhookHeaders(config.secret, body, deliveryId, Date.now()), timeoutMs }) };
        }),
      };
  }
}
