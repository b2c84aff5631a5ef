/**
 * Special-function helpers shared by the continuous distributions: the
 * standard normal CDF and its inverse, log densities of the gamma and beta
 * families that stay accurate for large shapes, and Newton refinement of
 * quantiles on an accurate CDF.
 */
import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';
import gammaln from '@stdlib/math-base-special-gammaln';

/** log(sqrt(2 pi)). */
export const LOG_SQRT_2PI = 0.9189385332046728;

const SQRT_2 = Math.SQRT2;

/**
 * Standard normal CDF, 0.5 erfc(-z / sqrt(2)). Rounding z / sqrt(2) costs a
 * relative error of about z^2 * 1.1e-16 in the far tail (2e-13 at z = -38),
 * as in SciPy's ndtr.
 */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z * Math.SQRT1_2);
}

/** Standard normal survival function, computed as normalCdf(-z) so it has no cancellation. */
export function normalSf(z: number): number {
  return 0.5 * erfc(z * Math.SQRT1_2);
}

/**
 * Standard normal quantile. It starts from erfcinv of the smaller tail, so
 * both p = 1e-300 and p = 1 - 2^-53 keep full relative accuracy (1 - p is
 * exact for p >= 1/2). One Newton step on log cdf then removes erfcinv's
 * error of up to 7e-14, which exp(s z) in the lognormal would multiply by |s z|.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0.5) return 0;
  return p < 0.5 ? -lowerTailQuantile(p) : lowerTailQuantile(1 - p);
}

/** Standard normal inverse survival function: the z with normalSf(z) = q. */
export function normalIsf(q: number): number {
  if (!(q >= 0 && q <= 1)) return NaN;
  if (q === 0.5) return 0;
  return q < 0.5 ? lowerTailQuantile(q) : -lowerTailQuantile(1 - q);
}

/** Solves normalSf(t) = q for t > 0, given 0 <= q < 1/2. */
function lowerTailQuantile(q: number): number {
  const start = SQRT_2 * erfcinv(2 * q);
  if (!(start > 0 && start < Infinity)) return start;

  // Newton on log sf(t) - log q, where d log sf / dt = -pdf(t) / sf(t).
  const tail = normalSf(start);
  const density = Math.exp(-0.5 * start * start - LOG_SQRT_2PI);
  if (!(tail > 0 && density > 0)) return start;
  return start + ((Math.log(tail) - Math.log(q)) * tail) / density;
}

/**
 * Stirling's series error S(a) = lgamma(a) - ((a - 1/2) log a - a + log sqrt(2 pi)).
 * Above 15 the asymptotic series (Abramowitz & Stegun 6.1.41) converges to
 * full precision; below it the definition loses at most 1e-15 absolute.
 */
export function stirlingError(a: number): number {
  if (a < 15) return gammaln(a) - ((a - 0.5) * Math.log(a) - a + LOG_SQRT_2PI);

  const inverse = 1 / a;
  const square = inverse * inverse;
  return (
    inverse *
    (1 / 12 + square * (-1 / 360 + square * (1 / 1260 + square * (-1 / 1680 + square * (1 / 1188 + square * (-691 / 360360 + square / 156))))))
  );
}

/**
 * Computes the deviance term x log(x / m) + m - x >= 0 without the
 * cancellation of its large terms when x is within a factor 3 of m, by the
 * series of Loader, "Fast and Accurate Computation of Binomial
 * Probabilities" (2000).
 */
