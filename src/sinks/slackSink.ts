import type { AlertRecord } from '../contracts/events.ts';
import { worstFirst, type AlertGroup } from './alertGroup.ts';
import { alertNumbers, alertSubject, describeWindow, groupHeadline, overflowNote, truncateAtWord } from './alertWording.ts';

/**
 * Slack incoming-webhook messages (https://api.slack.com/messaging/webhooks, Block Kit): a `text` fallback for
 * notifications and `blocks` within Slack's limits. One group makes one message; several groups (waiting while
 * the receiver was over its rate limit) make one digest. What does not fit is summarised, never cut mid-word.
 */

export const SLACK_LIMITS = { blocks: 50, sectionText: 3000, headerText: 150, contextElements: 10, text: 3000 } as const;

export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: true } }
  | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
  | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] }
  | { type: 'divider' };

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

const MARK: Record<AlertRecord['severity'], string> = { critical: ':red_circle:', warning: ':large_orange_circle:', info: ':large_blue_circle:' };

/** Text Slack shows literally: &, < and > escaped as its mrkdwn requires. */
function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function headerOf(groups: readonly AlertGroup[]): string {
  const firing = groups.some((g) => g.alerts.some((a) => a.status === 'firing'));
  const mark = groups.some((g) => g.test) ? ':test_tube:' : firing ? MARK[worstFirst(groups.flatMap((g) => g.alerts))[0]?.severity ?? 'info'] : ':white_check_mark:';
  const title = groups.length === 1 ? groupHeadline(groups[0]) : `driftwatch: ${groups.length} alert groups (sent together while over the rate limit)`;
  return truncateAtWord(`${mark} ${title}`, SLACK_LIMITS.headerText);
}

function alertSection(alert: AlertRecord): SlackBlock {
  const state = alert.status === 'resolved' ? `:white_check_mark: *RESOLVED* (was ${alert.severity})` : `${MARK[alert.severity]} *${alert.severity.toUpperCase()}*`;
  const head = `${state} · *${escape(alertSubject(alert))}*\n${escape(alertNumbers(alert))}\n`;
  return { type: 'section', text: { type: 'mrkdwn', text: head + truncateAtWord(escape(alert.summary), SLACK_LIMITS.sectionText - head.length) } };
}

function groupContext(group: AlertGroup, withHeadline: boolean): SlackBlock {
  const line = `${withHeadline ? `*${escape(groupHeadline(group))}* · ` : ''}window ${describeWindow(group)}${group.test ? ' · sent by `driftwatch alerts test`: not a real finding' : ''}`;
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncateAtWord(line, SLACK_LIMITS.sectionText) }] };
}

export function slackMessage(groups: readonly AlertGroup[]): SlackMessage {
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: headerOf(groups), emoji: true } }];
  const budget = SLACK_LIMITS.blocks - 1; // one block kept for the overflow note
  const left: AlertRecord[] = [];
  for (const group of groups) {
    const alerts = worstFirst(group.alerts);
    if (blocks.length + 2 > budget) {
      left.push(...alerts);
      continue;
    }
    blocks.push(groupContext(group, groups.length > 1));
    for (const [i, alert] of alerts.entries()) {
      if (blocks.length >= budget) {
        left.push(...alerts.slice(i));
        break;
      }
      blocks.push(alertSection(alert));
    }
  }
  if (left.length > 0) {
    const names = left.slice(0, 20).map((a) => `${a.severity} ${alertSubject(a)}`).join(', ');
    const note = `…${overflowNote(left)}: ${names}${left.length > 20 ? ', …' : ''}`;
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncateAtWord(escape(note), SLACK_LIMITS.sectionText) }] });
  }
  return { text: fallbackText(groups), blocks };
}

/** The notification text: each group's headline and its worst alert in plain words. */
function fallbackText(groups: readonly AlertGroup[]): string {
  const lines = groups.map((g) => {
    const [worst] = worstFirst(g.alerts);
    return `${groupHeadline(g)} in ${describeWindow(g)}${worst ? `; worst: ${worst.status === 'resolved' ? 'resolved ' : `${worst.severity} `}${alertSubject(worst)} (${alertNumbers(worst)})` : ''}`;
  });
  return truncateAtWord(escape(lines.join('\n')), SLACK_LIMITS.text);
}

/** Slack answers 200 "ok" to a message it posted. */
export const slackAccepted = (status: number) => status === 200;
