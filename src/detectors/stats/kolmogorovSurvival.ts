/**
 * Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic, P(D_n ≥ x), as
 * scipy.stats.kstwo.sf(x, n) (scipy 1.17), which follows Simard & L'Ecuyer (2011) in choosing a method:
 * - x ≤ 1/(2n): 1; x ≥ 1: 0; n not a positive integer: NaN;
 * - n·x ≤ 1 or n·x ≥ n − 1: Ruben–Gambino closed forms;
 * - x ≥ 1/2, or n ≤ 140 with n·x² > 4, or n > 140 with 2.2 ≤ n·x² < 370: 2·smirnov(n, x) (exact, the
 *   one-sided events are disjoint or nearly so); n > 140 and n·x² ≥ 370: 0;
 * - n ≤ 140, n·x² ≤ 0.754693, or n ≤ 100000 with n·x^1.5 ≤ 1.4: 1 − Durbin's matrix (Marsaglia–Tsang–Wang);
 * - n ≤ 140, n·x² ≤ 4: 1 − Pomeranz's recursion;
 * - otherwise: 1 − the Pelz–Good asymptotic series.
 * Results are clipped to [0, 1].
 */
import { smirnovSurvival } from './smirnovSurvival.ts';

export function kolmogorovSurvival(x: number, n: number): number {
  if (Number.isNaN(x) || Number.isNaN(n) || !(n >= 1) || !Number.isInteger(n)) return NaN;
  if (x <= 0.5 / n) return 1;
  if (x >= 1) return 0;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      const factor = 2 * t - 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * factor;
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip01(1 - cdf);
  }
  if (t >= n - 1) return clip01(2 * Math.pow(1 - x, n));
  if (x >= 0.5) return clip01(2 * smirnovSurvival(n, x));

  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 0.754693) return clip01(1 - durbinMatrixCdf(n, x));
    if (nx2 <= 4) return clip01(1 - pomeranzCdf(n, x));
    return clip01(2 * smirnovSurvival(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip01(2 * smirnovSurvival(n, x));
  const cdf = n <= 100000 && n * Math.pow(x, 1.5) <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
  return clip01(1 - cdf);
}

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

const LOG_2PI = Math.log(2 * Math.PI);
/** B_{2j} / (2j(2j−1)) for j = 8 … 1: the Stirling series of log n!. */
const STIRLING = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
  -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];

/** log(n! / n^n) by Stirling's series with the n·log n terms cancelled analytically. */
function logFactorialOverPower(n: number): number {
  const r = 1 / n;
  const r2 = r / n;
  let series = 0;
  for (const c of STIRLING) series = series * r2 + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + r * series;
}

const SCALE_EXP = 128;
const BIG = 2 ** SCALE_EXP;
const SMALL = 2 ** -SCALE_EXP;

/** x · 2^e without intermediate overflow or underflow of 2^e. */
function ldexp(x: number, e: number): number {
  while (e > 1000) {
    x *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    x *= 2 ** -1000;
    e += 1000;
  }
  return x * 2 ** e;
}

/**
 * P(D_n < x) by Durbin's matrix method as Marsaglia, Tsang & Wang (2003) evaluate it: with n·x = k − h,
 * 0 ≤ h < 1, m = 2k − 1, the answer is n!/n^n · (H^n)[k−1][k−1] for an m×m matrix H built from h.
 * H^n by repeated squaring, rescaling by 2^128 and tracking the exponent separately.
 */
function durbinMatrixCdf(n: number, x: number): number {
  if (x >= 1) return 1;
  const nd = n * x;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;

  const first = new Float64Array(m); // first column, reversed = last row
  const inverseFactorial = new Float64Array(m); // 1/j! for j = 0 … m−1
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    inverseFactorial[j - 1] = fac;
    fac /= j;
    first[j - 1] = (1 - Math.pow(h, j)) * fac;
  }
  const corner = Math.pow(Math.max(2 * h - 1, 0), m) - 2 * Math.pow(h, m);
  first[m - 1] = (1 + corner) * fac;

  let H = new Float64Array(m * m);
  for (let col = 1; col < m; col++) {
    for (let row = col - 1; row < m; row++) H[row * m + col] = inverseFactorial[row - col + 1];
  }
  for (let row = 0; row < m; row++) H[row * m] = first[row];
  for (let col = 0; col < m; col++) H[(m - 1) * m + col] = first[m - 1 - col];

  let power = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let exponent = 0;
  let hExponent = 0;
  const diag = (k - 1) * m + (k - 1);
  for (let rest = n; rest > 0; rest = Math.floor(rest / 2)) {
    if (rest % 2 === 1) {
      power = matmul(power, H, m);
      exponent += hExponent;
    }
    H = matmul(H, H, m);
    hExponent *= 2;
    if (Math.abs(H[diag]) > BIG) {
      for (let i = 0; i < H.length; i++) H[i] /= BIG;
      hExponent += SCALE_EXP;
    }
  }

  let p = power[diag];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < SMALL) {
      p *= BIG;
      exponent -= SCALE_EXP;
    }
  }
  return ldexp(p, exponent);
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    const rowOut = i * m;
    for (let l = 0; l < m; l++) {
      const ail = a[rowOut + l];
      if (ail === 0) continue;
      const rowB = l * m;
      for (let j = 0; j < m; j++) out[rowOut + j] += ail * b[rowB + j];
    }
  }
  return out;
}

/**
 * P(D_n ≤ x) by Pomeranz's recursion (1974): 2n+1 steps, each a convolution of the previous row with
 * truncated Poisson weights in g/n, 2g/n or (1−2g)/n (g = min(frac(nx), 1 − frac(nx))), over a window of
 * at most 2(⌊nx⌋+1) entries; result n!·V[2n+1][n], with 2^128 rescaling.
 */
