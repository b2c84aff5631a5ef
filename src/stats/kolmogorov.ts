/**
 * Distribution of the Kolmogorov–Smirnov statistic for a sample of size n
 * from a continuous distribution:
 *
 *   D_n  = sup_x |F_n(x) - F(x)|   (two-sided),
 *   D+_n = sup_x (F_n(x) - F(x))   (one-sided, Smirnov).
 *
 * `kolmogorovSmirnovSf(n, d)` = P(D_n >= d) follows the method choice of
 * R. Simard and P. L'Ecuyer, "Computing the two-sided Kolmogorov-Smirnov
 * distribution", Journal of Statistical Software 39(11), 2011: exact
 * closed forms near the ends of the range, the Durbin matrix of G. Marsaglia,
 * W. W. Tsang and J. Wang ("Evaluating Kolmogorov's distribution", Journal of
 * Statistical Software 8(18), 2003) for small n*d^2, the one-sided Smirnov
 * tail doubled where the two tails cannot overlap noticeably, and the
 * Pelz–Good asymptotic series for large n. SciPy 1.17's `kstwo` makes the
 * same choices, so p-values agree with `scipy.stats.kstest` (see the
 * fixtures under fixtures/stats/).
 */
import gammaln from '@stdlib/math-base-special-gammaln';

/**
 * Survival function of the two-sided statistic: P(D_n >= d). Here
 * `n` is the sample size (a positive integer) and `d` is in [0, 1]. Like
 * `scipy.stats.kstwo.sf`, it returns NaN when n is not a positive integer
 * or d is NaN. The tests in ks.ts never pass such values.
 */
export function kolmogorovSmirnovSf(n: number, d: number): number {
  if (!(n >= 1) || !Number.isInteger(n) || Number.isNaN(d)) return NaN;
  if (d >= 1) return 0;
  if (d <= 0) return 1;

  const t = n * d;
  if (t <= 1) {
    // Ruben–Gambino: for 1/(2n) <= d <= 1/n, P(D_n < d) = n!/n^n (2t - 1)^n.
    if (t <= 0.5) return 1;
    return clip(1 - Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1)));
  }
  if (t >= n - 1) {
    // Ruben–Gambino: for d >= 1 - 1/n, P(D_n >= d) = 2 (1 - d)^n.
    return clip(2 * Math.pow(1 - d, n));
  }
  if (d >= 0.5) {
    // The events D+ >= d and D- >= d are disjoint when d >= 1/2, so the two tails add exactly.
    return clip(2 * smirnovSf(n, d));
  }

  const nd2 = t * d;
  if (n <= 140) {
    if (nd2 <= 4) return clip(1 - durbinMatrixCdf(n, d));
    return clip(2 * smirnovSf(n, d));
  }

  if (nd2 >= 370) return 0;
  if (nd2 >= 2.2) return clip(2 * smirnovSf(n, d));
  return clip(1 - largeSampleCdf(n, d));
}

/**
 * Distribution function of the two-sided statistic: P(D_n <= d), equal to
 * P(D_n < d) for continuous F. NaN when n is not a positive integer or d is NaN.
 */
export function kolmogorovSmirnovCdf(n: number, d: number): number {
  if (!(n >= 1) || !Number.isInteger(n) || Number.isNaN(d)) return NaN;
  if (d >= 1) return 1;
  if (d <= 0) return 0;

  const t = n * d;
  const nd2 = t * d;
  if (t <= 0.5) return 0;
  if (t <= 1) return clip(Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1)));
  if (n <= 140 && nd2 <= 4 && d < 0.5 && t < n - 1) return durbinMatrixCdf(n, d);
  if (n > 140 && d < 0.5 && t < n - 1) return largeSampleCdf(n, d);
  return clip(1 - kolmogorovSmirnovSf(n, d));
}

/**
 * Survival function of the one-sided statistic: P(D+_n >= d), exact, by the
 * Birnbaum–Tingey formula
 *
 *   P(D+_n >= d) = d * sum_{j=0}^{floor(n(1-d))} C(n, j) (1 - d - j/n)^(n-j) (d + j/n)^(j-1).
 *
 * Every term is positive, so the sum (taken in log space) keeps its relative
 * precision far into the tail. The binomial coefficients come from the
 * recurrence C(n, j+1) = C(n, j) (n - j)/(j + 1), and the sum stops once the
 * terms have passed their peak and fallen below 1e-20 of it (they are
 * unimodal in j). Cost: at most O(n) logarithms. The recurrence's rounding
 * grows with n: about 1e-9 relative error at n = 400,000. NaN when n is not
 * a positive integer or d is NaN.
 */
