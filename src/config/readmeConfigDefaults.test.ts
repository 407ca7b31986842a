/** The README's configuration rows for `monitors[].drift` and a feature's rules state every key with the default the schema fills in. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { NUMERIC_REFERENCE_DEFAULTS } from '../detectors/reference/numericReference.ts';
import { DEFAULT_DRIFT_DIRECTION, featureRuleSchema } from './featureRulesSchema.ts';
import { parseConfig } from './loadConfig.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const monitor = parseConfig('monitors:\n  - model: m\n    window: { type: count, size: 100 }\n    features: { x: { type: numeric } }\n', 'c.yaml').monitors[0];

/** The default cell of a configuration row. */
function defaultsOf(key: string): string {
  const row = new RegExp(`^\\| \`${key.replace(/[.[\]]/g, '\\$&')}\`(?: \\(long form\\))? \\| (.+?) \\| .+ \\|$`, 'm').exec(readme);
  assert.ok(row, `README has the ${key} row`);
  return row[1];
}

/** `key: value` pairs of a defaults cell. */
function pairs(cell: string): Map<string, string> {
  return new Map([...cell.matchAll(/`(\w+): ([^`{][^`]*)`/g)].map(([, k, v]) => [k, v]));
}

const asText = (value: unknown) => (typeof value === 'object' ? JSON.stringify(value) : String(value));

describe("the README's configuration defaults", () => {
  it('monitors[].drift: every key with its parsed default', () => {
    const stated = pairs(defaultsOf('monitors[].drift'));
    const keys = Object.keys(monitor.drift).filter((k) => k !== 'numeric' && k !== 'categorical');
    assert.deepEqual([...stated.keys()].sort(), keys.sort());
    for (const key of keys) assert.equal(stated.get(key), asText(monitor.drift[key as keyof typeof monitor.drift]), key);
  });

  it('the NumericReference defaults row is NUMERIC_REFERENCE_DEFAULTS', () => {
    const row = /^\| `NumericReference` \| (.+) \|$/m.exec(readme)?.[1] ?? '';
    assert.equal(Number(/`bins` ([\d,]+)/.exec(row)?.[1].replaceAll(',', '')), NUMERIC_REFERENCE_DEFAULTS.bins);
    assert.equal(Number(/`maxCutPoints` ([\d,]+)/.exec(row)?.[1].replaceAll(',', '')), NUMERIC_REFERENCE_DEFAULTS.maxCutPoints);
    assert.equal(/`exactKs` (true|false)/.exec(row)?.[1], String(NUMERIC_REFERENCE_DEFAULTS.exactKs));
  });

  it("a feature's rules: every key but type, with its default", () => {
    const cell = defaultsOf('monitors[].features.<name>');
    const named = [...cell.matchAll(/`(\w+)(?::|`:)/g)].map(([, k]) => k);
    assert.deepEqual(named.sort(), Object.keys(featureRuleSchema.shape).filter((k) => k !== 'type').sort());
    const rule = monitor.features!.x as Record<string, unknown>;
    const stated = pairs(cell);
    for (const key of ['combine', 'calibrate']) assert.equal(stated.get(key), asText(rule[key]), key);
    assert.match(cell, /`thresholds: \{\}`/);
    assert.deepEqual(rule.thresholds, {});
    assert.equal(rule.bins, undefined);
    assert.match(cell, /`bins`: `drift\.psiBins`/, 'no bins of its own: the monitor\'s psiBins');
    assert.equal(rule.direction, undefined);
    assert.equal(stated.get('direction'), DEFAULT_DRIFT_DIRECTION);
  });
});
