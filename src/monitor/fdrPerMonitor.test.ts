/** drift.fdr is each monitor's own: two monitors of one config, same data, different levels, different Benjamini–Hochberg decisions. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { predictionStream } from '../../test/support/predictionStream.ts';
import { seededRandom } from '../../test/support/random.ts';
import { configSchema } from '../config/configSchema.ts';
import type { ReportFinding, WindowReportRecord } from '../contracts/reports.ts';
import { benjaminiHochberg } from '../detectors/alarms/benjaminiHochberg.ts';
import { MonitorEngine } from './monitorEngine.ts';

const REFERENCE = 1000;
const WINDOW = 200;
const WINDOWS = 12;
const FDR = { strict: 0.01, loose: 0.5 } as const;
const FEATURES = ['age', 'debt_ratio', 'income'];

/** The same events (same seeds) for each model: a reference, then windows where income moved a little. */
function events(modelId: string) {
  return [
    ...predictionStream(seededRandom(21), { modelId, count: REFERENCE }),
    ...predictionStream(seededRandom(22), { modelId, count: WINDOWS * WINDOW, from: REFERENCE, incomeShift: 0.2 }),
  ];
}

function reports(): Record<keyof typeof FDR, WindowReportRecord[]> {
  const config = configSchema.parse({ monitors: Object.entries(FDR).map(([model, fdr]) => ({
    model, features: Object.fromEntries(FEATURES.map((f) => [f, 'numeric'])), monitorPrediction: false,
    reference: { source: 'firstEvents', events: REFERENCE }, window: { type: 'count', size: WINDOW },
    drift: { numeric: { method: 'ks' }, fdr, minCount: 100 },
  })) });
  const engine = new MonitorEngine({ monitors: config.monitors, now: () => 0 });
  const out = { strict: [] as WindowReportRecord[], loose: [] as WindowReportRecord[] };
  for (const model of ['strict', 'loose'] as const) {
    events(model).forEach((e, i) => out[model].push(...engine.ingest('predictions', e, i).reports));
  }
  return out;
}

const ks = (r: WindowReportRecord): ReportFinding[] => FEATURES.map((f) => r.findings.find((x) => x.feature === f && x.detector === 'drift.ks')!);
const fires = (f: ReportFinding) => f.severity === 'warning' || f.severity === 'critical';

describe('drift.fdr applies per monitor', () => {
  const { strict, loose } = reports();

  it("each monitor's KS findings fire exactly where p < 0.05 and Benjamini–Hochberg rejects at its own fdr", () => {
    assert.equal(strict.length, WINDOWS);
    assert.equal(loose.length, WINDOWS);
    for (const [model, list] of [['strict', strict], ['loose', loose]] as const) {
      for (const report of list) {
        const found = ks(report);
        const p = found.map((f) => f.p_value!);
        const { rejected, adjusted } = benjaminiHochberg(p, FDR[model]);
        found.forEach((f, i) => {
          assert.equal(fires(f), p[i] < 0.05 && rejected[i], `${model} ${f.feature} p ${p[i]}`);
          assert.ok(Math.abs(f.details!.bh_adjusted_p_value - adjusted[i]) < 1e-15);
        });
      }
    }
  });

  it('same data, same p-values, different decisions', () => {
    assert.deepEqual(strict.map((r) => ks(r).map((f) => f.p_value)), loose.map((r) => ks(r).map((f) => f.p_value)));
    const firing = (list: WindowReportRecord[]) => list.flatMap((r) => ks(r).map(fires));
    const differ = firing(strict).filter((v, i) => v !== firing(loose)[i]).length;
    assert.ok(differ > 0, 'some finding fires at fdr 0.5 and not at 0.01');
    assert.ok(firing(strict).every((v, i) => !v || firing(loose)[i]), 'everything strict rejects, loose rejects too');
  });
});
