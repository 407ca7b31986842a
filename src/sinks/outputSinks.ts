import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Producer } from 'kafkajs';
import type { DriftwatchConfig } from '../config/configSchema.ts';
import type { AlertRecord, DeadLetterRecord } from '../contracts/events.ts';
import type { RetrainRequestRecord, WindowReportRecord } from '../contracts/reports.ts';
import { AvroTopicSink } from './avroTopicSink.ts';

export interface Outputs {
  reports: readonly WindowReportRecord[];
  alerts: readonly AlertRecord[];
  retrainRequests: readonly RetrainRequestRecord[];
  deadLetters: readonly { key: string; letter: DeadLetterRecord }[];
}

/** The four output topics of the service, each Avro with its registered contract, keyed by model id. */
export class OutputSinks {
  readonly #alerts: AvroTopicSink<AlertRecord>;
  readonly #reports: AvroTopicSink<WindowReportRecord>;
  readonly #retrain: AvroTopicSink<RetrainRequestRecord>;
  readonly #deadLetters: AvroTopicSink<DeadLetterRecord>;

  /** `maxRequestBytes`: bytes of records in one produce request (limits.deadLetter.maxRequestBytes). */
  constructor(producer: Producer, registry: SchemaRegistry, topics: DriftwatchConfig['topics'], maxRequestBytes?: number) {
    this.#alerts = new AvroTopicSink(producer, registry, topics.alerts, 'Alert', maxRequestBytes);
    this.#reports = new AvroTopicSink(producer, registry, topics.windows, 'WindowReport', maxRequestBytes);
    this.#retrain = new AvroTopicSink(producer, registry, topics.retrain, 'RetrainRequest', maxRequestBytes);
    this.#deadLetters = new AvroTopicSink(producer, registry, topics.deadLetter, 'DeadLetter', maxRequestBytes);
  }

  async prepare(): Promise<void> {
    for (const sink of [this.#alerts, this.#reports, this.#retrain, this.#deadLetters]) await sink.prepare();
  }

  /** Resolves once every record is acknowledged by all in-sync replicas. `headers` go on every message (e.g. `traceparent`). */
  async publish(outputs: Outputs, headers: Record<string, string> = {}): Promise<void> {
    await Promise.all([
      this.#reports.publish(outputs.reports.map((r) => ({ key: r.model_id, value: r })), headers),
      this.#alerts.publish(outputs.alerts.map((a) => ({ key: a.model_id, value: a })), headers),
      this.#retrain.publish(outputs.retrainRequests.map((r) => ({ key: r.model_id, value: r })), headers),
      this.#deadLetters.publish(outputs.deadLetters.map(({ key, letter }) => ({ key, value: letter })), headers),
    ]);
  }
}
