import type { NotifyConfig } from '../config/notifySchema.ts';
import type { AlertRecord } from '../contracts/events.ts';
import { SEVERITY_RANK } from '../sinks/alertGroup.ts';

/**
 * Which receivers an alert goes to: every route whose match keys all hold delivers (no first-match-wins);
 * a receiver named by several matching routes gets the alert once; receivers with sendResolved false
 * skip resolved alerts. Routes of kind retrain take the retraining requests (as notifications, see
 * retrainNotification.ts). Pure, so the route matrix is unit-tested.
 */
export function receiversFor(
  alert: Pick<AlertRecord, 'model_id' | 'detector' | 'severity' | 'status'>, notify: Pick<NotifyConfig, 'routes' | 'receivers'>, kind: 'alert' | 'retrain' = 'alert',
): string[] {
  const chosen = new Set<string>();
  for (const route of notify.routes) {
    if (route.match.kind === kind && matches(alert, route.match)) for (const name of route.receivers) chosen.add(name);
  }
  return notify.receivers.filter((r) => chosen.has(r.name) && (alert.status === 'firing' || r.sendResolved)).map((r) => r.name);
}

function matches(alert: Pick<AlertRecord, 'model_id' | 'detector' | 'severity'>, match: NotifyConfig['routes'][number]['match']): boolean {
  if (match.severity !== undefined && SEVERITY_RANK[alert.severity] < SEVERITY_RANK[match.severity]) return false;
  if (match.model !== undefined && !globMatches(match.model, alert.model_id)) return false;
  if (match.detector !== undefined && !globMatches(match.detector, alert.detector)) return false;
  return true;
}

const globs = new Map<string, RegExp>();

/** `*` any run of characters, `?` one character, everything else literal; the whole text must match. */
export function globMatches(glob: string, text: string): boolean {
  let pattern = globs.get(glob);
  if (!pattern) {
    const source = [...glob].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
    pattern = new RegExp(`^${source}$`, 's');
    globs.set(glob, pattern);
  }
  return pattern.test(text);
}

/** Whether a route asks for retraining requests, so notify also reads the retrain topic. */
export function routesRetrainRequests(config: Pick<NotifyConfig, 'routes'>): boolean {
  return config.routes.some((route) => route.match.kind === 'retrain');
}
