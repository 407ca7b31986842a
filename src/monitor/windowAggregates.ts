import { ValueTag, type EventBatch } from '../contracts/eventBatch.ts';
import type { PredictionEvent } from '../contracts/events.ts';

/**
 * Model-level sums over one window, from which the aggregates watched by the anomaly detectors come:
 * prediction mean (score), positive rate (share of predicted labels equal to the positive label, else of
 * scores ≥ the decision threshold), volume (events) and mean latency; and the window's earliest and latest
 * event time, which count windows report.
 */
export class WindowAggregates {
  events = 0;
  scoreSum = 0;
  scored = 0;
  positives = 0;
  classified = 0;
  latencySum = 0;
  latencies = 0;
  earliest = Number.POSITIVE_INFINITY;
  latest = Number.NEGATIVE_INFINITY;
  /** False for a pane saved before event times were kept: its window's times are not known. */
  timesKnown = true;

  update(event: PredictionEvent, positiveLabel: string, decisionThreshold: number): void {
    this.events++;
    if (event.timestamp < this.earliest) this.earliest = event.timestamp;
    if (event.timestamp > this.latest) this.latest = event.timestamp;
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

  /** update() for the rows `rows` of a batch, in row order. */
  updateRows(batch: EventBatch, rows: Int32Array, positiveLabel: string, decisionThreshold: number): void {
    const { timestamps, score, label, latency } = batch;
    const positiveCode = label.dictionary.indexOf(positiveLabel);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      this.events++;
      const t = timestamps[r];
      if (t < this.earliest) this.earliest = t;
      if (t > this.latest) this.latest = t;
      const scored = score.tags[r] === ValueTag.number && Number.isFinite(score.numbers[r]);
      if (scored) {
        this.scoreSum += score.numbers[r];
        this.scored++;
      }
      if (label.tags[r] === ValueTag.string) {
        this.classified++;
        if (label.codes[r] === positiveCode) this.positives++;
      } else if (scored) {
        this.classified++;
        if (score.numbers[r] >= decisionThreshold) this.positives++;
      }
      if (latency.tags[r] === ValueTag.number && Number.isFinite(latency.numbers[r])) {
        this.latencySum += latency.numbers[r];
        this.latencies++;
      }
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
    this.earliest = Math.min(this.earliest, other.earliest);
    this.latest = Math.max(this.latest, other.latest);
    this.timesKnown &&= other.timesKnown;
  }

  /** Earliest and latest event time (ms) in the window; null when it has no event (or was saved before they were kept). */
  eventTimes(): { first: number | null; last: number | null } {
    if (!this.timesKnown || this.events === 0) return { first: null, last: null };
    return { first: this.earliest, last: this.latest };
  }

  /** The aggregates that are defined for this window (a mean of nothing is left out). */
  values(): Record<string, number> {
    const out: Record<string, number> = { volume: this.events };
    if (this.scored > 0) out.prediction_mean = this.scoreSum / this.scored;
    if (this.classified > 0) out.positive_rate = this.positives / this.classified;
    if (this.latencies > 0) out.latency_mean = this.latencySum / this.latencies;
    return out;
  }

  toJSON(): (number | null)[] {
    const sums = [this.events, this.scoreSum, this.scored, this.positives, this.classified, this.latencySum, this.latencies];
    if (!this.timesKnown) return sums;
    return [...sums, Number.isFinite(this.earliest) ? this.earliest : null, Number.isFinite(this.latest) ? this.latest : null];
  }

  /** Also reads the seven sums saved before event times were kept (their windows report no event times). */
  static fromJSON(json: unknown): WindowAggregates {
    const a = new WindowAggregates();
    const saved = json as (number | null)[];
    [a.events, a.scoreSum, a.scored, a.positives, a.classified, a.latencySum, a.latencies] = saved.slice(0, 7) as number[];
    a.timesKnown = saved.length > 7;
    a.earliest = saved[7] ?? Number.POSITIVE_INFINITY;
    a.latest = saved[8] ?? Number.NEGATIVE_INFINITY;
    return a;
  }
}