export function smirnovSf(n: number, d: number): number {
  if (!(n >= 1) || !Number.isInteger(n) || Number.isNaN(d)) return NaN;
  if (d >= 1) return 0;
  if (d <= 0) return 1;

  const last = Math.floor(n * (1 - d) + 1e-12 * n);
  let logBinomial = 0;
  let maxLog = -Infinity;
  let scaledSum = 0;

  for (let j = 0; j <= last; j++) {
    if (j > 0) logBinomial += Math.log((n - j + 1) / j);
    const above = d + j / n;
    if (above >= 1) break;

    const logTerm = logBinomial + (n - j) * Math.log1p(-above) + (j - 1) * Math.log(above);
    if (logTerm > maxLog) {
      scaledSum = scaledSum * Math.exp(maxLog - logTerm) + 1;
      maxLog = logTerm;
    } else {
      scaledSum += Math.exp(logTerm - maxLog);
      if (logTerm < maxLog - 46) break; // e^-46 < 1e-20: the rest cannot change the sum.
    }
  }
  if (maxLog === -Infinity) return 0;

  return clip(d * scaledSum * Math.exp(maxLog));
}

/**
 * Survival function of Kolmogorov's limit distribution: P(K >= x), where
 * K is the limit of sqrt(n) D_n. Computed as 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 x^2)
 * for x >= 1, and as 1 - sqrt(2 pi)/x sum_{k>=1} exp(-(2k-1)^2 pi^2 / (8 x^2)) below.
 * NaN for x = NaN, as `scipy.special.kolmogorov`.
 */
export function kolmogorovLimitSf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x < 1) return clip(1 - thetaSeries(x));

  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * x * x);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-17 * sum) break;
  }
  return clip(2 * sum);
}

/** sqrt(2 pi)/x sum_{k>=1} exp(-(2k-1)^2 pi^2 / (8 x^2)): the limit distribution function. */
function thetaSeries(x: number): number {
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-((2 * k - 1) ** 2) * Math.PI * Math.PI / (8 * x * x));
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return (Math.sqrt(2 * Math.PI) / x) * sum;
}

/**
 * P(D_n < d) for n > 140: the Durbin matrix while it stays small
 * (n <= 100,000 and n d^(3/2) <= 1.4), the Pelz–Good series otherwise.
 */
function largeSampleCdf(n: number, d: number): number {
  const nd2 = n * d * d;
  if (nd2 >= 18) return 1;
  if (n <= 100_000 && n * Math.pow(d, 1.5) <= 1.4) return durbinMatrixCdf(n, d);
  return pelzGoodCdf(n, d);
}

/**
 * P(D_n < d) by the Durbin matrix method (Marsaglia, Tsang and Wang 2003).
 * With k = floor(n d) + 1, m = 2k - 1 and h = k - n d, P(D_n < d) is
 * n!/n^n times the (k, k) entry of H^n, where H is the m x m matrix with
 * H[i][j] = 1/(i - j + 1)! for i - j + 1 >= 0 (0 above), whose first column
 * and last row are corrected by powers of h.
 *
 * Instead of tracking a decimal exponent while powering, H is multiplied by
 * c = (n!/n^n)^(1/n) first; (cH)^n then stays within double range because its
 * (k, k) entry is itself the probability.
 */
function durbinMatrixCdf(n: number, d: number): number {
  const k = Math.floor(n * d) + 1;
  const m = 2 * k - 1;
  const h = k - n * d;
  const H = new Float64Array(m * m);

  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) H[i * m + j] = i - j + 1 >= 0 ? 1 : 0;
  }
  for (let i = 0; i < m; i++) {
    H[i * m] -= Math.pow(h, i + 1);
    H[(m - 1) * m + i] -= Math.pow(h, m - i);
  }
  if (2 * h - 1 > 0) H[(m - 1) * m] += Math.pow(2 * h - 1, m);

  const scale = Math.exp(logFactorialOverPower(n) / n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= Math.min(i + 1, m - 1); j++) {
      const order = i - j + 1;
      H[i * m + j] *= scale / factorial(order);
    }
  }

  const power = matrixPower(H, m, n);
  return clip(power[(k - 1) * m + (k - 1)]);
}

/** A^p for a square m x m row-major matrix, by repeated squaring. */
function matrixPower(A: Float64Array, m: number, p: number): Float64Array {
  let result: Float64Array | null = null;
  let base = A;
  let exponent = p;

  while (exponent > 0) {
    if (exponent & 1) result = result === null ? base.slice() : matrixProduct(result, base, m);
    exponent >>>= 1;
    if (exponent > 0) base = matrixProduct(base, base, m);
  }
  return result ?? identity(m);
}

