/**
 * A saved series detector that does not fit the current config: the config asks for another kind (say
 * anomaly.method went from ewma to robust_z), for none, or for one the state did not have. The monitor
 * restores what fits and starts the rest fresh; the warning tells the operator what was forgotten.
 */
export interface DetectorRestoreWarning {
  /** The series: a window aggregate ('positive_rate') or a performance metric ('accuracy'). */
  series: string;
  /** Kind in the saved state ('anomaly.ewma'); null when the state had no detector of the configured kind. */
  saved: string | null;
  /** Kind the config asks for; null when it asks for none any more. */
  configured: string | null;
  message: string;
}

export function detectorRestoreWarning(series: string, saved: string | null, configured: string | null): DetectorRestoreWarning {
  const message = saved !== null && configured !== null
    ? `saved ${saved} state of ${series} is not the configured ${configured}: ${configured} starts fresh`
    : saved !== null
      ? `saved ${saved} state of ${series} is no longer configured: dropped`
      : `no saved ${configured} state of ${series}: it starts fresh`;
  return { series, saved, configured, message };
}
