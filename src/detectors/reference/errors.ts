/** A reference profile could not be built: no usable values, or options out of range. */
export class InvalidReferenceError extends Error {
  override name = 'InvalidReferenceError';
}
