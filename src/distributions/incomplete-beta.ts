/**
 * Regularized incomplete beta functions I_x(a, b) and 1 - I_x(a, b).
 *
 * @stdlib's betainc (a port of Boost's ibeta) computes 1 - x internally. When
 * b is large, the rounding of 1 - x (up to 2^-54) moves y^b by a relative
 * b * 2^-54 / y, which is 1e-11 for beta(1e5, 1e5) near x = 0.48, and it
 * loses digits where x^a falls below the smallest normal double (2.9e-11 for
 * beta(30, 20) at cdf 1e-300). So when both shapes are at least 1 this module
 * sums the continued fraction itself, with the prefactor x^a y^b / B(a, b)
 * taken in log space from betaLogDensity, which adds back the rounding error
 * of y. With a shape below 1 the fraction loses digits (1.8e-11 for
 * beta(1e-3, 1e6)), while @stdlib stays within 1e-13 on the fixture grid.
 *
 * NOTE: with one shape small and the other above about 1e5, the fraction in
 * y = 1 - x is ill-conditioned near the mode: beta(5, 1e6) is off by 4.7e-11
 * and beta(200, 1e6) by 7.7e-12 there, where SciPy 1.17.1 (Boost) is within
 * 9e-12 and 1.2e-13. Boost's asymptotic expansions for that regime would fix it.
 */
import betainc from '@stdlib/math-base-special-betainc';

import { betaLogDensity } from './special.js';

function useContinuedFraction(a: number, b: number): boolean {
  return Math.min(a, b) >= 1;
}

const EPSILON = 1.1102230246251565e-16; // 2^-53
const TINY = 1e-300;
const MAX_TERMS = 10_000_000;

/** The lower and upper tails I_x(a, b) and 1 - I_x(a, b), each computed to full relative accuracy. */
export interface BetaTails {
  readonly lower: number;
  readonly upper: number;
}

/**
 * Both tails at 0 < x < 1. The smaller one is computed directly and the
 * other as its complement, because @stdlib's upper tail rounds to 1 where the
 * lower tail is tiny (beta(0.5, 0.5) at x = 1e-20 gives 1, not 1 - 6.4e-11).
 */
export function betaTails(x: number, a: number, b: number, logBetaAB: number): BetaTails {
  if (useContinuedFraction(a, b)) {
    if (x < (a + 1) / (a + b + 2)) {
      const lower = betaFraction(x, a, b, logBetaAB, false);
      return { lower, upper: 1 - lower };
    }
    const upper = betaFraction(x, a, b, logBetaAB, true);
    return { lower: 1 - upper, upper };
  }

  const lower = betainc(x, a, b);
  if (lower <= 0.5) return { lower, upper: 1 - lower };
  const upper = betainc(x, a, b, true, true);
  return { lower: 1 - upper, upper };
}

/**
 * I_x(a, b) = x^a y^b / (a B(a, b)) * K(x; a, b) with the continued fraction
 * K evaluated by the modified Lentz method; with `swapped`, the upper tail
 * I_y(b, a) by the same fraction in y = 1 - x.
 */
function betaFraction(x: number, a: number, b: number, logBetaAB: number, swapped: boolean): number {
  const y = 1 - x;
  const yError = 1 - y - x;
  // log(x^a y^b / B(a, b)) from the accurate log density: x^a y^b / B = f(x) x y.
  const logPrefactor = betaLogDensity(x, a, b, logBetaAB) + Math.log(x) + Math.log(y) + yError / y;

  const p = swapped ? b : a;
  const q = swapped ? a : b;
  const sum = p + q;
  // In the swapped fraction t = 1 - x is close to 1, and its rounding would
  // cancel in 1 - sum t / (p + 1); so every product c t is formed as c - c x.
  const scaled = swapped ? (c: number) => c - c * x : (c: number) => c * x;

  let c = 1;
  let d = swapped ? (1 - q + sum * x) / (p + 1) : 1 - (sum * x) / (p + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let fraction = d;

  for (let m = 1; m < MAX_TERMS; m++) {
    const twoM = 2 * m;
    const even = scaled(m * (q - m)) / ((p + twoM - 1) * (p + twoM));
    d = 1 + even * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + even / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    fraction *= d * c;

    const odd = -scaled((p + m) * (sum + m)) / ((p + twoM) * (p + twoM + 1));
    d = 1 + odd * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + odd / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }

  return Math.exp(logPrefactor + Math.log(fraction)) / p;
}
