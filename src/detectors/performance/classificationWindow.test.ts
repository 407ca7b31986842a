import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ClassificationWindow } from './classificationWindow.ts';
import { InvalidPairError, type Label } from './labels.ts';

interface Case {
  name: string;
  positiveLabel: Label;
  yTrue: Label[];
  yPred: Label[];
  scores: number[];
  expected: { accuracy: number; precision: number; recall: number; f1: number; rocAuc: number; logLoss: number };
}
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/detectors/performance_classification.json', import.meta.url), 'utf8')) as {
  versions: Record<string, string>;
  cases: Case[];
};

function close(actual: number, expected: number, message: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-12, `${message}: ${actual} vs sklearn ${expected}`);
}

describe('ClassificationWindow', () => {
  for (const c of fixture.cases) {
    it(`matches sklearn ${fixture.versions['scikit-learn']} on "${c.name}"`, () => {
      const window = new ClassificationWindow({ positiveLabel: c.positiveLabel });
      c.yTrue.forEach((y, i) => window.update({ label: c.yPred[i], score: c.scores[i] }, y));
      const m = window.metrics();
      assert.equal(m.count, c.yTrue.length);
      for (const key of ['accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'logLoss'] as const) close(m[key], c.expected[key], key);
    });
  }

  it('merges windows into the metrics of their union, and round-trips through bytes', () => {
    const c = fixture.cases[0];
    const a = new ClassificationWindow();
    const b = new ClassificationWindow();
    c.yTrue.forEach((y, i) => (i % 3 === 0 ? a : b).update({ label: c.yPred[i], score: c.scores[i] }, y));
    const restored = ClassificationWindow.fromBytes(a.toBytes());
    restored.merge(ClassificationWindow.fromBytes(b.toBytes()));
    const m = restored.metrics();
    close(m.accuracy, c.expected.accuracy, 'accuracy');
    close(m.rocAuc, c.expected.rocAuc, 'rocAuc');
    close(m.logLoss, c.expected.logLoss, 'logLoss');
  });

  it('keeps a string or boolean positive label through serialisation', () => {
    for (const positiveLabel of ['fraud', true, 1] as Label[]) {
      const w = new ClassificationWindow({ positiveLabel });
      assert.deepEqual(ClassificationWindow.fromBytes(w.toBytes()).positiveLabel, positiveLabel);
    }
  });

  it('derives the predicted class from the score when the label is absent', () => {
    const w = new ClassificationWindow({ decisionThreshold: 0.7 });
    w.update({ score: 0.8 }, 1);
    w.update({ score: 0.6 }, 1);
    w.update({ score: 0.2 }, 0);
    const m = w.metrics();
    assert.equal(m.accuracy, 2 / 3);
    assert.equal(m.recall, 0.5);
    assert.equal(m.precision, 1);
  });

  it('reports undefined AUC and log loss as NaN, and zero_division as 0', () => {
    const w = new ClassificationWindow();
    w.update({ label: 0 }, 0);
    const m = w.metrics();
    assert.ok(Number.isNaN(m.rocAuc) && Number.isNaN(m.logLoss));
    assert.equal(m.precision, 0);
    assert.equal(m.f1, 0);
  });

  it('rejects a prediction with neither label nor score', () => {
    assert.throws(() => new ClassificationWindow().update({}, 1), InvalidPairError);
  });

  it('alerts when accuracy falls below the configured bounds', () => {
    const w = new ClassificationWindow();
    for (let i = 0; i < 200; i++) w.update({ label: 1 }, i < 150 ? 1 : 0);
    const bounds = { start: 0, end: 1, count: 200 };
    const [finding] = w.evaluate(bounds, { metrics: { accuracy: { warning: 0.8, critical: 0.7 } } });
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.value, 0.75);
    assert.equal(finding.threshold, 0.8);
    assert.match(finding.summary, /Accuracy 0\.75 over 200 labelled predictions is below the warning bound 0\.8/);
    assert.deepEqual(w.evaluate(bounds, { metrics: { accuracy: { warning: 0.8 } }, minCount: 500 }), []);
  });
});
