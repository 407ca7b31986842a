import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configSchema, MAX_PANES_PER_WINDOW } from './configSchema.ts';

function problems(window: object, reference: object = { source: 'firstEvents' }): string[] {
  const result = configSchema.safeParse({ monitors: [{ model: 'm', reference, window }] });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

test('tumbling and hopping windows whose hop divides the size are accepted', () => {
  assert.deepEqual(problems({ type: 'count', size: 1000 }), []);
  assert.deepEqual(problems({ type: 'count', size: 1000, hop: 250 }), []);
  assert.deepEqual(problems({ type: 'eventTime', size: '1h', hop: '15m', allowedLateness: '5m' }), []);
  assert.deepEqual(problems({ type: 'count', size: 60, hop: 45 }), [], '4 panes of 15');
});

test('a hop longer than the window is refused at window.hop', () => {
  assert.deepEqual(problems({ type: 'count', size: 100, hop: 200 }), ['monitors.0.window.hop: hop (200) must be at most the window size (100)']);
});

test(`a window that would be more than ${MAX_PANES_PER_WINDOW} panes is refused, saying why and what to choose`, () => {
  assert.deepEqual(problems({ type: 'eventTime', size: '1h', hop: '7m' }), [], 'sixty 1-minute panes');
  assert.deepEqual(problems({ type: 'eventTime', size: '1h', hop: '7s' }), [
    'monitors.0.window.hop: a window of 3600000 with hop 7000 is kept as 3600 panes of gcd(size, hop) = 1000; at most 100 are allowed: choose a hop that divides the size (e.g. size 1h, hop 15m)',
  ]);
});

test('previousWindow references need tumbling count windows', () => {
  assert.deepEqual(problems({ type: 'count', size: 500 }, { source: 'previousWindow' }), []);
  assert.deepEqual(problems({ type: 'count', size: 500, hop: 100 }, { source: 'previousWindow' }), [
    'monitors.0.reference.source: previousWindow needs tumbling count windows (window.type count, no hop or hop = size)',
  ]);
});
