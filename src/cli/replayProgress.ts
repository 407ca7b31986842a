import cliProgress from 'cli-progress';
import { formatCount } from '../detectors/common/format.ts';

export interface ReplayProgress {
  /** Records read so far (events and labels). Cheap to call per record: the bar redraws at most 10 times a second. */
  update(read: number): void;
  stop(): void;
}

const SILENT: ReplayProgress = { update: () => {}, stop: () => {} };

/**
 * A progress bar on `stream` (records, rate, ETA) when it is a terminal; silent otherwise, so logs and
 * pipes get only the closing summary. `total` is the records expected (an estimate is fine: it drives the ETA).
 */
export function replayProgress(stream: NodeJS.WriteStream, total: number): ReplayProgress {
  if (!stream.isTTY) return SILENT;
  const started = performance.now();
  const bar = new cliProgress.SingleBar({
    stream,
    format: 'replay {bar} {percentage}% | {records} of {all} records | {rate}/s | ETA {eta_formatted}',
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
    fps: 10,
  }, cliProgress.Presets.shades_classic);
  bar.start(Math.max(1, total), 0, { records: '0', all: formatCount(total), rate: '0' });
  let lastShown = started;
  return {
    update(read) {
      const now = performance.now();
      if (now - lastShown < 100) return;
      lastShown = now;
      const rate = Math.round((read * 1000) / Math.max(1, now - started));
      bar.update(Math.min(read, Math.max(1, total)), { records: formatCount(read), rate: formatCount(rate) });
    },
    stop() {
      bar.stop();
    },
  };
}
