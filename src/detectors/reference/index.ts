export { NumericReference, NUMERIC_REFERENCE_DEFAULTS } from './numericReference.ts';
export type { NumericReferenceOptions } from './numericReference.ts';
export { CategoricalReference, categoryKey } from './categoricalReference.ts';
export type { CategoryValue } from './categoricalReference.ts';
export { InvalidReferenceError } from './errors.ts';
export { StateDecodeError } from '../common/stateCodec.ts';
export { bucketOf } from './buckets.ts';
