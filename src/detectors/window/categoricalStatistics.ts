import { chiSquareFromRows } from '../stats/chiSquareFromRows.ts';
import { jensenShannon } from '../stats/index.ts';
import type { CategoricalReference } from '../reference/categoricalReference.ts';
import type { CategoricalWindowState } from './categoricalWindowState.ts';
import { EmptyWindowError } from './errors.ts';

/** Window-versus-reference statistics for a categorical feature, over the union of both sides' categories. */

function requireValues(window: CategoricalWindowState): void {
  if (window.count === 0) throw new EmptyWindowError('the window holds no non-missing value');
}

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  dof: number;
}

/** Chi-square test of homogeneity (no continuity correction); unseen categories have reference count 0. */
export function chiSquareOfWindow(reference: CategoricalReference, window: CategoricalWindowState): ChiSquareResult {
  requireValues(window);
  const { p, q } = alignedRows(reference, window);
  return chiSquareFromRows(p, q);
}

/** Jensen–Shannon distance (base 2, in [0, 1]) between the reference's and the window's category shares. */
export function jensenShannonOfWindow(reference: CategoricalReference, window: CategoricalWindowState): number {
  requireValues(window);
  const { p, q } = alignedRows(reference, window);
  return jensenShannon(p, q);
}

/** Reference counts and window counts per category: the reference's categories, then the window's unseen ones. */
export function alignedRows(reference: CategoricalReference, window: CategoricalWindowState): { p: Float64Array; q: Float64Array } {
  const size = reference.counts.length + window.unseen.size;
  const p = new Float64Array(size);
  const q = new Float64Array(size);
  p.set(reference.counts);
  q.set(window.counts);
  let i = reference.counts.length;
  for (const v of window.unseen.values()) q[i++] = v;
  return { p, q };
}
