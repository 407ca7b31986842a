import type { MonitorConfig } from '../config/configSchema.ts';
import type { Finding, WindowBounds } from '../detectors/finding.ts';
import { qualityFindings } from '../detectors/quality/qualityFindings.ts';
import type { QualityWindow } from '../detectors/quality/qualityWindow.ts';

/** A closed window's data-quality findings with the config's score thresholds (none when quality is off). */
export function windowQualityFindings(quality: QualityWindow | undefined, bounds: WindowBounds, config: MonitorConfig['quality']): Finding[] {
  if (!quality) return [];
  return qualityFindings(quality, bounds, { score: { warning: config.score.warning, critical: config.score.critical ?? 0.5 } });
}
