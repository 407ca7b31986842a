import type { PredictionEvent } from '../../src/contracts/events.ts';
import type { Random } from './random.ts';

export interface StreamOptions {
  modelId: string;
  modelVersion?: string;
  count: number;
  /** Index of the first event (event ids and timestamps continue from it). */
  from?: number;
  /** Shift added to `income_z` (in its standard deviations) from this stream on. */
  incomeShift?: number;
}

/**
 * A synthetic credit-risk model's predictions: income (log-normal), age (normal), debt_ratio (beta-like),
 * region (categorical) and a score that depends on them.
 */
export function predictionStream(rng: Random, options: StreamOptions): PredictionEvent[] {
  const { modelId, modelVersion = 'v1', count, from = 0, incomeShift = 0 } = options;
  const events: PredictionEvent[] = [];
  for (let i = from; i < from + count; i++) {
    const incomeZ = rng.normal() + incomeShift;
    const income = Math.exp(10.5 + 0.4 * incomeZ);
    const age = Math.round(rng.normal(42, 12) * 10) / 10;
    const debtRatio = Math.min(0.999, Math.max(0, rng.uniform() * rng.uniform() * 1.6));
    const region = rng.pick(['north', 'south', 'east', 'west'], [0.4, 0.3, 0.2, 0.1]);
    const score = 1 / (1 + Math.exp(-(-1 + 2.5 * debtRatio - 0.3 * rng.normal())));
    events.push({
      event_id: `${modelId}-${i}`,
      model_id: modelId,
      model_version: modelVersion,
      timestamp: 1_767_225_600_000 + i * 1000,
      features: { income, age, debt_ratio: debtRatio, region },
      prediction: { score, label: score >= 0.5 ? 'default' : 'repay', probabilities: null },
      latency_ms: 5 + rng.uniform() * 20,
      attributes: { channel: 'web' },
    });
  }
  return events;
}
