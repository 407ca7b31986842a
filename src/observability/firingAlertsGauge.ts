import { Gauge, type Registry } from 'prom-client';
import type { MonitorStatus } from './monitorBoard.ts';

const SEVERITIES = ['info', 'warning', 'critical'] as const;

/**
 * `driftwatch_firing_alerts{model_id,severity}`: alerts firing now (an episode counts once, at its latest
 * severity), as /monitors lists them. Every configured model has its three series from the start, at 0.
 */
export class FiringAlertsGauge {
  readonly #gauge: Gauge<'model_id' | 'severity'>;
  readonly #models: readonly string[];

  constructor(registry: Registry, models: readonly string[]) {
    this.#models = models;
    this.#gauge = new Gauge({
      name: 'driftwatch_firing_alerts',
      help: 'Alerts firing now (episodes not resolved), by model and severity, for the partitions this instance owns.',
      labelNames: ['model_id', 'severity'],
      registers: [registry],
    });
    this.update([]);
  }

  update(monitors: readonly MonitorStatus[]): void {
    for (const model_id of this.#models) {
      for (const severity of SEVERITIES) {
        let count = 0;
        for (const m of monitors) if (m.model_id === model_id) for (const a of m.firing_alerts) if (a.severity === severity) count++;
        this.#gauge.set({ model_id, severity }, count);
      }
    }
  }
}
