/** The README's table of tests computed on request states the registry's entries: one row each, kind and thresholds. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { driftTests } from './registry.ts';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

test('one README row per on-request test, with its kind and default thresholds', () => {
  const rows = [...readme.matchAll(/^\| `([a-z0-9_]+)` \((numeric|categorical), on request\) \| (.+) \|$/gm)];
  const onRequest = driftTests.list(undefined, { onRequest: true }).filter((t) => t.onRequest);
  assert.deepEqual(rows.map((r) => r[1]).sort(), onRequest.map((t) => t.name).sort());
  for (const [, name, kind, text] of rows) {
    const t = driftTests.require(name);
    assert.equal(kind, t.kind);
    const m = t.direction === 'p_value' ? /^p < ([0-9.]+) warning, p < ([0-9.]+) critical/.exec(text) : /^warning ([0-9.]+), critical ([0-9.]+)/.exec(text);
    assert.deepEqual({ warning: Number(m?.[1]), critical: Number(m?.[2]) }, t.thresholds, name);
  }
});
