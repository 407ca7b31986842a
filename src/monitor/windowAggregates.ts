import type { PredictionEvent } from '../contracts/events.ts';

/**
 * Model-level sums over one window, from which the aggregates watched by the anomaly detectors come:
 * prediction mean (score), positive rate (share of predicted labels equal to the positive label, else of
 * scores ≥ the decision threshold), volume (events) and mean latency.
 */
export class WindowAggregates {
  events = 0;
  scoreSum = 0;
  scored = 0;
  positives = 0;
  classified = 0;
  latencySum = 0;
  latencies = 0;

  update(event: PredictionEvent, positiveLabel: string, decisionThreshold: number): void {
    this.events++;
    const { score, label } = event.prediction;
    if (typeof score === 'number' && Number.isFinite(score)) {
      this.scoreSum += score;
      this.scored++;
    }
    if (label !== null) {
      this.classified++;
      if (label === positiveLabel) this.positives++;
    } else if (typeof score === 'number' && Number.isFinite(score)) {
      this.classified++;
      if (score >= decisionThreshold) this.positives++;
    }
    if (typeof event.latency_ms === 'number' && Number.isFinite(event.latency_ms)) {
      this.latencySum += event.latency_ms;
      this.latencies++;
    }
  }

  /** Adds another part of the window (a pane) into this one. */
  merge(other: WindowAggregates): void {
    this.events += other.events;
    this.scoreSum += other.scoreSum;
    this.scored += other.scored;
    this.positives += other.positives;
    this.classified += other.classified;
    this.latencySum += other.latencySum;
    this.latencies += other.latencies;
  }

  /** The aggregates that are defined for this window (a mean of nothing is left out). */
  values(): Record<string, number> {
    const out: Record<string, number> = { volume: this.events };
    if (this.scored > 0) out.prediction_mean = this.scoreSum / this.scored;
    if (this.classified > 0) out.positive_rate = this.positives / this.classified;
    if (this.latencies > 0) out.latency_mean = this.latencySum / this.latencies;
    return out;
  }

  toJSON(): number[] {
    return [this.events, this.scoreSum, this.scored, this.positives, this.classified, this.latencySum, this.latencies];
  }

  static fromJSON(json: unknown): WindowAggregates {
    const a = new WindowAggregates();
    [a.events, a.scoreSum, a.scored, a.positives, a.classified, a.latencySum, a.latencies] = json as number[];
    return a;
  }
}
