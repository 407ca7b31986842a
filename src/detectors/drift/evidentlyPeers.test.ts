/**
 * Evidently's column drift tests (test/fixtures/peers/evidently/generate.py, evidently 0.7.23) where their
 * definitions are driftwatch's, through the window-state statistics: KS p-value (scipy's `auto`), normed
 * Wasserstein, categorical PSI and categorical Jensen–Shannon (Evidently's natural-log distance = driftwatch's
 * base-2 distance × √ln 2). Statistics to 1e-9; drift flags identical with the equivalent rule. Its chisquare
 * is another test (goodness of fit against the reference's shares), shown apart.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CategoricalReference } from '../reference/categoricalReference.ts';
import { NumericReference } from '../reference/numericReference.ts';
import { CategoricalWindowState } from '../window/categoricalWindowState.ts';
import { NumericWindowState } from '../window/numericWindowState.ts';
import { DriftDetector } from './detector.ts';

interface Drift { threshold: number; score: number[]; drifted: boolean[] }
type Columns = { x: number[]; y: number[]; c: string[] };
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/peers/evidently/evidently.json', import.meta.url), 'utf8')) as {
  evidently_version: string; reference: Columns; windows: Columns[];
  drift: { x: Record<string, Drift>; y: Record<string, Drift>; c: Record<string, Drift> };
};

/** Evidently's Jensen–Shannon (scipy, natural log) in driftwatch's base-2 units: divide by √ln 2. */
const SQRT_LN2 = Math.sqrt(Math.LN2);
const fires = (severity: string) => severity === 'warning' || severity === 'critical';

function numericFindings(column: 'x' | 'y', detector: DriftDetector) {
  const reference = NumericReference.fromValues(fixture.reference[column]);
  return fixture.windows.map((w, i) => {
    const window = new NumericWindowState(reference);
    for (const v of w[column]) window.update(v);
    return detector.evaluate(column, reference, window, { start: i, end: i + 1, count: window.count });
  });
}

function categoricalFindings(detector: DriftDetector) {
  const reference = CategoricalReference.fromValues(fixture.reference.c);
  return fixture.windows.map((w, i) => {
    const window = new CategoricalWindowState(reference);
    for (const v of w.c) window.update(v);
    return detector.evaluate('c', reference, window, { start: i, end: i + 1, count: window.count });
  });
}

function check(name: string, expected: Drift, values: number[], alerts: boolean[]): void {
  values.forEach((v, i) => assert.ok(Math.abs(v - expected.score[i]) <= 1e-9, `${name} window ${i}: ${v} vs Evidently's ${expected.score[i]}`));
  assert.deepEqual(alerts, expected.drifted, `${name}: drifted windows`);
  assert.ok(expected.drifted.some(Boolean) && !expected.drifted.every(Boolean), `${name}: the fixture has drifted and quiet windows`);
}

describe(`Evidently ${fixture.evidently_version} numeric column drift, same definitions`, () => {
  for (const column of ['x', 'y'] as const) {
    it(`${column}: ks — p-value as ks_2samp (method 'auto') to 1e-9, drift at p < ${fixture.drift[column].ks.threshold} on the same windows`, () => {
      const expected = fixture.drift[column].ks;
      const detector = new DriftDetector({ tests: { numeric: ['ks'] }, alertOn: { numeric: ['ks'] }, thresholds: { ks: { warning: expected.threshold, critical: 0.001 } }, ksMethod: 'auto', minCount: 1 });
      const findings = numericFindings(column, detector).map(([f]) => f);
      check(`${column} ks`, expected, findings.map((f) => f.value), findings.map((f) => fires(f.severity)));
    });

    it(`${column}: wasserstein — W1 / population std of the reference to 1e-9 (exact here), drift at ≥ ${fixture.drift[column].wasserstein.threshold} with the gate off`, () => {
      const expected = fixture.drift[column].wasserstein;
      assert.equal(expected.threshold, 0.1);
      const detector = new DriftDetector({ tests: { numeric: ['wasserstein_norm'] }, alertOn: { numeric: ['wasserstein_norm'] }, significanceLevel: null, minCount: 1 });
      const findings = numericFindings(column, detector).map(([f]) => f);
      findings.forEach((f, i) => assert.equal(f.details?.error_bound, 0, `window ${i}: bucket counts give W1 exactly`));
      check(`${column} wasserstein`, expected, findings.map((f) => f.value), findings.map((f) => fires(f.severity)));
    });
  }
});

describe(`Evidently ${fixture.evidently_version} categorical column drift, same definitions`, () => {
  it('psi — PSI over category shares, zero share → 1e-4 (an unseen category in window 4) to 1e-9; drift at ≥ 0.1 with the gate off', () => {
    const expected = fixture.drift.c.psi;
    assert.equal(expected.threshold, 0.1);
    assert.ok(fixture.windows[4].c.includes('f') && !fixture.reference.c.includes('f'), 'window 4 has a category the reference lacks');
    const detector = new DriftDetector({ tests: { categorical: ['psi_categorical'] }, alertOn: { categorical: ['psi_categorical'] }, significanceLevel: null, minCount: 1 });
    const findings = categoricalFindings(detector).map(([f]) => f);
    check('c psi', expected, findings.map((f) => f.value), findings.map((f) => fires(f.severity)));
  });

  it("jensenshannon — driftwatch's base-2 distance × √ln 2 is Evidently's (1e-9); Evidently's 0.1 is warning 0.1/√ln 2 here: same drifted windows", () => {
    const expected = fixture.drift.c.jensenshannon;
    const warning = expected.threshold / SQRT_LN2;
    const detector = new DriftDetector({ tests: { categorical: ['jensen_shannon'] }, alertOn: { categorical: ['jensen_shannon'] }, thresholds: { jensen_shannon: { warning, critical: 2 * warning } }, significanceLevel: null, minCount: 1 });
    const findings = categoricalFindings(detector).map(([f]) => f);
    check('c jensenshannon', expected, findings.map((f) => f.value * SQRT_LN2), findings.map((f) => fires(f.severity)));
    // The base-2 value itself is not Evidently's: it is 1/√ln 2 ≈ 1.201 times larger.
    findings.forEach((f, i) => assert.ok(Math.abs(f.value / expected.score[i] - 1 / SQRT_LN2) <= 1e-9));
  });
});

describe(`Evidently ${fixture.evidently_version} chisquare is another test`, () => {
  it("a goodness-of-fit test against the reference's shares: p below driftwatch's homogeneity p, and 0 when a category is unseen", () => {
    const expected = fixture.drift.c.chisquare;
    const detector = new DriftDetector({ tests: { categorical: ['chi_square'] }, alertOn: { categorical: ['chi_square'] }, minCount: 1 });
    categoricalFindings(detector).forEach(([f], i) => {
      if (fixture.windows[i].c.includes('f')) assert.ok(expected.score[i] === 0 && f.value > 0, `window ${i}: Evidently ${expected.score[i]}, driftwatch ${f.value}`);
      else assert.ok(expected.score[i] < f.value, `window ${i}: Evidently ${expected.score[i]} vs driftwatch ${f.value}`);
    });
  });
});
