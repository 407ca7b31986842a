import assert from 'node:assert/strict';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Kafka } from 'kafkajs';
import type { AlertRecord } from '../../src/contracts/events.ts';
import type { RetrainRequestRecord, WindowReportRecord } from '../../src/contracts/reports.ts';
import { readJsonl } from './eventFiles.ts';
import { readTopic } from './topicReader.ts';

/** A run's window reports, alerts and retraining requests, each by its id (see recordsById). */
export interface OutputRecords {
  reports: Map<string, unknown>;
  alerts: Map<string, unknown>;
  retrains: Map<string, unknown>;
}

/**
 * Output records by id, without created_at (the wall clock at publication) and replay's `type` tag, as plain
 * JSON data: what serve published and replay wrote compare equal record by record. A record published twice
 * (after a restart) must be identical.
 */
export function recordsById(records: readonly object[], id: (r: Record<string, unknown>) => string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const r of records) {
    const { created_at: _c, type: _t, ...rest } = r as Record<string, unknown>;
    const key = id(r as Record<string, unknown>);
    const plain = JSON.parse(JSON.stringify(rest));
    if (out.has(key)) assert.deepEqual(plain, out.get(key), `${key} published twice is identical`);
    out.set(key, plain);
  }
  return out;
}

/** What serve published to its output topics. */
export async function servedOutputs(kafka: Kafka, registry: SchemaRegistry, topics: { windows: string; alerts: string; retrain: string }): Promise<OutputRecords> {
  return {
    reports: recordsById(await readTopic<WindowReportRecord>(kafka, registry, topics.windows), (r) => r.report_id as string),
    alerts: recordsById(await readTopic<AlertRecord>(kafka, registry, topics.alerts), (r) => r.alert_id as string),
    retrains: recordsById(await readTopic<RetrainRequestRecord>(kafka, registry, topics.retrain), (r) => r.request_id as string),
  };
}

/** What `driftwatch replay --out` wrote (JSON lines tagged by `type`). */
export function replayedOutputs(outFile: string): OutputRecords {
  const lines = readJsonl<{ type: string }>(outFile);
  return {
    reports: recordsById(lines.filter((l) => l.type === 'window_report'), (r) => r.report_id as string),
    alerts: recordsById(lines.filter((l) => l.type === 'alert'), (r) => r.alert_id as string),
    retrains: recordsById(lines.filter((l) => l.type === 'retrain_request'), (r) => r.request_id as string),
  };
}

/** The same records, id by id, in both runs. */
export function assertSameOutputs(replayed: OutputRecords, served: OutputRecords): void {
  for (const kind of ['reports', 'alerts', 'retrains'] as const) {
    assert.deepEqual([...replayed[kind].keys()].sort(), [...served[kind].keys()].sort(), `the same ${kind}`);
    for (const [id, record] of served[kind]) assert.deepEqual(replayed[kind].get(id), record, `${kind} ${id} is identical`);
  }
}
