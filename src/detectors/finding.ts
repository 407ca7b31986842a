/**
 * What every detector reports when it evaluates a window: one finding per metric it computed.
 * A finding whose severity is 'none' is within its threshold; it still goes into the window report
 * and resolves an alert that was firing.
 */
export type Severity = 'info' | 'warning' | 'critical';
export type FindingSeverity = Severity | 'none';

/** The window a finding was computed on. Event-time windows use ms since the epoch; count windows use event sequence numbers. */
export interface WindowBounds {
  start: number;
  end: number;
  count: number;
}

export interface Finding {
  /** Detector that produced it, e.g. 'drift.psi', 'quality.missing_share', 'trend.slope'. */
  detector: string;
  /** Feature (or 'prediction.score' / 'prediction.label') the finding is about; absent for model-level findings. */
  feature?: string;
  /** Name of the computed quantity, e.g. 'psi', 'ks_p_value', 'accuracy_slope'. */
  metric: string;
  value: number;
  /** The bound the value was compared with (for the severity that applies, or the warning bound when 'none'). */
  threshold: number;
  severity: FindingSeverity;
  /** For hypothesis tests: the p-value, so false-discovery control can run across features. */
  pValue?: number;
  window: WindowBounds;
  /** One human sentence an on-call engineer can act on. */
  summary: string;
  details?: Record<string, number | string | boolean>;
}
