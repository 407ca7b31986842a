import type { AlertRecord } from '../contracts/events.ts';
import { Persistence } from '../detectors/alarms/persistence.ts';
import type { Finding, Severity, WindowBounds } from '../detectors/finding.ts';
import { alertFromFinding, alertId } from './alertFromFinding.ts';

export interface AlertGateOptions {
  /** An alert fires when its finding breached in k of the last n windows. */
  persistence: { k: number; n: number };
  /** Severity given to every firing alert of a detector, overriding the finding's. */
  severities: Readonly<Record<string, Severity>>;
}

interface Episode {
  /** The latest firing alert of the episode (the first, or the last escalation). */
  alertId: string;
  /** The first firing alert of the episode; absent in state saved before it was kept (then alertId stands in). */
  episodeId?: string;
  severity: Severity;
  start: number;
  /** Judged window by window (trend detectors): resolved by the first window without a breach from it. */
  immediate?: boolean;
  /** The finding that fired, to describe the episode when its detector goes quiet. */
  fired: Pick<Finding, 'detector' | 'feature' | 'metric' | 'value' | 'threshold' | 'summary'>;
}

interface KeyState {
  persistence: Persistence;
  episode?: Episode;
}

export interface GatedFinding {
  finding: Finding;
  /**
   * Breach judged on its own: fires at once and resolves on the next window without a breach, including a
   * window where its detector reports nothing (a trend detector re-learning its baseline after a signal).
   */
  immediate?: boolean;
}

/**
 * Turns each window's findings into the alert lifecycle: a finding that breached (warning or critical)
 * in k of the last n windows fires one alert; while it keeps breaching nothing more is sent unless its
 * severity rises; once it no longer persists a 'resolved' alert closes the episode.
 * Keyed by detector, feature and metric. Alert ids are deterministic, so re-sent alerts deduplicate.
 */
export class AlertGate {
  readonly #options: AlertGateOptions;
  readonly #keys = new Map<string, KeyState>();

  constructor(options: AlertGateOptions) {
    this.#options = options;
  }

  evaluate(modelId: string, modelVersion: string, window: WindowBounds, findings: readonly GatedFinding[], now: number): AlertRecord[] {
    const alerts: AlertRecord[] = [];
    const seen = new Set<string>();
    for (const { finding, immediate } of findings) {
      const key = `${finding.detector}|${finding.feature ?? ''}|${finding.metric}`;
      seen.add(key);
      let state = this.#keys.get(key);
      const breached = finding.severity === 'warning' || finding.severity === 'critical';
      if (!state) {
        if (!breached) continue;
        state = { persistence: new Persistence(this.#options.persistence) };
        this.#keys.set(key, state);
      }
      const persists = immediate ? breached : state.persistence.update(breached);
      const severity = this.#options.severities[finding.detector] ?? (finding.severity as Severity);
      if (persists && (!state.episode || rank(severity) > rank(state.episode.severity))) {
        const id = alertId(modelId, finding);
        const episodeId = state.episode ? state.episode.episodeId ?? state.episode.alertId : id;
        alerts.push(alertFromFinding(modelId, modelVersion, finding, id, severity, 'firing', now, state.episode ? { escalates: state.episode.alertId } : {}, episodeId));
        const { detector, feature, metric, value, threshold, summary } = finding;
        state.episode = {
          alertId: id, episodeId, severity, start: state.episode?.start ?? finding.window.start,
          ...(immediate ? { immediate } : {}), fired: { detector, feature, metric, value, threshold, summary },
        };
      } else if (!persists && state.episode) {
        const id = alertId(modelId, { ...finding, metric: `${finding.metric}:resolved` });
        alerts.push(alertFromFinding(modelId, modelVersion, finding, id, state.episode.severity, 'resolved', now, { resolves: state.episode.alertId, episode_start: String(state.episode.start) }, state.episode.episodeId ?? state.episode.alertId));
        state.episode = undefined;
      }
      if (!state.episode && state.persistence.breaches === 0) this.#keys.delete(key);
    }
    for (const [key, state] of this.#keys) {
      const episode = state.episode;
      if (!episode?.immediate || seen.has(key)) continue;
      const quiet: Finding = { ...episode.fired, severity: 'none', window, summary: `${episode.fired.summary} (its detector no longer signals)` };
      const id = alertId(modelId, { ...quiet, metric: `${quiet.metric}:resolved` });
      alerts.push(alertFromFinding(modelId, modelVersion, quiet, id, episode.severity, 'resolved', now, { resolves: episode.alertId, episode_start: String(episode.start) }, episode.episodeId ?? episode.alertId));
      this.#keys.delete(key);
    }
    return alerts;
  }

  /**
   * Closes every open episode (the monitor is retired, so no window will resolve them): a 'resolved' alert
   * per episode, in `window` when given (the last window reported), else at the episode's start.
   */
  resolveAll(modelId: string, modelVersion: string, window: WindowBounds | undefined, now: number, why: string): AlertRecord[] {
    const alerts: AlertRecord[] = [];
    for (const [key, { episode }] of this.#keys) {
      if (!episode) continue;
      const at = window ?? { start: episode.start, end: episode.start, count: 0 };
      const closing: Finding = { ...episode.fired, severity: 'none', window: at, summary: `${episode.fired.summary} (${why})` };
      const id = alertId(modelId, { ...closing, metric: `${closing.metric}:resolved` });
      alerts.push(alertFromFinding(modelId, modelVersion, closing, id, episode.severity, 'resolved', now, { resolves: episode.alertId, episode_start: String(episode.start) }));
      this.#keys.delete(key);
    }
    return alerts;
  }

  /** Alert ids of the episodes firing now, by detector|feature|metric key. */
  firing(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [key, state] of this.#keys) if (state.episode) out.set(key, state.episode.alertId);
    return out;
  }

  toJSON(): unknown {
    return [...this.#keys].map(([key, s]) => [key, Buffer.from(s.persistence.toBytes()).toString('base64'), s.episode ?? null]);
  }

  static fromJSON(options: AlertGateOptions, json: unknown): AlertGate {
    const gate = new AlertGate(options);
    for (const [key, persistence, episode] of json as [string, string, Episode | null][]) {
      gate.#keys.set(key, { persistence: Persistence.fromBytes(Buffer.from(persistence, 'base64')), ...(episode ? { episode } : {}) });
    }
    return gate;
  }
}

function rank(severity: Severity): number {
  return severity === 'critical' ? 3 : severity === 'warning' ? 2 : 1;
}
