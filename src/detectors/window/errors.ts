/** A window state was combined with, or read against, a reference other than the one it was built on. */
export class ReferenceMismatchError extends Error {
  override name = 'ReferenceMismatchError';
}

/** A statistic was asked of a window that holds no usable value. */
export class EmptyWindowError extends Error {
  override name = 'EmptyWindowError';
}

/** Window sizes, hops or lateness out of range, or an event time that is not a finite number. */
export class InvalidWindowError extends Error {
  override name = 'InvalidWindowError';
}
