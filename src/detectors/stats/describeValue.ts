/** How a bad input value is shown in error messages: numbers as written (keeping -0), strings quoted, else the type. */
export function describeValue(x: unknown): string {
  if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x);
  if (typeof x === 'string') return JSON.stringify(x);
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  return typeof x;
}
