import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type QualityReference, QualityReferenceMismatchError, QualityWindow } from './qualityWindow.ts';

const reference: QualityReference = {
  age: { type: 'long', min: 18, max: 99 },
  income: { type: 'double', min: 0, max: 1e6, expectedMissingShare: 0.1 },
  country: { type: 'string', categories: ['DE', 'FR'] },
  member: { type: 'boolean' },
};
const bounds = { start: 0, end: 60_000, count: 10 };

function filled(): QualityWindow {
  const q = new QualityWindow(reference);
  q.update({ age: 30, income: 1000.5, country: 'DE', member: true });
  q.update({ age: 17, income: Number.NaN, country: 'US', member: false });
  q.update({ age: 40.5, income: Infinity, country: 'FR', member: 'yes' });
  q.update({ age: null, country: 'DE', member: true, extra: 1 });
  q.update({ age: 50n, income: -1, country: 3, member: false, extra: 2.5 });
  return q;
}

describe('QualityWindow', () => {
  it('counts every defect once per value and derives shares', () => {
    const q = filled();
    assert.equal(q.events, 5);
    const age = q.shares('age')!;
    assert.equal(age.missing, 0.2);
    assert.equal(age.typeMismatch, 0.2, '40.5 is not a long');
    assert.equal(age.outOfRange, 1 / 3, '17 of 30, 17, 50n');
    assert.equal(age.score, 1 - 3 / 5);
    const income = q.shares('income')!;
    assert.deepEqual([income.missing, income.nan, income.infinite, income.outOfRange], [0.2, 0.2, 0.2, 0.5]);
    const country = q.shares('country')!;
    assert.equal(country.unseenCategory, 0.25);
    assert.equal(country.typeMismatch, 0.2);
    assert.equal(q.shares('member')!.typeMismatch, 0.2);
    // Defective cells: age 3, income 4, country 2, member 1 → 10 of 20.
    assert.equal(q.score(), 0.5);
    assert.equal(q.shares('extra')!.missing, 0.6);
  });

  it('reports implicit schema changes: appeared, disappeared, changed type', () => {
    const q = new QualityWindow({ a: { type: 'double' }, b: { type: 'long' }, c: { type: 'string' }, d: { type: 'double' }, sparse: { type: 'double', expectedMissingShare: 0.99 } });
    for (let i = 0; i < 20; i++) q.update({ a: i, b: i + 0.5, c: i % 3 === 0 ? 7 : 'x', e: 'new' });
    const change = q.schemaChange();
    assert.deepEqual(change.appeared, ['e']);
    assert.deepEqual(change.disappeared, ['d'], 'sparse expects 0.2 values in 20 events, so it is not called disappeared');
    assert.deepEqual(change.changedType, [{ feature: 'b', reference: 'long', observed: 'double' }], 'a double seen as integers is fine; c is mostly strings');
    const finding = q.evaluate(bounds).find((f) => f.detector === 'quality.schema_change')!;
    assert.equal(finding.value, 3);
    assert.equal(finding.severity, 'critical');
    assert.match(finding.summary, /disappeared: d; changed type: b long→double; appeared: e/);
  });

  it('alerts on shares above the bounds and a score below 0.8', () => {
    const q = new QualityWindow(reference);
    for (let i = 0; i < 200; i++) {
      q.update({ age: 30, income: i < 40 ? null : 10, country: i < 30 ? 'ES' : 'DE', member: i < 100 ? true : 'x' });
    }
    const findings = q.evaluate(bounds);
    const get = (feature: string | undefined, metric: string) => findings.find((f) => f.feature === feature && f.metric === metric)!;
    const missing = get('income', 'missing_share');
    assert.equal(missing.value, 0.2);
    assert.equal(missing.severity, 'warning', '0.2 is above 0.1 expected + 0.05 but not above 0.1 + 0.2');
    assert.ok(Math.abs(missing.threshold - 0.15) < 1e-15);
    assert.equal(get('country', 'unseen_category_share').severity, 'warning');
    assert.equal(get('member', 'type_mismatch_share').severity, 'critical');
    assert.equal(get('age', 'out_of_range_share').severity, 'none');
    const score = get(undefined, 'quality_score');
    assert.equal(score.value, 1 - (40 + 30 + 100) / 800);
    assert.equal(score.severity, 'warning');
    assert.match(score.summary, /Data quality score 0\.7875 \(share of feature values with no defect\) is below 0\.8\./);
    assert.equal(q.evaluate(bounds, { minEvents: 1000 }).length, 1, 'only the schema finding below minEvents');
  });

  it('merges by addition and round-trips through bytes', () => {
    const a = filled();
    const b = filled();
    const restored = QualityWindow.fromBytes(a.toBytes(), reference);
    restored.merge(QualityWindow.fromBytes(b.toBytes(), reference));
    assert.equal(restored.events, 10);
    assert.deepEqual(restored.shares('income'), a.shares('income'));
    assert.equal(restored.score(), a.score());
    assert.throws(() => QualityWindow.fromBytes(a.toBytes(), { ...reference, zip: { type: 'string' } }), QualityReferenceMismatchError);
    assert.throws(() => restored.merge(new QualityWindow({ x: { type: 'double' } })), QualityReferenceMismatchError);
  });

  it('tracks at most maxUnknownFeatures unknown names', () => {
    const q = new QualityWindow({}, { maxUnknownFeatures: 2 });
    q.update({ u1: 1, u2: 2, u3: 3 });
    assert.equal(q.featureCounts().size, 2);
    assert.equal(q.untrackedUnknownValues, 1);
  });
});
