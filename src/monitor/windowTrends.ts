import type { MonitorConfig } from '../config/configSchema.ts';
import type { Finding, WindowBounds } from '../detectors/finding.ts';
import { restoreSeriesDetector } from '../detectors/series/restoreSeriesDetector.ts';
import type { SeriesDetector } from '../detectors/series/seriesDetector.ts';
import { detectorRestoreWarning, type DetectorRestoreWarning } from './detectorRestoreWarning.ts';
import { trendDetectors } from './trendDetectors.ts';
import { isWatched, seriesIdentity, watchedSeries, worseDirection } from './windowSeries.ts';

type TrendConfig = MonitorConfig['trend'];
type SeriesEntry = TrendConfig['series'][number];

/**
 * The trend detectors on the window series named in trend.series (drift statistics, aggregates, quality
 * score; see windowSeries.ts), labels or not: per series the slope, Page–Hinkley and CUSUM the trend
 * config asks for, made at the first window that gives the series a value and fed one value per closed
 * window. `drift:*:<metric>` watches that metric of every watched feature. At most trend.series' length of
 * series (bounded by the schema), times the watched features for a pattern, each a few fixed-size detectors.
 */
export class WindowTrends {
  readonly #config: TrendConfig;
  readonly #entries: ReadonlyMap<string, SeriesEntry>;
  readonly #names: readonly string[];
  readonly #detectors = new Map<string, SeriesDetector[]>();

  constructor(config: TrendConfig) {
    this.#config = config;
    this.#entries = new Map(config.series.map((entry) => [entry.name, entry]));
    this.#names = [...this.#entries.keys()];
  }

  findings(values: Record<string, number>, bounds: WindowBounds): Finding[] {
    const findings: Finding[] = [];
    for (const name of watchedSeries(this.#names, values)) {
      const value = values[name];
      if (value === undefined || !Number.isFinite(value)) continue;
      let detectors = this.#detectors.get(name);
      if (!detectors) {
        detectors = this.#fresh(name);
        this.#detectors.set(name, detectors);
      }
      for (const d of detectors) {
        d.update(value);
        findings.push(...d.evaluate(bounds));
      }
    }
    return findings;
  }

  /** Series name → its detectors, in the order they were made (the order they are saved in). */
  entries(): IterableIterator<[string, SeriesDetector[]]> {
    return this.#detectors.entries();
  }

  #fresh(name: string): SeriesDetector[] {
    const identity = seriesIdentity(name);
    const entry = this.#entries.get(name) ?? (identity.feature === undefined ? undefined : this.#entries.get(`drift:*:${identity.series}`));
    return trendDetectors(this.#config, { ...identity, direction: worseDirection(name), overrides: entry });
  }

  /**
   * Restores saved detectors, each by the kind its bytes name, matched to the configured ones of its series.
   * A saved detector the config no longer asks for is dropped, and a configured kind the state lacks starts
   * fresh, each with a warning. Bytes that are no series detector's throw StateDecodeError.
   */
  static restore(config: TrendConfig, saved: Iterable<readonly [string, readonly Uint8Array[]]>): { trends: WindowTrends; warnings: DetectorRestoreWarning[] } {
    const trends = new WindowTrends(config);
    const warnings: DetectorRestoreWarning[] = [];
    for (const [name, states] of saved) {
      const restored = states.map((bytes) => restoreSeriesDetector(bytes));
      if (!isWatched(trends.#names, name)) {
        for (const d of restored) warnings.push(detectorRestoreWarning(name, d.kind, null));
        continue;
      }
      const byKind = new Map(restored.map((d) => [d.kind, d]));
      const detectors = trends.#fresh(name).map((fresh) => {
        const found = byKind.get(fresh.kind);
        byKind.delete(fresh.kind);
        if (found) return found;
        warnings.push(detectorRestoreWarning(name, null, fresh.kind));
        return fresh;
      });
      for (const kind of byKind.keys()) warnings.push(detectorRestoreWarning(name, kind, null));
      trends.#detectors.set(name, detectors);
    }
    return { trends, warnings };
  }
}
