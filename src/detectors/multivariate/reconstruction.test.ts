/**
 * PCA data-reconstruction drift against NannyML 0.13.1's DataReconstructionDriftCalculator
 * (test/fixtures/peers/nannymlReconstruction/generate.py): correlated numeric features, categorical ones, the
 * correlation broken in the analysis' second half, missing values and an unseen category. The component count,
 * every chunk's mean reconstruction error (reference and analysis), its sampling error, the thresholds and the
 * alerted chunks equal NannyML's (1e-12).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { reconstructionFinding } from './reconstructionFinding.ts';
import { ReconstructionFitError, ReconstructionModel, type ReconstructionColumn } from './reconstructionModel.ts';
import { ReconstructionWindow } from './reconstructionWindow.ts';

type Row = Record<string, number | string | null>;
interface Period { value: number[]; sampling_error: number[]; lower_threshold: (number | null)[]; upper_threshold: number[]; alert: boolean[] }
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/peers/nannymlReconstruction/nannymlReconstruction.json', import.meta.url), 'utf8')) as
  { chunk_size: number; features: string[]; n_components: number; explained_variance_ratio: number[]; reference_rows: Row[]; analysis_rows: Row[]; reference: Period; analysis: Period };
const CHUNK = fixture.chunk_size;
const TOLERANCE = 1e-12;
const close = (a: number, b: number) => Math.abs(a - b) <= TOLERANCE;
const columns: ReconstructionColumn[] = fixture.features.map((name) => ({ name, kind: typeof fixture.reference_rows.find((r) => r[name] !== null)![name] === 'number' ? 'numeric' : 'categorical' }));
const fit = () => ReconstructionModel.fit(columns, fixture.reference_rows.length, (i, j) => fixture.reference_rows[i][columns[j].name], { chunkSize: CHUNK });

function chunkWindows(model: ReconstructionModel, rows: Row[]): ReconstructionWindow[] {
  const windows: ReconstructionWindow[] = [];
  for (let start = 0; start < rows.length; start += CHUNK) {
    const window = new ReconstructionWindow();
    for (const row of rows.slice(start, start + CHUNK)) window.add(model.error(columns.map((c) => row[c.name])));
    windows.push(window);
  }
  return windows;
}

describe('reconstruction drift equals NannyML', () => {
  const model = fit();

  it('keeps the components NannyML keeps', () => {
    assert.equal(model.explainedVariance.length, fixture.n_components);
    model.explainedVariance.forEach((share, c) => assert.ok(close(share, fixture.explained_variance_ratio[c]), `component ${c}: ${share} vs ${fixture.explained_variance_ratio[c]}`));
  });

  for (const period of ['reference', 'analysis'] as const) {
    it(`gives every ${period} chunk NannyML's mean error and sampling error`, () => {
      const expected = fixture[period];
      chunkWindows(model, fixture[`${period}_rows`]).forEach((window, k) => {
        assert.ok(close(window.mean, expected.value[k]), `chunk ${k}: ${window.mean} vs ${expected.value[k]}`);
        assert.ok(close(window.samplingError(), expected.sampling_error[k]), `chunk ${k} sampling error: ${window.samplingError()} vs ${expected.sampling_error[k]}`);
      });
    });
  }

  it("alerts on NannyML's chunks, against its thresholds", () => {
    const band = model.band!;
    const expected = fixture.analysis;
    assert.ok(close(band.upper, expected.upper_threshold[0]));
    assert.ok(expected.lower_threshold[0] === null ? band.lower === -Infinity : close(band.lower, expected.lower_threshold[0]));
    const alerts = chunkWindows(model, fixture.analysis_rows).map((w, k) => reconstructionFinding(w, band, 1, { start: k * CHUNK, end: (k + 1) * CHUNK, count: CHUNK })!.severity === 'warning');
    assert.deepEqual(alerts, expected.alert);
    assert.ok(alerts.some(Boolean) && !alerts.every(Boolean), 'the broken correlation alerts, the intact half does not');
  });

  it('keeps model and window through bytes', () => {
    const restored = ReconstructionModel.fromBytes(model.toBytes());
    const row = fixture.analysis_rows[4321];
    assert.equal(restored.error(columns.map((c) => row[c.name])), model.error(columns.map((c) => row[c.name])));
    assert.deepEqual(restored.band, model.band);
    const [window] = chunkWindows(model, fixture.analysis_rows);
    const back = ReconstructionWindow.fromBytes(window.toBytes());
    assert.equal(back.mean, window.mean);
    assert.equal(back.samplingError(), window.samplingError());
  });

  it('merges panes into the window a single pass gives', () => {
    const errors = fixture.analysis_rows.slice(0, CHUNK).map((row) => model.error(columns.map((c) => row[c.name])));
    const whole = new ReconstructionWindow();
    errors.forEach((e) => whole.add(e));
    const first = new ReconstructionWindow();
    const second = new ReconstructionWindow();
    errors.forEach((e, i) => (i < 317 ? first : second).add(e));
    first.merge(second);
    assert.equal(first.count, whole.count);
    assert.ok(Math.abs(first.mean - whole.mean) < 1e-14 && Math.abs(first.samplingError() - whole.samplingError()) < 1e-14);
  });

  it('refuses a reference it cannot fit', () => {
    assert.throws(() => ReconstructionModel.fit([columns[0]], 10, () => 1, { chunkSize: 5 }), ReconstructionFitError);
    assert.throws(() => ReconstructionModel.fit(columns.slice(0, 2), 10, (i, j) => (j === 0 ? null : i), { chunkSize: 5 }), /feature 'a' has no number in the reference/);
    assert.throws(() => ReconstructionModel.fit(columns.slice(0, 2), 10, () => 1, { chunkSize: 5 }), /every feature is constant/);
    assert.throws(() => ReconstructionModel.fit(columns, 10, () => 1, { chunkSize: 5, varianceShare: 1 }), /varianceShare/);
  });
});
