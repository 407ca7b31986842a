import type { MonitorConfig } from '../config/configSchema.ts';
import { EwmaChart } from '../detectors/anomaly/ewmaChart.ts';
import { RobustZScore } from '../detectors/anomaly/robustZScore.ts';
import type { Finding, WindowBounds } from '../detectors/finding.ts';
import { restoreSeriesDetector } from '../detectors/series/restoreSeriesDetector.ts';
import type { SeriesDetector } from '../detectors/series/seriesDetector.ts';
import { isWatched, seriesIdentity, watchedSeries } from './windowSeries.ts';
import { detectorRestoreWarning, type DetectorRestoreWarning } from './detectorRestoreWarning.ts';

type AnomalyConfig = MonitorConfig['anomaly'];

/** The detector kind each anomaly.method runs. */
const METHOD_KINDS = { ewma: EwmaChart.kind, robust_z: RobustZScore.kind } as const;

/**
 * The anomaly detectors of one monitor: one per window aggregate named in anomaly.aggregates and per window
 * series named in anomaly.series (see windowSeries.ts), of the kind anomaly.method names, each fed the
 * series' value of every closed window. A detector is made at the
 * first window whose aggregate is finite.
 */
export class WindowAnomalies {
  readonly #config: AnomalyConfig;
  readonly #detectors = new Map<string, SeriesDetector>();

  constructor(config: AnomalyConfig) {
    this.#config = config;
  }

  findings(aggregates: Record<string, number>, bounds: WindowBounds): Finding[] {
    const anomaly = this.#config;
    if (!anomaly.enabled) return [];
    const findings: Finding[] = [];
    for (const name of watchedSeries([...anomaly.aggregates, ...anomaly.series], aggregates)) {
      const value = aggregates[name];
      if (value === undefined || !Number.isFinite(value)) continue;
      let detector = this.#detectors.get(name);
      if (!detector) {
        detector = anomaly.method === 'ewma' ? new EwmaChart({ ...anomaly.ewma, ...seriesIdentity(name) }) : new RobustZScore({ ...anomaly.robustZ, ...seriesIdentity(name) });
        this.#detectors.set(name, detector);
      }
      detector.update(value);
      findings.push(...detector.evaluate(bounds));
    }
    return findings;
  }

  /** Aggregate name → detector, in the order they were made (the order they are saved in). */
  entries(): IterableIterator<[string, SeriesDetector]> {
    return this.#detectors.entries();
  }

  /**
   * Restores saved detectors, each by the kind its bytes name. One the config no longer asks for (another
   * method, an aggregate no longer listed, anomalies disabled) is dropped with a warning; the configured
   * detector then starts fresh at the next window. Bytes that are no series detector's throw StateDecodeError.
   */
  static restore(config: AnomalyConfig, saved: Iterable<readonly [string, Uint8Array]>): { anomalies: WindowAnomalies; warnings: DetectorRestoreWarning[] } {
    const anomalies = new WindowAnomalies(config);
    const warnings: DetectorRestoreWarning[] = [];
    for (const [name, bytes] of saved) {
      const detector = restoreSeriesDetector(bytes);
      const watched = isWatched([...config.aggregates, ...config.series], name);
      const configured = config.enabled && watched ? METHOD_KINDS[config.method] : null;
      if (detector.kind === configured) anomalies.#detectors.set(name, detector);
      else warnings.push(detectorRestoreWarning(name, detector.kind, configured));
    }
    return { anomalies, warnings };
  }
}
