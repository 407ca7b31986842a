import { randomUUID } from 'node:crypto';
import { ConfigError } from '../../config/configError.ts';
import { loadConfig } from '../../config/loadConfig.ts';
import type { AlertRecord } from '../../contracts/events.ts';
import type { AlertGroup } from '../../sinks/alertGroup.ts';
import { receiverClient } from '../../sinks/receiverClient.ts';

/** A test alert that every format marks as a test (model driftwatch-test, detector driftwatch.test). */
export function testAlert(now: number): AlertRecord {
  const id = `test-${randomUUID().replaceAll('-', '').slice(0, 27)}`;
  return {
    alert_id: id, model_id: 'driftwatch-test', model_version: 'test', detector: 'driftwatch.test', feature: null, severity: 'warning', status: 'firing',
    metric: 'test', value: 1, threshold: 0, window: { start: now - 60_000, end: now, count: 0 },
    summary: 'TEST ALERT sent by `driftwatch alerts test` to check this receiver; not a real finding, nothing to do.',
    details: { test: 'true' }, created_at: now, episode_id: id,
  };
}

/** Sends one test alert through the named receiver, once, and says what the receiver answered (exit 1 unless it took it). */
export async function alertsTestCommand(configFile: string, receiverName: string): Promise<void> {
  const config = await loadConfig(configFile, process.env, { requireEnvironment: true });
  const receivers = config.notify?.receivers ?? [];
  const receiver = receivers.find((r) => r.name === receiverName);
  if (!receiver) {
    const known = receivers.map((r) => r.name).join(', ') || 'none: the config has no notify section';
    throw new ConfigError(configFile, [{ key: 'notify.receivers', line: 1, column: 1, message: `no receiver is named '${receiverName}' (receivers: ${known})` }]);
  }
  const alert = testAlert(Date.now());
  const group: AlertGroup = { modelId: alert.model_id, window: alert.window, windowKind: 'eventTime', alerts: [alert], test: true };
  for (const message of receiverClient(receiver).messages([group])) {
    const outcome = await message.send();
    if (outcome.kind === 'delivered') {
      process.stdout.write(`test alert ${alert.alert_id} delivered to '${receiver.name}' (${receiver.type}): HTTP ${outcome.status}\n`);
      continue;
    }
    const answer = outcome.kind === 'rejected' ? `HTTP ${outcome.status}: ${outcome.body}` : outcome.reason;
    process.stderr.write(`driftwatch: test alert NOT delivered to '${receiver.name}' (${receiver.type}): ${answer}\n`);
    process.exitCode = 1;
  }
}
