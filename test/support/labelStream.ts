import type { LabelEvent, PredictionEvent } from '../../src/contracts/events.ts';

export interface LabelPlan {
  /** Labelled pairs per performance window (the monitor's performance.windowSize). */
  windowSize: number;
  /** Accuracy of each window, in order; rounded to whole pairs (correct = round(accuracy × windowSize)). */
  accuracies: readonly number[];
  /** The two classes: a wrong label is the other one of the prediction's label. */
  classes?: readonly [string, string];
  /** Label event time after its prediction's, ms (default one hour). */
  delayMs?: number;
}

/**
 * Ground truth for `predictions`, in their order, so that performance window w (windowSize consecutive joined
 * labels) has exactly the planned accuracy: the wrong labels are spread evenly through the window. Uses the first
 * windowSize × accuracies.length predictions; each must carry a predicted label.
 */
export function labelsForAccuracy(predictions: readonly PredictionEvent[], plan: LabelPlan): LabelEvent[] {
  const { windowSize, accuracies, classes = ['default', 'repay'], delayMs = 3_600_000 } = plan;
  const needed = windowSize * accuracies.length;
  if (predictions.length < needed) throw new Error(`the plan needs ${needed} predictions, got ${predictions.length}`);
  const labels: LabelEvent[] = [];
  accuracies.forEach((accuracy, w) => {
    const wrong = windowSize - Math.round(accuracy * windowSize);
    for (let j = 0; j < windowSize; j++) {
      const prediction = predictions[w * windowSize + j];
      const predicted = prediction.prediction.label;
      if (predicted === null) throw new Error(`prediction ${prediction.event_id} has no label`);
      const isWrong = Math.floor(((j + 1) * wrong) / windowSize) > Math.floor((j * wrong) / windowSize);
      labels.push({
        event_id: prediction.event_id,
        model_id: prediction.model_id,
        timestamp: prediction.timestamp + delayMs,
        label: isWrong ? (predicted === classes[0] ? classes[1] : classes[0]) : predicted,
      });
    }
  });
  return labels;
}

/** The accuracy each planned window really gets (whole pairs), as the monitor will report it. */
export function plannedAccuracies(plan: Pick<LabelPlan, 'windowSize' | 'accuracies'>): number[] {
  return plan.accuracies.map((a) => Math.round(a * plan.windowSize) / plan.windowSize);
}

/** Labels whose event ids no prediction has: the join counts them as orphans. */
export function orphanLabels(modelId: string, count: number, timestamp: number): LabelEvent[] {
  return Array.from({ length: count }, (_, i) => ({ event_id: `${modelId}-no-such-prediction-${i}`, model_id: modelId, timestamp: timestamp + i, label: 'default' }));
}

/** Inserts `extra` into `labels` at evenly spread positions (keeping both orders). */
export function interleave<T>(labels: readonly T[], extra: readonly T[]): T[] {
  const out: T[] = [];
  const every = Math.max(1, Math.floor(labels.length / (extra.length + 1)));
  let k = 0;
  labels.forEach((label, i) => {
    if (k < extra.length && i > 0 && i % every === 0) out.push(extra[k++]);
    out.push(label);
  });
  while (k < extra.length) out.push(extra[k++]);
  return out;
}
