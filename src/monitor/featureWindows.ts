import { ValueTag, type FieldColumn } from '../contracts/eventBatch.ts';
import type { CategoricalReference } from '../detectors/reference/index.ts';
import { NumericReference } from '../detectors/reference/index.ts';
import { CategoricalWindowState, NumericWindowState } from '../detectors/window/index.ts';
import type { FeatureReference } from './referenceProfile.ts';
import type { FeatureWindow } from './windowPanes.ts';

/** An empty window state for a feature, of the kind its reference is. */
export function newFeatureWindow(reference: FeatureReference): FeatureWindow {
  return reference instanceof NumericReference ? new NumericWindowState(reference) : new CategoricalWindowState(reference);
}

/** Adds an event's value of a feature: a number (or null) to a numeric state, its string form to a categorical one. */
export function applyValue(state: FeatureWindow, value: unknown): void {
  if (state instanceof NumericWindowState) state.update(typeof value === 'number' ? value : null);
  else state.update(value === null || value === undefined ? null : String(value));
}

/**
 * applyValue for the rows `rows` of a column (undefined: no event of the batch has the feature), in row order:
 * the same states as applying each row's value.
 */
export function applyColumn(state: FeatureWindow, column: FieldColumn | undefined, rows: Int32Array): void {
  if (column === undefined) {
    for (let i = 0; i < rows.length; i++) state.update(null);
    return;
  }
  const { tags, numbers, codes, dictionary } = column;
  if (state instanceof NumericWindowState) {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      state.update(tags[r] === ValueTag.number ? numbers[r] : null);
    }
    return;
  }
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const tag = tags[r];
    if (tag === ValueTag.string || tag === ValueTag.boolean) state.update(dictionary[codes[r]]);
    else if (tag === ValueTag.number) state.update(String(numbers[r]));
    else if (tag === ValueTag.other) state.update(String(column.others.get(r)));
    else state.update(null);
  }
}

/** A saved feature window state, read against the reference it was built on. */
export function restoreFeatureWindow(bytes: Uint8Array, reference: FeatureReference): FeatureWindow {
  return reference instanceof NumericReference
    ? NumericWindowState.fromBytes(bytes, reference)
    : CategoricalWindowState.fromBytes(bytes, reference as CategoricalReference);
}
