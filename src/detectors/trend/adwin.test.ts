import assert from 'node:assert/strict';
import { it } from 'node:test';
import { seededRandom } from '../../../test/support/random.ts';
import { InvalidOptionError } from '../common/validation.ts';
import { Adwin } from './adwin.ts';

const bounds = { start: 0, end: 1, count: 1 };

/** Per-window latency means (ms): 100 then `after`, noise σ = 5. */
function latency(seed: number, before: number, after: number, length = 300): number[] {
  const random = seededRandom(seed);
  return Array.from({ length }, (_, i) => random.normal(i < 150 ? before : after, 5));
}

function firstAlarm(detector: Adwin, values: readonly number[]): number {
  return values.findIndex((x) => {
    detector.update(x);
    return detector.alarm;
  });
}

it('alarms on a step the chosen way with a warning naming the kept and dropped windows', () => {
  const up = latency(1, 100, 120);
  const detector = new Adwin({ direction: 'rise', series: 'latency_mean' });
  const at = firstAlarm(detector, up);
  assert.ok(at >= 150 && at < 200, `alarm at ${at}`);
  const [finding] = detector.evaluate(bounds);
  assert.equal(finding.severity, 'warning');
  assert.equal(finding.metric, 'latency_mean_adwin_shift');
  assert.ok(finding.value > finding.threshold);
  assert.equal(finding.details?.movement, 'rise');
  assert.match(finding.summary, /latency_mean changed \(rise\)/);
  assert.equal(firstAlarm(new Adwin({ direction: 'decline' }), up), -1, 'a rise does not alarm a decline detector');
  assert.ok(firstAlarm(new Adwin({ direction: 'decline' }), latency(1, 120, 100)) >= 150);
});

it('reports the closest cut within its bound when there is no change', () => {
  const detector = new Adwin();
  for (const x of latency(2, 100, 100)) detector.update(x);
  const [finding] = detector.evaluate(bounds);
  assert.equal(finding.severity, 'none');
  assert.ok(finding.value <= finding.threshold && finding.threshold > 0);
  assert.equal(finding.details?.width, 300);
});

it('keeps O(maxBuckets · log n) buckets: 100,000 values fit in a few kilobytes', () => {
  const detector = new Adwin({ clock: 1024 });
  const random = seededRandom(3);
  for (let i = 0; i < 100_000; i++) detector.update(random.uniform());
  assert.equal(detector.width, 100_000);
  assert.ok(detector.toBytes().byteLength < 6 * 17 * 16 + 200, `${detector.toBytes().byteLength} bytes`);
});

it('refuses options out of range, naming them', () => {
  assert.throws(() => new Adwin({ delta: 0 }), (e: Error) => e instanceof InvalidOptionError && /'delta'/.test(e.message));
  assert.throws(() => new Adwin({ clock: 0 }), /'clock'/);
  assert.throws(() => new Adwin({ maxBuckets: 1.5 }), /'maxBuckets'/);
  assert.throws(() => new Adwin({ minWindowLength: 0 }), /'minWindowLength'/);
  assert.throws(() => new Adwin({ gracePeriod: -1 }), /'gracePeriod'/);
  assert.throws(() => new Adwin().update(Number.NaN), /skip windows/);
});
