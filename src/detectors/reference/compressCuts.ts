/**
 * Picks at most `maxCutPoints` of a reference's distinct values as cut points, so windows stay small
 * when the reference is (nearly) continuous. Greedy in value order: a value becomes a cut once the
 * reference mass gathered since the previous cut reaches n / (maxCutPoints − 2); the minimum and the
 * maximum are always cuts. So every open interval between consecutive cuts holds less than
 * 1 / (maxCutPoints − 2) of the reference, which bounds how far KS against the compressed reference
 * can move from KS against the full one.
 */
export function compressCuts(distinct: Float64Array, counts: Float64Array, n: number, maxCutPoints: number): Float64Array {
  if (distinct.length <= maxCutPoints) return distinct;
  const target = n / (maxCutPoints - 2);
  const cuts: number[] = [distinct[0]];
  let gathered = counts[0];
  const last = distinct.length - 1;
  for (let i = 1; i < last; i++) {
    gathered += counts[i];
    if (gathered >= target) {
      cuts.push(distinct[i]);
      gathered = 0;
    }
  }
  cuts.push(distinct[last]);
  return Float64Array.from(cuts);
}

/** Sorted union of two sorted, duplicate-free arrays. */
export function mergeSortedUnique(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let v: number;
    if (j >= b.length || (i < a.length && a[i] < b[j])) v = a[i++];
    else if (i >= a.length || b[j] < a[i]) v = b[j++];
    else {
      v = a[i++];
      j++;
    }
    if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  }
  return Float64Array.from(out);
}
