import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slackViolations } from '../../test/support/receiverContracts.ts';
import { slackMessage } from '../sinks/slackSink.ts';
import { retrainNotification } from './retrainNotification.ts';

test('a retraining request becomes a firing notification that names its reason, features and window', () => {
  const alert = retrainNotification({
    request_id: 'req-1', model_id: 'credit-risk', model_version: 'v3', reason: 'income drifted critically in 3 consecutive windows',
    alert_ids: ['a1', 'a2'], drifted_features: ['income'], data_window: { start: 5000, end: 8000 }, metrics: { psi_income: 0.41 }, created_at: 7,
  });
  assert.deepEqual(
    [alert.alert_id, alert.episode_id, alert.detector, alert.status, alert.severity, alert.window, alert.details.alert_ids, alert.details['metric.psi_income']],
    ['req-1', 'req-1', 'retrain.request', 'firing', 'warning', { start: 5000, end: 8000, count: 0 }, 'a1,a2', '0.41'],
  );
  assert.equal(alert.summary, 'Retraining requested: income drifted critically in 3 consecutive windows. Drifted features: income.');
  const message = slackMessage([{ modelId: 'credit-risk', window: alert.window, windowKind: 'count', alerts: [alert] }]);
  assert.deepEqual(slackViolations(message), []);
  assert.match(message.text, /in events 5,000–8,000; worst: warning retrain\.request/);
});
