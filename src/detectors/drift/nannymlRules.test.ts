/**
 * NannyML's default univariate drift rule on KS D, stated with driftwatch's parts: thresholds calibrated on
 * the reference's chunks (mean + 3σ, population σ) and D per analysis chunk, against NannyML's own output
 * (test/fixtures/peers/nannymlRules/generate.py). Thresholds and D to 1e-9, alerted chunks identical.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { NumericWindowState } from '../window/numericWindowState.ts';
import { CategoricalReference } from '../reference/categoricalReference.ts';
import { CategoricalWindowState } from '../window/categoricalWindowState.ts';
import { calibrateCategorical, calibrateNumeric, calibratedThresholds } from './calibration.ts';
import { DriftDetector } from './detector.ts';

interface Rows { value: number[]; upper_threshold: (number | null)[]; lower_threshold: (number | null)[]; alert: boolean[] }
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/peers/nannymlRules/nannymlRules.json', import.meta.url), 'utf8')) as {
  chunk_size: number; reference: number[]; analysis: number[]; kolmogorov_smirnov: { reference: Rows; analysis: Rows };
  categorical: { reference: string[]; analysis: string[]; jensen_shannon: Rows };
  binary: { reference: string[]; analysis: string[]; chi2: Rows };
};

function windowsOf(reference: CategoricalReference, values: string[]): CategoricalWindowState[] {
  const out: CategoricalWindowState[] = [];
  for (let start = 0; start + fixture.chunk_size <= values.length; start += fixture.chunk_size) {
    const w = new CategoricalWindowState(reference);
    for (const v of values.slice(start, start + fixture.chunk_size)) w.update(v);
    out.push(w);
  }
  return out;
}

describe("NannyML's default KS rule (D above mean + 3σ of the reference chunks)", () => {
  const { reference, calibrations } = calibrateNumeric(fixture.reference, { windowSize: fixture.chunk_size, tests: ['ks_statistic'] });
  const expected = fixture.kolmogorov_smirnov;

  it('calibrates the upper threshold NannyML does (1e-9); no lower band, as NannyML (std_lower_multiplier=None)', () => {
    const [c] = calibrations;
    assert.equal(c.chunks, expected.reference.value.length);
    assert.ok(Math.abs(c.thresholds.warning - expected.analysis.upper_threshold[0]!) <= 1e-9, `${c.thresholds.warning} vs ${expected.analysis.upper_threshold[0]}`);
    assert.equal(expected.analysis.lower_threshold[0], null);
    assert.equal(c.thresholds.lower, undefined);
  });

  it('D per chunk equals NannyML (1e-9) and the alerted chunks are the same', () => {
    const detector = new DriftDetector({ tests: { numeric: ['ks_statistic'] }, alertOn: { numeric: ['ks_statistic'] }, thresholds: calibratedThresholds(calibrations), minCount: 1 });
    const chunks = expected.analysis.value.length;
    for (let c = 0; c < chunks; c++) {
      const window = new NumericWindowState(reference);
      for (const v of fixture.analysis.slice(c * fixture.chunk_size, (c + 1) * fixture.chunk_size)) window.update(v);
      const [finding] = detector.evaluate('x', reference, window, { start: c, end: c + 1, count: fixture.chunk_size });
      assert.ok(Math.abs(finding.value - expected.analysis.value[c]) <= 1e-9, `chunk ${c}: D ${finding.value} vs ${expected.analysis.value[c]}`);
      assert.equal(finding.severity === 'warning' || finding.severity === 'critical', expected.analysis.alert[c], `chunk ${c} alert`);
    }
    assert.ok(expected.analysis.alert.some(Boolean) && !expected.analysis.alert.every(Boolean), 'the fixture has alerted and quiet chunks');
  });
});

describe("NannyML's default categorical rules", () => {
  it('Jensen–Shannon above mean + 3σ of the reference chunks: threshold, distance per chunk (1e-9) and alerted chunks', () => {
    const { reference, calibrations } = calibrateCategorical(fixture.categorical.reference, { windowSize: fixture.chunk_size, tests: ['jensen_shannon'] });
    const expected = fixture.categorical.jensen_shannon;
    assert.ok(Math.abs(calibrations[0].thresholds.warning - expected.upper_threshold[0]!) <= 1e-9, `${calibrations[0].thresholds.warning} vs ${expected.upper_threshold[0]}`);
    const detector = new DriftDetector({ tests: { categorical: ['jensen_shannon'] }, thresholds: calibratedThresholds(calibrations), significanceLevel: null, minCount: 1 });
    const alerts = windowsOf(reference, fixture.categorical.analysis).map((w, c) => {
      const [f] = detector.evaluate('c', reference, w, { start: c, end: c + 1, count: w.count });
      assert.ok(Math.abs(f.value - expected.value[c]) <= 1e-9, `chunk ${c}: ${f.value} vs ${expected.value[c]}`);
      return f.severity === 'warning' || f.severity === 'critical';
    });
    assert.deepEqual(alerts, expected.alert);
  });

  it("chi2 with Yates' correction on two categories: statistic per chunk (1e-9) and alerts at p < 0.05", () => {
    const reference = CategoricalReference.fromValues(fixture.binary.reference);
    const expected = fixture.binary.chi2;
    const detector = new DriftDetector({ tests: { categorical: ['chi_square_yates'] }, alertOn: { categorical: ['chi_square_yates'] }, minCount: 1 });
    const alerts = windowsOf(reference, fixture.binary.analysis).map((w, c) => {
      const [f] = detector.evaluate('b', reference, w, { start: c, end: c + 1, count: w.count });
      assert.equal(f.details?.yates, true);
      assert.ok(Math.abs(Number(f.details?.statistic) - expected.value[c]) <= 1e-9, `chunk ${c}: ${f.details?.statistic} vs ${expected.value[c]}`);
      return f.severity === 'warning' || f.severity === 'critical';
    });
    assert.deepEqual(alerts, expected.alert);
  });
});
