import assert from 'node:assert/strict';
import { it } from 'node:test';
import { InvalidOptionError } from '../common/validation.ts';
import { Kswin } from './kswin.ts';

it('tests nothing until the window is full, then reports the p-value against alpha', () => {
  const detector = new Kswin({ windowSize: 20, statSize: 5, series: 'latency_mean' });
  for (let i = 0; i < 19; i++) {
    detector.update(i % 3);
    assert.deepEqual(detector.evaluate({ start: i, end: i + 1, count: 1 }), []);
  }
  detector.update(1);
  const [finding] = detector.evaluate({ start: 19, end: 20, count: 1 });
  assert.equal(finding.metric, 'latency_mean_kswin_p_value');
  assert.equal(finding.threshold, 0.005);
  assert.ok(finding.value > 0.005 && finding.severity === 'none');
});

it('refuses options out of range, naming them', () => {
  assert.throws(() => new Kswin({ alpha: 2 }), (e: Error) => e instanceof InvalidOptionError && /'alpha'/.test(e.message));
  assert.throws(() => new Kswin({ windowSize: 50, statSize: 30 }), /'windowSize'/);
  assert.throws(() => new Kswin({ statSize: 0 }), /'statSize'/);
  assert.throws(() => new Kswin({ seed: -1 }), /'seed'/);
  assert.throws(() => new Kswin().update(Infinity), /skip windows/);
});
