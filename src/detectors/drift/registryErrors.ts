/** A drift test cannot be registered: its entry is incomplete or inconsistent, or its name or metric is taken. */
export class InvalidDriftTestError extends Error {
  override name = 'InvalidDriftTestError';
}

/** A drift test named by a detector, a calibration or a config is not registered (for that feature kind). */
export class UnknownDriftTestError extends RangeError {
  override name = 'UnknownDriftTestError';
}
