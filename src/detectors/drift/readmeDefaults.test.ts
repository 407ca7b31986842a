/** The README's drift defaults are the registry's: its table rows and the config row are read and compared with the entries. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DRIFT_DETECTOR_DEFAULTS } from './detector.ts';
import type { DriftTest } from './driftTest.ts';
import { driftTests } from './registry.ts';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

function section(heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `README has the section ${heading}`);
  const end = readme.indexOf('\n### ', start + heading.length + 2);
  return readme.slice(start, end === -1 ? undefined : end);
}

interface DefaultsRow {
  name: string;
  kind: string;
  alerting: boolean;
  text: string;
}

const rows: DefaultsRow[] = [...section('### Drift tests, the gate, and defaults').matchAll(/^\| `([a-z0-9_]+)` \((numeric|categorical)(, alerting)?\) \| (.+) \|$/gm)]
  .map(([, name, kind, alerting, text]) => ({ name, kind, alerting: alerting !== undefined, text }));

/** The thresholds as the row writes them: "p < W warning, p < C critical" for p-values, "warning W …, critical C" for effect sizes. */
function thresholdsOf(row: DefaultsRow, test: DriftTest): { warning: number; critical: number } {
  const match = test.direction === 'p_value'
    ? /^p < ([0-9.e-]+) warning, p < ([0-9.e-]+) critical/.exec(row.text)
    : /^warning ([0-9.e-]+)(?: \([^)]*\))?, critical ([0-9.e-]+)(?=[;, (]|$)/.exec(row.text);
  assert.ok(match, `the ${row.name} row states its thresholds as a ${test.direction} test does: ${row.text}`);
  return { warning: Number(match[1]), critical: Number(match[2]) };
}

describe("the README's drift defaults match the registry", () => {
  it('one row per registered test, no row for anything else', () => {
    assert.deepEqual(rows.map((r) => r.name).sort(), driftTests.names().sort());
  });

  for (const test of driftTests.list()) {
    it(`${test.name}: kind, alerting by default, thresholds and gate`, () => {
      const row = rows.find((r) => r.name === test.name)!;
      assert.equal(row.kind, test.kind);
      assert.equal(row.alerting, driftTests.defaultMethod(test.kind).name === test.name, 'marked alerting exactly when it is its kind\'s default method');
      assert.deepEqual(thresholdsOf(row, test), test.thresholds);
      const gate = /gate: ([^;|]+?)\s*$/.exec(row.text)?.[1];
      assert.equal(gate, test.significance?.label, `the gate the row names (${row.text})`);
    });
  }

  it('the DriftDetector row states the detector defaults', () => {
    const row = /^\| `DriftDetector` \| (.+) \|$/m.exec(section('### Drift tests, the gate, and defaults'))?.[1] ?? '';
    assert.equal(Number(/`minCount` (\d+) values/.exec(row)?.[1]), DRIFT_DETECTOR_DEFAULTS.minCount);
    assert.equal(Number(/`significanceLevel` ([0-9.e-]+)/.exec(row)?.[1]), DRIFT_DETECTOR_DEFAULTS.significanceLevel);
    assert.equal(/`ksMethod` `'(\w+)'`/.exec(row)?.[1], DRIFT_DETECTOR_DEFAULTS.ksMethod);
  });

  it("the configuration table's drift row: the default method per kind, and the tests a config may name", () => {
    const row = /^\| `monitors\[\]\.drift` \| (.+?) \| (.+) \|$/m.exec(readme);
    assert.ok(row, 'README has the monitors[].drift row');
    const [, defaults, meaning] = row;
    assert.equal(/`numeric: \{ method: (\w+) \}`/.exec(defaults)?.[1], driftTests.defaultMethod('numeric').name);
    assert.equal(/`categorical: \{ method: (\w+) \}`/.exec(defaults)?.[1], driftTests.defaultMethod('categorical').name);
    const listed = /per feature kind \(([^;]+); ([^;]+);/.exec(meaning);
    assert.ok(listed, `the row lists the methods per kind: ${meaning}`);
    const names = (group: string) => group.split(' / ').map((n) => n.replaceAll('`', '').trim()).sort();
    assert.deepEqual(names(listed[1]), driftTests.names('numeric').sort());
    assert.deepEqual(names(listed[2]), driftTests.names('categorical').sort());
  });
});
