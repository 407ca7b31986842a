/**
 * Survival function of the chi-square distribution, P(X ≥ x) for X ~ χ²(dof), as scipy.stats.chi2.sf(x, dof)
 * (= scipy.special.chdtrc): the regularised upper incomplete gamma function Q(dof/2, x/2).
 *
 * With a = dof/2 and y = x/2: for y < a + 1, Q = 1 − P with P from its power series; otherwise Q from
 * its continued fraction (modified Lentz). The prefactor y^a e^{−y} / Γ(a) is combined in log space, so
 * Q keeps ~1e−12 relative accuracy down to ~1e−300; like scipy (cephes igamc) it returns 0 once
 * y^a e^{−y} / Γ(a) < e^{−709.78}, rather than a subnormal.
 * dof > 0 (not necessarily an integer); x ≤ 0 gives 1, x = ∞ gives 0. Throws InvalidArgumentError on a
 * NaN x or a dof that is not a positive finite number.
 */
import { describeValue } from './describeValue.ts';
import { InvalidArgumentError } from './errors.ts';
import { logGamma } from './logGamma.ts';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_LOG = 709.782712893384; // ln(2^1024)

export function chiSquareSurvival(x: number, dof: number): number {
  if (typeof x !== 'number' || Number.isNaN(x)) {
    throw new InvalidArgumentError('x', `x must be a number, got ${describeValue(x)}`, x);
  }
  if (typeof dof !== 'number' || !(dof > 0) || !Number.isFinite(dof)) {
    throw new InvalidArgumentError('dof', `dof must be a positive finite number of degrees of freedom, got ${describeValue(dof)}`, dof);
  }
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  const a = dof / 2;
  const y = x / 2;
  const logPrefactor = a * Math.log(y) - y - logGamma(a);
  if (y < a + 1) return Math.min(1, Math.max(0, 1 - lowerSeries(a, y, logPrefactor)));
  if (logPrefactor < -MAX_LOG) return 0; // as cephes igamc: no subnormal results
  return Math.min(1, upperContinuedFraction(a, y, logPrefactor));
}

/** P(a, y) = y^a e^{−y}/Γ(a+1) · Σ_k y^k / ((a+1)…(a+k)). */
function lowerSeries(a: number, y: number, logPrefactor: number): number {
  let term = 1;
  let sum = 1;
  const maxIterations = 1000 + 20 * Math.ceil(Math.sqrt(a));
  for (let k = 1; k < maxIterations; k++) {
    term *= y / (a + k);
    sum += term;
    if (term < sum * EPS) break;
  }
  return Math.exp(logPrefactor + Math.log(sum / a));
}

/** Q(a, y) = y^a e^{−y}/Γ(a) · 1/(y+1−a− 1·(1−a)/(y+3−a− 2·(2−a)/(y+5−a− …))), modified Lentz. */
function upperContinuedFraction(a: number, y: number, logPrefactor: number): number {
  let b = y + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  const maxIterations = 1000 + 20 * Math.ceil(Math.sqrt(a));
  for (let i = 1; i < maxIterations; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(logPrefactor + Math.log(h));
}
