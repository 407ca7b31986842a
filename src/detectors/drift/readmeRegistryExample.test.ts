/** The README's registry example, run as written (only the package path changed): its test is registered, named by a config and run. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readmeBlock } from '../../../test/support/readmeBlock.ts';
import { parseConfig } from '../../config/loadConfig.ts';
import { CategoricalReference } from '../reference/categoricalReference.ts';
import { CategoricalWindowState } from '../window/categoricalWindowState.ts';
import { DriftDetector } from './detector.ts';
import { driftTests } from './registry.ts';

test("the README's drift-test registry example registers a test that configs and detectors then use", async () => {
  const source = readmeBlock('drift-test-registry').replace("from 'driftwatch'", `from ${JSON.stringify(new URL('../../index.ts', import.meta.url).pathname)}`);
  assert.ok(source.includes('/src/index.ts'), 'the example imports the package root');
  const file = join(mkdtempSync(join(tmpdir(), 'driftwatch-readme-')), 'registerHellinger.ts');
  writeFileSync(file, source);
  assert.equal(driftTests.get('hellinger'), undefined);
  await import(file);

  const hellinger = driftTests.require('hellinger', 'categorical');
  assert.deepEqual(hellinger.thresholds, { warning: 0.1, critical: 0.2 });
  const config = parseConfig('monitors:\n  - model: m\n    window: { type: count, size: 100 }\n    drift: { categorical: { method: hellinger } }\n', 'dw.yaml');
  assert.equal(config.monitors[0].drift.categorical?.method, 'hellinger');

  const reference = CategoricalReference.fromCounts({ a: 500, b: 500 });
  const same = new CategoricalWindowState(reference);
  const moved = new CategoricalWindowState(reference);
  for (let i = 0; i < 1000; i++) {
    same.update(i % 2 === 0 ? 'a' : 'b');
    moved.update(i % 10 === 0 ? 'a' : 'b');
  }
  const detector = new DriftDetector({ alertOn: { categorical: ['hellinger'] } });
  const bounds = { start: 0, end: 1000, count: 1000 };
  const of = (w: CategoricalWindowState) => detector.evaluate('plan', reference, w, bounds).find((f) => f.detector === 'drift.hellinger')!;
  assert.equal(of(same).value, 0);
  assert.equal(of(same).severity, 'none');
  // Shares (0.5, 0.5) against (0.1, 0.9): H = √(1 − √0.05 − √0.45).
  assert.ok(Math.abs(of(moved).value - Math.sqrt(1 - Math.sqrt(0.05) - Math.sqrt(0.45))) < 1e-12);
  assert.equal(of(moved).severity, 'critical');
});