export function deviance(x: number, m: number): number {
  const difference = x - m;
  // The series converges like v^2 with v = (x - m) / (x + m), in under 30 terms for |v| < 1/2.
  if (Math.abs(difference) < 0.5 * (x + m)) {
    // Series in v = (x - m) / (x + m): x log(x/m) + m - x = (x - m) v + 2 x sum_{j>=1} v^(2j+1) / (2j+1).
    const v = difference / (x + m);
    let sum = difference * v;
    let power = 2 * x * v;
    const vSquared = v * v;
    for (let j = 1; j < 1000; j++) {
      power *= vSquared;
      const next = sum + power / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / m) + m - x;
}

/**
 * log B(a, b), accurate when either argument is large: Stirling's form
 * splits off the huge, cancelling parts of lgamma(a) + lgamma(b) - lgamma(a + b).
 */
export function logBeta(a: number, b: number): number {
  const small = Math.min(a, b);
  const large = Math.max(a, b);
  const sum = small + large;

  if (small >= 15) {
    const correction = stirlingError(small) + stirlingError(large) - stirlingError(sum);
    return (
      -0.5 * Math.log(large) + LOG_SQRT_2PI + correction + (small - 0.5) * Math.log(small / sum) + large * Math.log1p(-small / sum)
    );
  }
  if (large >= 15) {
    const correction = stirlingError(large) - stirlingError(sum);
    return gammaln(small) + correction + small - small * Math.log(sum) + (large - 0.5) * Math.log1p(-small / sum);
  }
  return gammaln(small) + gammaln(large) - gammaln(sum);
}

/**
 * log of the gamma(shape, 1) density at x > 0. Above shape 10 it uses
 * Loader's saddle-point form -deviance(shape, x) - log x + log sqrt(shape / 2 pi) - S(shape),
 * which avoids the cancellation between (shape - 1) log x, x and lgamma(shape).
 */
export function gammaLogDensity(x: number, shape: number): number {
  if (shape < 10) return (shape - 1) * Math.log(x) - x - gammaln(shape);
  return -deviance(shape, x) - Math.log(x) + 0.5 * Math.log(shape) - LOG_SQRT_2PI - stirlingError(shape);
}

/**
 * log of the beta(a, b) density at 0 < x < 1, given logBetaAB = log B(a, b).
 * y = 1 - x is rounded, so its rounding error yError (exact, by Fast2Sum) is
 * added back through the derivative of the formula with respect to y; that
 * term reaches 1e-11 when b is large. For a, b > 2 it uses Loader's binomial
 * saddle-point form, as R's dbeta does.
 */
export function betaLogDensity(x: number, a: number, b: number, logBetaAB: number): number {
  const y = 1 - x;
  const yError = 1 - y - x;

  // Below x = 1e-100 the density is tiny unless a < 4, and then the direct formula
  // loses nothing; the saddle-point corrections would overflow for subnormal x.
  if (a <= 2 || b <= 2 || x < 1e-100) {
    return (a - 1) * Math.log(x) + (b - 1) * Math.log(y) - logBetaAB + ((b - 1) * yError) / y;
  }

  // f(x) = (n + 1) C(n, k) x^k y^(n - k) with k = a - 1 and n - k = b - 1 (both exact for 2 < a, b < 2^53).
  // n = a + b - 2 may round. That costs nothing here because the deviances' n-derivatives cancel
  // at the exact n, but n - k taken as a difference would lose b's digits (1.5e-8 in log f for beta(7.9e8, 20.1)).
  // Loader's stirlerr(m) = lgamma(m + 1) - (m + 1/2) log m + m - log sqrt(2 pi) equals stirlingError(m).
  const k = a - 1;
  const complement = b - 1;
  const n = k + complement;
  const nx = n * x;
  const ny = n * y;
  const logBinomial =
    stirlingError(n) -
    stirlingError(k) -
    stirlingError(complement) -
    deviance(k, nx) -
    deviance(complement, ny) +
    0.5 * Math.log(n / (2 * Math.PI * k * complement));

  // The deviances' second arguments are off by the rounding of n x and n y
  // (and of y); d deviance(k, m) / dm = 1 - k / m turns those into a correction.
  const nxError = productError(n, x, nx);
  const nyError = productError(n, y, ny) + n * yError;
  const correction = -(1 - k / nx) * nxError - (1 - complement / ny) * nyError;
  return Math.log(n + 1) + logBinomial + correction;
}

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's splitting constant for doubles

/** Computes the exact rounding error a * b - product of product = fl(a * b) by Dekker's algorithm (for |a|, |b| < 2^996). */
export function productError(a: number, b: number, product: number): number {
  const aSplit = SPLITTER * a;
  const aHigh = aSplit - (aSplit - a);
  const aLow = a - aHigh;
  const bSplit = SPLITTER * b;
  const bHigh = bSplit - (bSplit - b);
  const bLow = b - bHigh;
  return aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
}

/** A tail probability and the density, as the quantile refinement needs them. */
export interface TailFunctions {
  /** cdf when refining a lower-tail probability, sf for an upper-tail one. */
  tail(x: number): number;
  density(x: number): number;
}

/**
 * Refines a quantile estimate x0 so that tail(x) = probability, by Newton's
 * method on log tail(x), and on log x as well when `positive` (for supports
 * in (0, inf), where that makes power-law tails converge in one step).
 * `decreasing` marks `tail` as the survival function. Stops when a step
 * changes x by less than 4e-16 relative or after 8 steps, and returns the last
 * estimate that stayed inside (lower, upper).
 */
export function refineQuantile(
  x0: number,
  probability: number,
  functions: TailFunctions,
  options: { decreasing: boolean; positive: boolean; lower: number; upper: number },
): number {
  if (!Number.isFinite(x0) || !(probability > 0)) return x0;
  const target = Math.log(probability);
  const sign = options.decreasing ? -1 : 1;

  let x = x0;
  for (let iteration = 0; iteration < 8; iteration++) {
    const tail = functions.tail(x);
    const density = functions.density(x);
    if (!(tail > 0) || !(density > 0) || !Number.isFinite(density)) break;

    // Newton on g(x) = log tail(x) - target, with g'(x) = sign * density / tail.
    const ratio = (sign * (Math.log(tail) - target) * tail) / density;
    const next = options.positive ? x * Math.exp(-ratio / x) : x - ratio;
    if (!(next > options.lower && next < options.upper) || !Number.isFinite(next)) break;

    const change = Math.abs(next - x);
    x = next;
    if (change <= 4e-16 * Math.abs(x)) break;
  }
  return x;
}
