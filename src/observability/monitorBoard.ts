import type { AlertRecord } from '../contracts/events.ts';
import type { ReportStream, WindowReportRecord } from '../contracts/reports.ts';

export interface FiringAlert {
  alert_id: string;
  detector: string;
  feature: string | null;
  metric: string;
  severity: AlertRecord['severity'];
  value: number;
  threshold: number;
  summary: string;
  /** created_at of the firing alert (the episode's start, or its escalation). */
  since: number;
}

export interface StreamStatus {
  windows_seen: number;
  last_window: { start: number; end: number; count: number };
  last_report_at: number;
}

/** One model version as this instance sees it; `model_version` is null for a configured model with no report yet. */
export interface MonitorStatus {
  model_id: string;
  model_version: string | null;
  windows_seen: number;
  last_report_at: number | null;
  streams: Partial<Record<ReportStream, StreamStatus>>;
  firing_alerts: FiringAlert[];
}

export interface BoardOutputs {
  reports: readonly WindowReportRecord[];
  alerts: readonly AlertRecord[];
}

interface VersionEntry {
  modelId: string;
  modelVersion: string;
  streams: Map<ReportStream, StreamStatus>;
  /** By (detector, feature, metric): an episode fires once, may escalate, and ends with a resolved alert. */
  firing: Map<string, FiringAlert>;
  /** Partitions ("topic:partition") whose outputs fed this entry; it goes when a rebalance takes them all. */
  sources: Set<string>;
}

/**
 * What GET /monitors answers: per model version, the windows reported, the last report and the alerts firing,
 * as published by this instance since it took the partitions that carry them. Fed with each batch's published
 * outputs; a rebalance drops what came from partitions this instance no longer owns (their new owner reports
 * them). Entries are bounded by the model versions the engine keeps.
 */
export class MonitorBoard {
  readonly #models: readonly string[];
  readonly #versions = new Map<string, VersionEntry>();

  /** `models`: the configured model ids, listed even before their first report. */
  constructor(models: readonly string[]) {
    this.#models = models;
  }

  record(topic: string, partition: number, outputs: BoardOutputs): void {
    const source = `${topic}:${partition}`;
    for (const report of outputs.reports) {
      const entry = this.#entry(report.model_id, report.model_version, source);
      const seen = entry.streams.get(report.stream);
      entry.streams.set(report.stream, {
        windows_seen: (seen?.windows_seen ?? 0) + 1,
        last_window: { ...report.window },
        last_report_at: report.created_at,
      });
    }
    for (const alert of outputs.alerts) {
      const entry = this.#entry(alert.model_id, alert.model_version, source);
      const key = JSON.stringify([alert.detector, alert.feature, alert.metric]);
      if (alert.status === 'resolved') {
        entry.firing.delete(key);
        continue;
      }
      const { alert_id, detector, feature, metric, severity, value, threshold, summary, created_at } = alert;
      entry.firing.set(key, { alert_id, detector, feature, metric, severity, value, threshold, summary, since: created_at });
    }
  }

  /** The assignment after a rebalance: what came only from partitions outside it is forgotten. */
  assigned(assignment: Record<string, readonly number[]>): void {
    const owned = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => `${topic}:${p}`)));
    for (const [key, entry] of this.#versions) {
      for (const source of entry.sources) if (!owned.has(source)) entry.sources.delete(source);
      if (entry.sources.size === 0) this.#versions.delete(key);
    }
  }

  /** Every configured model's versions, sorted by model then version. */
  list(): MonitorStatus[] {
    const out: MonitorStatus[] = [];
    const entries = [...this.#versions.values()].sort((a, b) => a.modelId.localeCompare(b.modelId) || a.modelVersion.localeCompare(b.modelVersion));
    for (const modelId of [...this.#models].sort()) {
      const versions = entries.filter((e) => e.modelId === modelId);
      if (versions.length === 0) {
        out.push({ model_id: modelId, model_version: null, windows_seen: 0, last_report_at: null, streams: {}, firing_alerts: [] });
        continue;
      }
      for (const entry of versions) out.push(statusOf(entry));
    }
    return out;
  }

  #entry(modelId: string, modelVersion: string, source: string): VersionEntry {
    const key = JSON.stringify([modelId, modelVersion]);
    let entry = this.#versions.get(key);
    if (!entry) {
      entry = { modelId, modelVersion, streams: new Map(), firing: new Map(), sources: new Set() };
      this.#versions.set(key, entry);
    }
    entry.sources.add(source);
    return entry;
  }
}

function statusOf(entry: VersionEntry): MonitorStatus {
  const streams = Object.fromEntries(entry.streams) as Partial<Record<ReportStream, StreamStatus>>;
  const all = [...entry.streams.values()];
  return {
    model_id: entry.modelId,
    model_version: entry.modelVersion,
    windows_seen: all.reduce((n, s) => n + s.windows_seen, 0),
    last_report_at: all.length === 0 ? null : Math.max(...all.map((s) => s.last_report_at)),
    streams,
    firing_alerts: [...entry.firing.values()].sort((a, b) => a.since - b.since || a.alert_id.localeCompare(b.alert_id)),
  };
}
