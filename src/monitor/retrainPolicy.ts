import { createHash } from 'node:crypto';
import type { AlertRecord } from '../contracts/events.ts';
import type { RetrainRequestRecord } from '../contracts/reports.ts';
import type { Finding, WindowBounds } from '../detectors/finding.ts';

export interface RetrainPolicyOptions {
  enabled: boolean;
  /** A feature's drift critical in this many consecutive windows asks for retraining. */
  criticalDriftWindows: number;
  /** A firing trend alert on a performance metric asks for retraining. */
  onPerformanceTrend: boolean;
  /** Windows after a request during which no other is sent. */
  cooldownWindows: number;
}

interface Run {
  windows: number;
  since: number;
}

/**
 * When to ask a retraining pipeline to retrain: critical drift of a feature persisting k consecutive
 * windows, or a performance trend alert; never twice within the cooldown.
 */
export class RetrainPolicy {
  readonly #options: RetrainPolicyOptions;
  readonly #runs = new Map<string, Run>();
  #windowIndex = 0;
  #lastRequest = -Infinity;

  constructor(options: RetrainPolicyOptions) {
    this.#options = options;
  }

  onWindow(
    model: { modelId: string; modelVersion: string },
    window: WindowBounds,
    findings: readonly Finding[],
    alerts: readonly AlertRecord[],
    firingAlertIds: readonly string[],
    now: number,
  ): RetrainRequestRecord | undefined {
    const index = this.#windowIndex++;
    const critical = new Map<string, number>();
    for (const f of findings) {
      if (f.detector.startsWith('drift.') && f.severity === 'critical' && f.feature !== undefined) critical.set(f.feature, f.value);
    }
    for (const feature of [...this.#runs.keys()]) if (!critical.has(feature)) this.#runs.delete(feature);
    for (const feature of critical.keys()) {
      const run = this.#runs.get(feature) ?? { windows: 0, since: window.start };
      run.windows++;
      this.#runs.set(feature, run);
    }
    if (!this.#options.enabled || index - this.#lastRequest <= this.#options.cooldownWindows) return undefined;

    const drifted = [...this.#runs].filter(([, run]) => run.windows >= this.#options.criticalDriftWindows);
    const trendAlerts = this.#options.onPerformanceTrend ? alerts.filter((a) => a.status === 'firing' && a.detector.startsWith('trend.')) : [];
    if (drifted.length === 0 && trendAlerts.length === 0) return undefined;

    this.#lastRequest = index;
    const reasons: string[] = [];
    if (drifted.length > 0) {
      reasons.push(`critical drift in ${drifted.map(([f]) => f).join(', ')} for ${this.#options.criticalDriftWindows} or more consecutive windows`);
    }
    if (trendAlerts.length > 0) reasons.push(`performance trend: ${trendAlerts.map((a) => withoutFinalStop(a.summary)).join('; ')}`);
    const start = Math.min(window.start, ...drifted.map(([, run]) => run.since));
    const metrics: Record<string, number> = {};
    for (const [feature] of drifted) metrics[`${feature}.drift`] = critical.get(feature)!;
    for (const a of trendAlerts) metrics[`${a.metric}`] = a.value;
    return {
      request_id: createHash('sha256').update(JSON.stringify([model.modelId, model.modelVersion, window.start, window.end, 'retrain'])).digest('hex').slice(0, 32),
      model_id: model.modelId,
      model_version: model.modelVersion,
      reason: `Retrain ${model.modelId} ${model.modelVersion}: ${reasons.join('; ')}.`,
      alert_ids: [...new Set([...firingAlertIds, ...alerts.filter((a) => a.status === 'firing').map((a) => a.alert_id)])].sort(),
      drifted_features: drifted.map(([f]) => f),
      data_window: { start, end: window.end },
      metrics,
      created_at: now,
    };
  }

  toJSON(): unknown {
    return { runs: [...this.#runs], windowIndex: this.#windowIndex, lastRequest: Number.isFinite(this.#lastRequest) ? this.#lastRequest : null };
  }

  static fromJSON(options: RetrainPolicyOptions, json: unknown): RetrainPolicy {
    const saved = json as { runs: [string, Run][]; windowIndex: number; lastRequest: number | null };
    const policy = new RetrainPolicy(options);
    for (const [feature, run] of saved.runs) policy.#runs.set(feature, run);
    policy.#windowIndex = saved.windowIndex;
    policy.#lastRequest = saved.lastRequest ?? -Infinity;
    return policy;
  }
}

/** A summary as a clause of the reason, which ends with its own full stop. */
function withoutFinalStop(summary: string): string {
  return summary.replace(/[.\s]+$/, '');
}
