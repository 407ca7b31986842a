/**
 * ln Γ(a) for a > 0: Stirling's series (through the 1/a^13 term) at a ≥ 12, and the recurrence
 * Γ(a) = Γ(a + k) / (a (a+1) … (a+k−1)) below. Absolute error ≈ 1e−15·max(1, |ln Γ(a)|).
 * Returns NaN for a ≤ 0 or NaN.
 */
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export function logGamma(a: number): number {
  if (!(a > 0)) return NaN;
  if (a === Infinity) return Infinity;
  let shift = 0;
  if (a < 12) {
    let product = 1;
    while (a < 12) {
      product *= a;
      a += 1;
    }
    shift = Math.log(product);
  }
  const r = 1 / a;
  const r2 = r * r;
  const series =
    r *
    (1 / 12 +
      r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156)))))));
  return (a - 0.5) * Math.log(a) - a + HALF_LOG_2PI + series - shift;
}
