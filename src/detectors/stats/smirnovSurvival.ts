/**
 * One-sided one-sample Kolmogorov–Smirnov survival function P(D+_n ≥ x), as scipy.special.smirnov(n, x).
 *
 * Exact Smirnov / Birnbaum–Tingey sum, every term positive:
 *   P(D+_n ≥ x) = x · Σ_{v=0}^{⌈n(1−x)⌉−1} C(n, v) · (x + v/n)^(v−1) · (1 − x − v/n)^(n−v),
 * evaluated in log space (so it neither overflows nor underflows before the final exp), with n·x split
 * exactly into integer and fractional parts so the bases 1 − x − v/n keep full relative precision.
 * Special cases follow scipy: x ≤ 1/n: 1 − x(1+x)^(n−1); x ≥ 1 − 1/n: (1−x)^n; tail beyond exp(−2nx²) <
 * 1e−308 → 0; n > 1e6: the approximation exp(−(6nx+1)² / 18n).
 * Returns NaN outside n ≥ 1, 0 ≤ x ≤ 1.
 */
const MIN_LOG = -745.1332191019412; // log(2^-1075): below it the tail underflows even as a subnormal
const MAX_EXACT_N = 1_000_000;

export function smirnovSurvival(n: number, x: number): number {
  if (!(n > 0 && Number.isInteger(n) && x >= 0 && x <= 1)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;

  const [whole, frac] = splitProduct(n, x);
  if (whole === 0 || (whole === 1 && frac === 0)) {
    return clip01(1 - x * Math.pow(1 + x, n - 1));
  }
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (whole >= n - 1) return clip01(Math.pow(1 - x, n));
  if (n > MAX_EXACT_N) {
    const logp = -Math.pow(6 * n * x + 1, 2) / 18 / n;
    return clip01(logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp));
  }

  const terms = n - whole;
  const logTerms = new Float64Array(terms);
  const logN = Math.log(n);
  let logBinomial = 0;
  let logBinomialError = 0;
  let maxLog = -Infinity;
  for (let v = 0; v < terms; v++) {
    if (v > 0) {
      // Kahan-compensated: up to a million increments
      const y = Math.log((n - v + 1) / v) - logBinomialError;
      const t = logBinomial + y;
      logBinomialError = t - logBinomial - y;
      logBinomial = t;
    }
    const up = v + whole + frac; // n·(x + v/n)
    const down = n - v - whole - frac; // n·(1 − x − v/n): exact integer part minus the fraction
    // up + down = n, so the log of whichever base is near 1 comes from log1p of the other: no cancellation
    const logUp = down < up ? Math.log1p(-down / n) : Math.log(up) - logN;
    const logDown = up < down ? Math.log1p(-up / n) : Math.log(down) - logN;
    const t = logBinomial + (v - 1) * logUp + (n - v) * logDown;
    logTerms[v] = t;
    if (t > maxLog) maxLog = t;
  }
  let scaled = 0;
  for (let v = 0; v < terms; v++) scaled += Math.exp(logTerms[v] - maxLog);
  return clip01(Math.exp(Math.log(x) + maxLog + Math.log(scaled)));
}

/** n·x as whole + frac with whole an integer and 0 ≤ frac < 1, exact up to the final rounding of frac. */
function splitProduct(n: number, x: number): [number, number] {
  const hi = n * x;
  const lo = twoProductError(n, x, hi);
  let whole = Math.floor(hi);
  let frac = hi - whole + lo;
  if (frac < 0) {
    whole -= 1;
    frac += 1;
  }
  if (frac >= 1) {
    whole += 1;
    frac -= 1;
  }
  return [whole, frac];
}

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp splitting

/** Exact rounding error of a·b (Dekker): a·b = product + error exactly. */
function twoProductError(a: number, b: number, product: number): number {
  let t = SPLITTER * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLITTER * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  return aHi * bHi - product + aHi * bLo + aLo * bHi + aLo * bLo;
}

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