function matrixProduct(A: Float64Array, B: Float64Array, m: number): Float64Array {
  const C = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const a = A[i * m + l];
      if (a === 0) continue;
      for (let j = 0; j < m; j++) C[i * m + j] += a * B[l * m + j];
    }
  }
  return C;
}

function identity(m: number): Float64Array {
  const I = new Float64Array(m * m);
  for (let i = 0; i < m; i++) I[i * m + i] = 1;
  return I;
}

/**
 * P(D_n < d) by the Pelz–Good asymptotic series in x = sqrt(n) d:
 *
 *   K0(x) + K1(x)/sqrt(n) + K2(x)/n + K3(x)/n^(3/2),
 *
 * with the terms of Pelz and Good (1976) as Simard and L'Ecuyer (2011) write them.
 * Writing u_k = pi^2 (k - 1/2)^2 / (2 x^2) and v_k = pi^2 k^2 / (2 x^2):
 *
 *   K0 = sqrt(2 pi)/x  sum_k e^(-u_k)
 *   K1 = sqrt(2 pi)/(6 x^4) sum_k (pi^2 (k-1/2)^2 - x^2) e^(-u_k)
 *   K2 = sqrt(2 pi)/(72 x^7) sum_k (6x^6 + 2x^4 + pi^2 (2x^4 - 5x^2)(k-1/2)^2 + pi^4 (1 - 2x^2)(k-1/2)^4) e^(-u_k)
 *        - sqrt(2 pi)/(36 x^3) sum_k pi^2 k^2 e^(-v_k)
 *   K3 = sqrt(2 pi)/(6480 x^10) sum_k (pi^6 (5 - 30x^2)(k-1/2)^6 + pi^4 (-60x^2 + 212x^4)(k-1/2)^4
 *                                      + pi^2 (135x^4 - 96x^6)(k-1/2)^2 - 30x^6 - 90x^8) e^(-u_k)
 *        + sqrt(2 pi)/(216 x^6) sum_k (-pi^4 k^4 + 3 pi^2 k^2 x^2) e^(-v_k)
 */
function pelzGoodCdf(n: number, d: number): number {
  const x = Math.sqrt(n) * d;
  const x2 = x * x;
  const x4 = x2 * x2;
  const x6 = x4 * x2;
  const x8 = x4 * x4;
  const pi2 = Math.PI * Math.PI;
  const pi4 = pi2 * pi2;
  const pi6 = pi4 * pi2;

  let sum0 = 0;
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  for (let k = 1; k <= 200; k++) {
    const half = k - 0.5;
    const half2 = half * half;
    const weight = Math.exp(-pi2 * half2 / (2 * x2));
    if (weight === 0) break;

    sum0 += weight;
    sum1 += (pi2 * half2 - x2) * weight;
    sum2 += (6 * x6 + 2 * x4 + pi2 * (2 * x4 - 5 * x2) * half2 + pi4 * (1 - 2 * x2) * half2 * half2) * weight;
    sum3 +=
      (pi6 * (5 - 30 * x2) * half2 * half2 * half2 +
        pi4 * (-60 * x2 + 212 * x4) * half2 * half2 +
        pi2 * (135 * x4 - 96 * x6) * half2 -
        30 * x6 -
        90 * x8) *
      weight;
    if (weight < 1e-20 * sum0) break;
  }

  let sum2Integer = 0;
  let sum3Integer = 0;
  for (let k = 1; k <= 200; k++) {
    const k2 = k * k;
    const weight = Math.exp(-pi2 * k2 / (2 * x2));
    if (weight === 0) break;

    sum2Integer += pi2 * k2 * weight;
    sum3Integer += (-pi4 * k2 * k2 + 3 * pi2 * k2 * x2) * weight;
    if (weight < 1e-20) break;
  }

  const rootTwoPi = Math.sqrt(2 * Math.PI);
  const k0 = (rootTwoPi / x) * sum0;
  const k1 = (rootTwoPi / (6 * x4)) * sum1;
  const k2 = (rootTwoPi / (72 * x6 * x)) * sum2 - (rootTwoPi / (36 * x2 * x)) * sum2Integer;
  const k3 = (rootTwoPi / (6480 * x8 * x2)) * sum3 + (rootTwoPi / (216 * x6)) * sum3Integer;

  const rootN = Math.sqrt(n);
  return clip(k0 + k1 / rootN + k2 / n + k3 / (n * rootN));
}

/** log(n! / n^n). */
function logFactorialOverPower(n: number): number {
  return gammaln(n + 1) - n * Math.log(n);
}

function factorial(k: number): number {
  let value = 1;
  for (let i = 2; i <= k; i++) value *= i;
  return value;
}

function clip(p: number): number {
  if (Number.isNaN(p)) return p;
  if (p < 0) return 0;
  if (p > 1) return 1;
  return p;
}
