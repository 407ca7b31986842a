import type { MonitorConfig } from '../config/configSchema.ts';
import type { ReportStream } from '../contracts/reports.ts';
import type { EngineOutput } from '../monitor/engineOutput.ts';
import { windowUnitOf, type WindowUnit } from '../sinks/windowLabels.ts';

export interface WindowTally {
  modelId: string;
  modelVersion: string;
  stream: ReportStream;
  unit: WindowUnit;
  windows: number;
  first: { start: number; end: number };
  last: { start: number; end: number };
}

export interface DetectorTally {
  detector: string;
  firing: number;
  resolved: number;
  critical: number;
  warning: number;
  info: number;
  /** Features (or '' for model-level alerts) that fired, in first-fired order. */
  features: string[];
}

/** Counts of what a replay produced, for its closing summary: windows per model version and stream, alerts per detector. */
export class ReplayTally {
  readonly #monitors: readonly MonitorConfig[];
  readonly windows = new Map<string, WindowTally>();
  readonly detectors = new Map<string, DetectorTally>();
  retrainRequests = 0;

  constructor(monitors: readonly MonitorConfig[]) {
    this.#monitors = monitors;
  }

  add(output: EngineOutput): void {
    for (const r of output.reports) {
      const key = JSON.stringify([r.model_id, r.model_version, r.stream]);
      const bounds = { start: r.window.start, end: r.window.end };
      const seen = this.windows.get(key);
      if (seen) {
        seen.windows++;
        seen.last = bounds;
      } else {
        this.windows.set(key, {
          modelId: r.model_id, modelVersion: r.model_version, stream: r.stream, unit: windowUnitOf(this.#monitors, r.model_id, r.stream), windows: 1, first: bounds, last: bounds,
        });
      }
    }
    for (const a of output.alerts) {
      let d = this.detectors.get(a.detector);
      if (!d) {
        d = { detector: a.detector, firing: 0, resolved: 0, critical: 0, warning: 0, info: 0, features: [] };
        this.detectors.set(a.detector, d);
      }
      if (a.status === 'resolved') {
        d.resolved++;
        continue;
      }
      d.firing++;
      d[a.severity]++;
      const feature = a.feature ?? '';
      if (!d.features.includes(feature)) d.features.push(feature);
    }
    this.retrainRequests += output.retrainRequests.length;
  }

  /** Firing alerts of the detectors whose names start with one of these prefixes. */
  firingOf(prefixes: readonly string[]): DetectorTally[] {
    return [...this.detectors.values()].filter((d) => d.firing > 0 && prefixes.some((p) => d.detector.startsWith(p)));
  }
}
