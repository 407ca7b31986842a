export { NumericReference, NUMERIC_REFERENCE_DEFAULTS } from './numericReference.ts';
export type { NumericReferenceOptions } from './numericReference.ts';
export { CategoricalReference, categoryKey } from './categoricalReference.ts';
export type { CategoryValue } from './categoricalReference.ts';
export { InvalidReferenceError } from './errors.ts';
export { CorruptStateError } from './byteCodec.ts';
export { bucketOf } from './buckets.ts';
