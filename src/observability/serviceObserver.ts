import { ConsumerLag } from './consumerLag.ts';
import { DriftGauges } from './driftGauges.ts';
import { FiringAlertsGauge } from './firingAlertsGauge.ts';
import type { DriftwatchMetrics } from './metrics.ts';
import { MonitorBoard, type BoardOutputs } from './monitorBoard.ts';

export interface ServiceObserverOptions {
  metrics: DriftwatchMetrics;
  /** The configured model ids (listed by /monitors before their first report). */
  models: readonly string[];
  maxDriftSeries: number;
}

/**
 * What the running service tells the outside after each batch and rebalance: consumer lag, the last window's
 * drift and quality gauges, the firing alerts gauge and the board behind GET /monitors.
 */
export class ServiceObserver {
  readonly board: MonitorBoard;
  readonly #lag: ConsumerLag;
  readonly #drift: DriftGauges;
  readonly #firing: FiringAlertsGauge;

  constructor({ metrics, models, maxDriftSeries }: ServiceObserverOptions) {
    this.board = new MonitorBoard(models);
    this.#lag = new ConsumerLag(metrics);
    this.#drift = new DriftGauges(metrics.registry, { maxSeries: maxDriftSeries });
    this.#firing = new FiringAlertsGauge(metrics.registry, models);
  }

  /** A batch applied, published, checkpointed and committed up to `lastOffset`. */
  batchDone(topic: string, partition: number, highWatermark: string, lastOffset: string, outputs: BoardOutputs): void {
    this.#lag.afterBatch(topic, partition, highWatermark, lastOffset);
    for (const report of outputs.reports) this.#drift.record(report);
    this.board.record(topic, partition, outputs);
    if (outputs.alerts.length > 0) this.#firing.update(this.board.list());
  }

  /** See ConsumerLag.refresh. */
  refreshLag(highWatermarks: (topic: string) => Promise<{ partition: number; offset: string }[]>): Promise<void> {
    return this.#lag.refresh(highWatermarks);
  }

  assigned(assignment: Record<string, readonly number[]>): void {
    this.#lag.assigned(assignment);
    this.board.assigned(assignment);
    this.#firing.update(this.board.list());
  }
}