function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const size = 2 * (ll + 1);
  const gPow = new Float64Array(size);
  const twoGPow = new Float64Array(size);
  const oneMinusTwoGPow = new Float64Array(size);
  gPow[0] = twoGPow[0] = oneMinusTwoGPow[0] = 1;
  const a = g / n;
  const b = (2 * g) / n;
  const c = (1 - 2 * g) / n;
  for (let i = 1; i < size; i++) {
    gPow[i] = (gPow[i - 1] * a) / i;
    twoGPow[i] = (twoGPow[i - 1] * b) / i;
    oneMinusTwoGPow[i] = (oneMinusTwoGPow[i - 1] * c) / i;
  }

  const window = (i: number): [number, number] => {
    let j1: number;
    let j2: number;
    if (i === 0) {
      j1 = -ll - ceilf - 1;
      j2 = ll + ceilf - 1;
    } else {
      const half = Math.floor((i + 1) / 2);
      if ((i + 1) % 2 === 0) {
        if (half === n + 1) {
          j1 = n - ll - ceilf - 1;
          j2 = n + ll + ceilf - 1;
        } else {
          j1 = half - 1 - ll - roundf - 1;
          j2 = half + ll - 1 + ceilf - 1;
        }
      } else {
        j1 = half - 1 - ll - 1;
        j2 = half + ll + roundf - 1;
      }
    }
    return [Math.max(j1 + 2, 0), Math.min(j2, n)];
  };

  let previous = new Float64Array(size);
  let current = new Float64Array(size);
  current[0] = 1;
  let previousStart = 0;
  let currentStart = 0;
  let exponent = 0;
  let [j1, j2] = window(0);
  for (let i = 1; i <= 2 * n + 1; i++) {
    const k1 = j1;
    [previous, current] = [current, previous];
    [previousStart, currentStart] = [currentStart, previousStart];
    current.fill(0);
    [j1, j2] = window(i);
    const weights = i === 1 || i === 2 * n + 1 ? gPow : i % 2 === 1 ? twoGPow : oneMinusTwoGPow;
    const len = j2 - k1 + 1;
    if (len > 0) {
      // entries j1−k1 … j2−k1 of the full convolution of previous[k1−start …][0, len) with weights[0, len)
      const offset = k1 - previousStart;
      const available = Math.min(len, size - offset);
      let max = 0;
      for (let r = j1 - k1, out = 0; r <= j2 - k1; r++, out++) {
        let s = 0;
        const from = Math.max(0, r - len + 1);
        const to = Math.min(r, available - 1);
        for (let q = from; q <= to; q++) s += previous[offset + q] * weights[r - q];
        current[out] = s;
        if (s > max) max = s;
      }
      if (max > 0 && max < SMALL) {
        for (let q = 0; q < size; q++) current[q] *= BIG;
        exponent -= SCALE_EXP;
      }
      currentStart = previousStart + j1 - k1;
    }
  }

  let answer = current[n - currentStart];
  for (let i = 1; i <= n; i++) {
    if (Math.abs(answer) > BIG) {
      answer *= SMALL;
      exponent += SCALE_EXP;
    }
    answer *= i;
  }
  return ldexp(answer, exponent);
}

/**
 * Pelz–Good (1976) approximation of P(D_n ≤ x): the Li-Chien/Korolyuk expansion
 * K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^1.5, z = x√n, rewritten through Jacobi theta identities into
 * sums in q = exp(−π²/8z²) that converge fast for small z.
 */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -(Math.PI * Math.PI) / 8 / z2;
  if (qlog < -708) return 0;
  const q = Math.exp(qlog);
  const pi2 = Math.PI * Math.PI;
  const pi4 = pi2 * pi2;
  const pi6 = pi4 * pi2;

  const k1a = -z2;
  const k1b = pi2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * pi2) / 4;
  const k2c = (pi4 * (1 - 2 * z2)) / 16;
  const k3d = (pi6 * (5 - 30 * z2)) / 64;
  const k3c = (pi4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (pi2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * Math.pow(z, 8);

  // Horner in q^8k over odd m = 2k − 1: Σ c_m q^(m²)
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k >= 1; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qk = Math.pow(q, 8 * k);
    s0 = s0 * qk + 1;
    s1 = s1 * qk + (k1a + k1b * m2);
    s2 = s2 * qk + (k2a + k2b * m2 + k2c * m4);
    s3 = s3 * qk + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
  }
  const root2pi = Math.sqrt(2 * Math.PI);
  s0 = (s0 * q * root2pi) / z;
  s1 = (s1 * q * root2pi) / (6 * z4);
  s2 = (s2 * q * root2pi) / (72 * Math.pow(z, 7));
  s3 = (s3 * q * root2pi) / (6480 * Math.pow(z, 10));

  // the extra terms over all integers k of K2 and K3, in q' = exp(−π²/2z²)
  const q2 = Math.exp(-pi2 / 2 / z2);
  const sqrt3z = Math.sqrt(3) * z;
  let extra2 = 0;
  let extra3 = 0;
  for (let k = maxk; k >= 1; k--) {
    const k2 = k * k;
    const w = Math.pow(q2, k2);
    const kpi = Math.PI * k;
    extra2 += k2 * w;
    extra3 += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * w;
  }
  s2 += (extra2 * pi2 * root2pi) / (-36 * z3);
  s3 += (extra3 * pi2 * root2pi) / (216 * z6);

  const rootN = Math.sqrt(n);
  return s0 + s1 / rootN + s2 / n + s3 / (n * rootN);
}
