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

/** A saved feature window state, read against the reference it was built on. */
export function restoreFeatureWindow(bytes: Uint8Array, reference: FeatureReference): FeatureWindow {
  return reference instanceof NumericReference
    ? NumericWindowState.fromBytes(bytes, reference)
    : CategoricalWindowState.fromBytes(bytes, reference as CategoricalReference);
}
