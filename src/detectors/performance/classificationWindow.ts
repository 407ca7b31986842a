import type { Confusion } from './businessValue.ts';
import type { Finding, WindowBounds } from '../finding.ts';
import { InvalidOptionError } from '../common/validation.ts';
import { StateReader, StateWriter } from '../common/stateCodec.ts';
import { CompensatedSum } from '../common/compensatedSum.ts';
import { InvalidPairError, type Label, labelKey } from './labels.ts';
import { type ClassificationMetric, type PerformanceThresholds, performanceFindings } from './performanceThresholds.ts';
import { rocAuc } from './rocAuc.ts';

export interface ClassificationWindowOptions {
  /** The class precision, recall, F1, ROC AUC and log loss are about. */
  positiveLabel?: Label;
  /** When a prediction has a score but no label, it predicts the positive class iff score ≥ this. */
  decisionThreshold?: number;
}

/** What a prediction event carries: the predicted label and/or the probability of the positive class. */
export interface ClassificationPrediction {
  label?: Label;
  score?: number;
}

export interface ClassificationMetrics {
  /** Labelled pairs in the window. */
  count: number;
  /** Pairs that carried a score (used for ROC AUC and log loss). */
  scoredCount: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** NaN when no pair was scored or only one class is present. */
  rocAuc: number;
  /** NaN when no pair was scored or a score lies outside [0, 1]. */
  logLoss: number;
}

/** sklearn clips probabilities to [eps, 1 − eps] with eps the float64 machine epsilon (sklearn ≥ 1.5). */
const LOG_LOSS_EPS = Number.EPSILON;

/**
 * Binary classification performance over one window of (prediction, label) pairs, matching sklearn:
 * accuracy_score (exact label match), precision/recall/f1_score (pos_label, zero_division → 0),
 * roc_auc_score (exact, ties counting one half) and log_loss. The window keeps each scored pair's
 * score and class (a window's pairs are bounded), so ROC AUC is exact rather than binned.
 */
export class ClassificationWindow {
  static readonly defaults = {
    positiveLabel: 1 as Label,
    // 0.5: the usual cut-off for a probability of the positive class.
    decisionThreshold: 0.5,
  };

  readonly positiveLabel: Label;
  readonly decisionThreshold: number;
  private readonly positiveKey: string;
  private counts = { count: 0, correct: 0, tp: 0, fp: 0, fn: 0 };
  private scores: number[] = [];
  private positives: number[] = [];

  constructor(options: ClassificationWindowOptions = {}) {
    const o = { ...ClassificationWindow.defaults, ...options };
    if (!Number.isFinite(o.decisionThreshold)) {
      throw new InvalidOptionError('ClassificationWindow', 'decisionThreshold', o.decisionThreshold, 'a finite number');
    }
    this.positiveLabel = o.positiveLabel;
    this.decisionThreshold = o.decisionThreshold;
    this.positiveKey = labelKey(o.positiveLabel);
  }

  update(prediction: ClassificationPrediction, label: Label): void {
    const { score } = prediction;
    if (score !== undefined && !Number.isFinite(score)) {
      throw new InvalidPairError(`prediction score is ${score}; send a finite score or leave it out`);
    }
    let predictedKey: string;
    if (prediction.label !== undefined) predictedKey = labelKey(prediction.label);
    else if (score !== undefined) predictedKey = score >= this.decisionThreshold ? this.positiveKey : `not ${this.positiveKey}`;
    else throw new InvalidPairError('prediction has neither a label nor a score; one of them is needed to judge it');
    const actualKey = labelKey(label);
    const predictedPositive = predictedKey === this.positiveKey;
    const actualPositive = actualKey === this.positiveKey;
    const c = this.counts;
    c.count += 1;
    if (prediction.label !== undefined ? predictedKey === actualKey : predictedPositive === actualPositive) c.correct += 1;
    if (predictedPositive && actualPositive) c.tp += 1;
    else if (predictedPositive) c.fp += 1;
    else if (actualPositive) c.fn += 1;
    if (score !== undefined) {
      this.scores.push(score);
      this.positives.push(actualPositive ? 1 : 0);
    }
  }

  /** The window's confusion matrix for the positive label (tn: pairs neither predicted nor actually positive). */
  confusion(): Confusion {
    const { count, tp, fp, fn } = this.counts;
    return { tp, fp, fn, tn: count - tp - fp - fn };
  }

  merge(other: ClassificationWindow): void {
    if (other.positiveKey !== this.positiveKey) {
      throw new InvalidPairError(`cannot merge windows with positive labels '${this.positiveKey}' and '${other.positiveKey}'`);
    }
    for (const key of Object.keys(this.counts) as (keyof typeof this.counts)[]) this.counts[key] += other.counts[key];
    this.scores.push(...other.scores);
    this.positives.push(...other.positives);
  }

  get count(): number {
    return this.counts.count;
  }

  metrics(): ClassificationMetrics {
    const { count, correct, tp, fp, fn } = this.counts;
    return {
      count,
      scoredCount: this.scores.length,
      accuracy: count === 0 ? Number.NaN : correct / count,
      precision: tp + fp === 0 ? 0 : tp / (tp + fp),
      recall: tp + fn === 0 ? 0 : tp / (tp + fn),
      f1: 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn),
      rocAuc: this.scores.length === 0 ? Number.NaN : rocAuc(this.scores, this.positives),
      logLoss: this.logLoss(),
    };
  }

  /** Findings for the metrics that have thresholds, e.g. { metrics: { accuracy: { warning: 0.8 } } }. */
  evaluate(window: WindowBounds, thresholds: PerformanceThresholds): Finding[] {
    const m = this.metrics();
    const values: Record<ClassificationMetric, number> = {
      accuracy: m.accuracy,
      precision: m.precision,
      recall: m.recall,
      f1: m.f1,
      roc_auc: m.rocAuc,
      log_loss: m.logLoss,
    };
    return performanceFindings(values, m.count, thresholds, window);
  }

  reset(): void {
    this.counts = { count: 0, correct: 0, tp: 0, fp: 0, fn: 0 };
    this.scores = [];
    this.positives = [];
  }

  toBytes(): Uint8Array {
    const c = this.counts;
    return new StateWriter('performance.classification', 1)
      .str(typeof this.positiveLabel)
      .str(labelKey(this.positiveLabel))
      .f64(this.decisionThreshold)
      .f64s([c.count, c.correct, c.tp, c.fp, c.fn])
      .f64s(this.scores)
      .f64s(this.positives)
      .finish();
  }

  static fromBytes(bytes: Uint8Array): ClassificationWindow {
    const r = new StateReader(bytes, 'performance.classification', 1);
    const type = r.str();
    const text = r.str();
    const positiveLabel: Label = type === 'number' ? Number(text) : type === 'boolean' ? text === 'true' : text;
    const window = new ClassificationWindow({ positiveLabel, decisionThreshold: r.f64() });
    const [count, correct, tp, fp, fn] = r.f64s();
    window.counts = { count, correct, tp, fp, fn };
    window.scores = r.f64s();
    window.positives = r.f64s();
    r.end();
    return window;
  }

  private logLoss(): number {
    const n = this.scores.length;
    if (n === 0) return Number.NaN;
    const sum = new CompensatedSum();
    for (let i = 0; i < n; i++) {
      const p = this.scores[i];
      if (p < 0 || p > 1) return Number.NaN;
      const probabilityOfTruth = this.positives[i] === 1 ? p : 1 - p;
      sum.add(-Math.log(Math.min(Math.max(probabilityOfTruth, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS)));
    }
    return sum.value / n;
  }
}
