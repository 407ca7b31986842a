import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { loadConfig } from '../../config/loadConfig.ts';
import type { LabelEvent, PredictionEvent } from '../../contracts/events.ts';
import { readLabelEvents, readPredictionEvents, type RejectedRecord } from '../../consumers/fileEvents/readEvents.ts';
import { loadReferenceEvents } from '../../consumers/referenceEvents.ts';
import type { EngineOutput } from '../../monitor/engineOutput.ts';
import { MonitorEngine, type EventStream, type JoinedPrediction } from '../../monitor/monitorEngine.ts';
import { MonitorLimitError } from '../../monitor/monitorLimitError.ts';

export interface ReplayOptions {
  config: string;
  events: string;
  labels?: string;
  stream: EventStream;
  out?: string;
}

/**
 * Runs the monitor engine over files, with no Kafka and no Redis: the same code path as `serve` from a
 * decoded event to findings. Events (and labels) are taken in file order; labels are interleaved with the
 * events by timestamp (both files are expected in time order) and joined in memory. Writes one JSON line
 * per window report, alert and retraining request; rejected records are reported on stderr.
 */
export async function replayCommand(options: ReplayOptions): Promise<void> {
  const config = await loadConfig(options.config);
  const rejected: RejectedRecord[] = [];
  const onRejected = (r: RejectedRecord) => {
    rejected.push(r);
    process.stderr.write(`driftwatch replay: skipped ${r.location}: ${r.message}\n`);
  };
  const engine = new MonitorEngine({ monitors: config.monitors, state: config.state, privacy: config.privacy, referenceEvents: await loadReferenceEvents(config.monitors, options.config, onRejected) });
  const out: Writable = options.out ? createWriteStream(options.out) : process.stdout;
  const write = (output: EngineOutput) => {
    for (const r of output.reports) out.write(`${JSON.stringify({ type: 'window_report', ...r })}\n`);
    for (const a of output.alerts) out.write(`${JSON.stringify({ type: 'alert', ...a })}\n`);
    for (const q of output.retrainRequests) out.write(`${JSON.stringify({ type: 'retrain_request', ...q })}\n`);
  };

  const mapped = config.monitors.filter((m) => m.mapping);
  const mapping = mapped.length === 1 ? { mapping: mapped[0].mapping!, modelId: mapped[0].model } : undefined;
  const events = readPredictionEvents(options.events, { mapping, onRejected })[Symbol.asyncIterator]();
  const labels = options.labels ? readLabelEvents(options.labels, { onRejected })[Symbol.asyncIterator]() : undefined;
  const joins = new Map<string, JoinedPrediction>();
  let nextEvent = await events.next();
  let nextLabel = labels ? await labels.next() : undefined;
  let eventPosition = 0;
  let labelPosition = 0;
  let counts = { events: 0, labels: 0, joined: 0, orphan: 0, late: 0, unsampled: 0 };
  while (!nextEvent.done || (nextLabel && !nextLabel.done)) {
    const takeLabel = nextLabel && !nextLabel.done && (nextEvent.done || nextLabel.value.label.timestamp < nextEvent.value.event.timestamp);
    if (takeLabel) {
      const label: LabelEvent = nextLabel!.value!.label;
      const key = JSON.stringify([label.model_id, label.event_id]);
      const { outcome, output } = engine.ingestLabel(label, joins.get(key), labelPosition++);
      if (outcome === 'joined') joins.delete(key);
      if (outcome !== 'unmonitored') counts = { ...counts, labels: counts.labels + 1, [outcome]: counts[outcome] + 1 };
      write(output);
      nextLabel = await labels!.next();
    } else {
      const event: PredictionEvent = nextEvent.value!.event;
      if (options.stream === 'predictions' && engine.joinTtlMs(event.model_id) !== undefined && engine.admitJoin(event.model_id, event.event_id)) {
        joins.set(JSON.stringify([event.model_id, event.event_id]), {
          modelVersion: event.model_version, timestamp: event.timestamp, score: event.prediction.score, label: event.prediction.label,
        });
      }
      try {
        write(engine.ingest(options.stream, event, eventPosition++));
      } catch (error) {
        if (!(error instanceof MonitorLimitError)) throw error;
        onRejected({ location: `event ${eventPosition - 1}`, kind: 'limit', message: error.message });
      }
      counts.events++;
      nextEvent = await events.next();
    }
  }
  write(engine.flush());
  if (out !== process.stdout) {
    out.end();
    await finished(out);
  }
  process.stderr.write(`driftwatch replay: ${counts.events} events, ${counts.labels} labels (${counts.joined} joined, ${counts.orphan} orphan, ${counts.late} late${counts.unsampled > 0 ? `, ${counts.unsampled} unsampled` : ''}), ${rejected.length} records skipped\n`);
}
