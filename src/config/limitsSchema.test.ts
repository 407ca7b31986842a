import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from './configError.ts';
import { parseConfig } from './loadConfig.ts';

const monitors = 'monitors:\n  - model: m\n    window: { type: eventTime, size: 1h }\n';

test('limits and window.maxFutureSkew have their defaults and can be set', () => {
  const defaults = parseConfig(monitors, 'd.yaml');
  assert.equal(defaults.limits.maxMessageBytes, 1024 * 1024);
  assert.equal(defaults.limits.deadLetter.maxRequestBytes, 512 * 1024);
  assert.equal(defaults.monitors[0].window.type === 'eventTime' && defaults.monitors[0].window.maxFutureSkew, 3_600_000);
  const set = parseConfig(`limits:\n  maxJsonDepth: 16\n  deadLetter: { maxBytes: 65536 }\nmonitors:\n  - model: m\n    window: { type: eventTime, size: 1h, maxFutureSkew: 5m }\n`, 's.yaml');
  assert.equal(set.limits.maxJsonDepth, 16);
  assert.equal(set.limits.deadLetter.maxBytes, 65_536);
  assert.equal(set.monitors[0].window.type === 'eventTime' && set.monitors[0].window.maxFutureSkew, 300_000);
});

test('a bad limit is reported with its file, line and key', () => {
  const text = `limits:\n  maxJsonDepth: 0\n  maxFeaturs: 10\n${monitors}`;
  assert.throws(() => parseConfig(text, 'bad.yaml'), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    const shown = error.message;
    assert.match(shown, /bad\.yaml:2:\d+: limits\.maxJsonDepth: Too small/);
    assert.match(shown, /bad\.yaml:3:\d+: limits\.maxFeaturs: unknown key 'maxFeaturs'/);
    return true;
  });
});
