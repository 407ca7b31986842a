import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { loadConfig } from '../../config/loadConfig.ts';
import type { AlertRecord } from '../../contracts/events.ts';
import type { RetrainRequestRecord, WindowReportRecord } from '../../contracts/reports.ts';
import type { RejectedRecord } from '../../consumers/fileEvents/readEvents.ts';
import { estimateRecordCount } from '../../consumers/fileEvents/recordCount.ts';
import { replayFiles, type ReplayCounts } from '../../consumers/replayFiles.ts';
import type { EngineOutput } from '../../monitor/engineOutput.ts';
import type { EventStream } from '../../monitor/monitorEngine.ts';
import { writeHtmlReport } from '../../sinks/htmlReport/writeHtmlReport.ts';
import { replayProgress } from '../replayProgress.ts';
import { replaySummary } from '../replaySummary.ts';
import { ReplayTally } from '../replayTally.ts';

export interface ReplayOptions {
  config: string;
  events: string;
  labels?: string;
  stream: EventStream;
  out?: string;
  /** Also write a self-contained HTML report here. */
  report?: string;
}

export interface ReplayResult {
  counts: ReplayCounts;
  rejected: RejectedRecord[];
  tally: ReplayTally;
  elapsedMs: number;
}

/**
 * `driftwatch replay`: runs the monitor engine over files (see replayFiles) and writes one JSON line per
 * window report, alert and retraining request to stdout or --out, and the HTML report to --report.
 * Rejected records, a progress bar (on a terminal) and the closing summary go to stderr.
 */
export async function replayCommand(options: ReplayOptions): Promise<void> {
  const result = await replay(options, 'driftwatch replay');
  process.stderr.write(`${countsLine('driftwatch replay', result)}\n${replaySummary(result.tally)}`);
  if (options.report) process.stderr.write(`  report: ${options.report}\n`);
}

/** The replay itself, without the closing summary: `driftwatch demo` runs this too. */
export async function replay(options: ReplayOptions, name: string): Promise<ReplayResult> {
  const started = performance.now();
  const config = await loadConfig(options.config);
  const rejected: RejectedRecord[] = [];
  // JSON lines scrolling on the same terminal would tear the bar: it is shown when they go to a file or a pipe.
  const total = process.stderr.isTTY && (options.out !== undefined || !process.stdout.isTTY) ? await estimateTotal(options) : undefined;
  const progress = total === undefined ? undefined : replayProgress(process.stderr, total);
  const onRejected = (r: RejectedRecord) => {
    rejected.push(r);
    process.stderr.write(`${name}: skipped ${r.location}: ${r.message}\n`);
  };
  const out: Writable = options.out ? createWriteStream(options.out) : process.stdout;
  const tally = new ReplayTally(config.monitors);
  const kept = options.report ? { reports: [] as WindowReportRecord[], alerts: [] as AlertRecord[], retrainRequests: [] as RetrainRequestRecord[] } : undefined;
  const write = (output: EngineOutput) => {
    for (const r of output.reports) out.write(`${JSON.stringify({ type: 'window_report', ...r })}\n`);
    for (const a of output.alerts) out.write(`${JSON.stringify({ type: 'alert', ...a })}\n`);
    for (const q of output.retrainRequests) out.write(`${JSON.stringify({ type: 'retrain_request', ...q })}\n`);
    tally.add(output);
    if (kept) {
      kept.reports.push(...output.reports);
      kept.alerts.push(...output.alerts);
      kept.retrainRequests.push(...output.retrainRequests);
    }
  };
  let counts: ReplayCounts;
  try {
    counts = await replayFiles({
      config, configPath: options.config, events: options.events, labels: options.labels, stream: options.stream,
      onOutput: write, onRejected, ...(progress ? { onProgress: (events: number, labels: number) => progress.update(events + labels) } : {}),
    });
  } finally {
    progress?.stop();
  }
  if (out !== process.stdout) {
    out.end();
    await finished(out);
  }
  if (options.report && kept) {
    await writeHtmlReport(options.report, {
      monitors: config.monitors,
      source: { config: options.config, events: options.events, ...(options.labels ? { labels: options.labels } : {}) },
      counts: { ...counts, skipped: rejected.length },
      ...kept,
    });
  }
  return { counts, rejected, tally, elapsedMs: performance.now() - started };
}

/** Records in the input files, for the bar's ETA; undefined (no bar) when a file cannot be read: reading it reports why. */
async function estimateTotal(options: ReplayOptions): Promise<number | undefined> {
  try {
    return (await estimateRecordCount(options.events)) + (options.labels ? await estimateRecordCount(options.labels) : 0);
  } catch {
    return undefined;
  }
}

export function countsLine(name: string, { counts, rejected }: Pick<ReplayResult, 'counts' | 'rejected'>): string {
  return `${name}: ${counts.events} events, ${counts.labels} labels (${counts.joined} joined, ${counts.orphan} orphan, ${counts.late} late${counts.unsampled > 0 ? `, ${counts.unsampled} unsampled` : ''}), ${rejected.length} records skipped`;
}
