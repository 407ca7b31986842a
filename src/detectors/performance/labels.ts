/** A class label as it arrives in prediction and label events. */
export type Label = string | number | boolean;

/** Labels are compared by their string form, so 1, 1.0 and "1" are the same class. */
export function labelKey(label: Label): string {
  return String(label);
}

export class InvalidPairError extends Error {
  override name = 'InvalidPairError';
}
