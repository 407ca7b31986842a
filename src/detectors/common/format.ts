/** How numbers read in finding summaries, the same in every detector. */

/** 4 significant digits; plain decimals for magnitudes in [1e-4, 1e7), exponent form outside. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e7) return String(Number(value.toPrecision(4)));
  return value.toPrecision(4);
}

/** Counts with thousands separators: 12,345. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
