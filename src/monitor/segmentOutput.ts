import { createHash } from 'node:crypto';
import type { Segment } from '../contracts/events.ts';
import type { EngineOutput } from './engineOutput.ts';

/** The entry kind of a segment's monitor: its stream and the slice, e.g. `predictions|["region","north"]`. */
export function segmentKind(stream: string, segment: Segment): string {
  return `${stream}|${JSON.stringify([segment.attribute, segment.value])}`;
}

/** A kind's stream and, for a segment's monitor, its slice. */
export function parseKind(kind: string): { stream: string; segment?: Segment } {
  const bar = kind.indexOf('|');
  if (bar === -1) return { stream: kind };
  const [attribute, value] = JSON.parse(kind.slice(bar + 1)) as [string, string];
  return { stream: kind.slice(0, bar), segment: { attribute, value } };
}

/** The segment as text: `region=north`. */
export function segmentText(segment: Segment): string {
  return `${segment.attribute}=${segment.value}`;
}

/**
 * A segment's monitor is an ordinary version monitor on the slice's events; its output is stamped here:
 * reports and alerts name the segment, summaries start with it, and every id (report, alert, episode, and
 * the ids alerts refer to) is re-derived from the id and the segment, so ids stay deterministic and do not
 * collide with the whole population's. Retraining is asked by the whole population only: a slice's requests
 * are dropped.
 */
export function stampSegment(out: EngineOutput, segment: Segment): EngineOutput {
  const text = segmentText(segment);
  const id = (base: string) => createHash('sha256').update(JSON.stringify([base, segment.attribute, segment.value])).digest('hex').slice(0, 32);
  const refer = (details: Record<string, string>) => {
    const mapped = { ...details };
    for (const key of ['escalates', 'resolves']) if (mapped[key] !== undefined) mapped[key] = id(mapped[key]);
    return mapped;
  };
  return {
    ...out,
    reports: out.reports.map((r) => ({ ...r, report_id: id(r.report_id), segment })),
    alerts: out.alerts.map((a) => ({
      ...a, alert_id: id(a.alert_id), episode_id: a.episode_id === null ? null : id(a.episode_id), details: refer(a.details), segment,
      summary: a.summary.startsWith('Resolved: ') ? `Resolved: [${text}] ${a.summary.slice('Resolved: '.length)}` : `[${text}] ${a.summary}`,
    })),
    retrainRequests: [],
  };
}
