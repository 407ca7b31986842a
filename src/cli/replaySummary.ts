import { formatCount } from '../detectors/common/format.ts';
import { formatTime, type WindowUnit } from '../sinks/windowLabels.ts';
import type { ReplayTally } from './replayTally.ts';
import { textTable } from './textTable.ts';

/** The closing summary of a replay: windows per model version and stream, then alerts per detector. */
export function replaySummary(tally: ReplayTally): string {
  const sections: string[] = [];
  const windows = [...tally.windows.values()];
  if (windows.length === 0) sections.push('  no window closed (the input ended before a reference and a first window were complete)');
  else {
    sections.push(textTable([
      ['model', 'version', 'stream', 'windows', 'from', 'to'],
      ...windows.map((w) => [w.modelId, w.modelVersion, w.stream, formatCount(w.windows), bound(w.first.start, w.unit), bound(w.last.end, w.unit)]),
    ]));
  }
  const detectors = [...tally.detectors.values()].sort((a, b) => (a.detector < b.detector ? -1 : 1));
  if (detectors.length === 0) sections.push('  no alert');
  else {
    sections.push(textTable([
      ['detector', 'firing', 'critical', 'warning', 'info', 'resolved', 'features'],
      ...detectors.map((d) => [
        d.detector, String(d.firing), String(d.critical), String(d.warning), String(d.info), String(d.resolved),
        d.features.filter((f) => f !== '').join(', ') || (d.firing > 0 ? '(model)' : ''),
      ]),
    ]));
  }
  sections.push(`  retraining requests: ${tally.retrainRequests}`);
  return `${sections.join('\n\n')}\n`;
}

function bound(value: number, unit: WindowUnit): string {
  if (unit === 'time') return formatTime(value);
  return `${formatCount(value)} ${unit}`;
}
