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
 * of y. With a shape below 1 the fraction loses digits (5e-12 for
 * beta(1e-3, 1e6), 4e-10 for beta(1e-3, 1e8)), while @stdlib stays within
 * 4e-14 on the fixture grid.
 *
 * The fraction is the even contraction that DiDonato & Morris sum in BFRAC
 * ("Algorithm 708: significant digit computation of the incomplete beta
 * function ratios", ACM TOMS 18 (1992), 360-373), written in
 * lambda = a - (a + b) x. On the side of the mean where it is used, its
 * partial denominators do not cancel. So the only cancellation
 * left is in lambda itself, which is formed with the rounding of a + b and of
 * (a + b) x added back. The plain fraction cancels in every term near the
 * mean when one shape p is much larger than the other, q, because
 * 1 - (p + m)(p + q + m) t / ((p + 2m)(p + 2m + 1)) is then of order q / p.
 * It lost up to 5.5e-9 that way for beta(5, 1e8). The contracted form stays
 * within 2.1e-13 of the reference values in
 * fixtures/distributions/continuous/beta.json (one shape up to 1e8,
 * a = b = 1e7, tails down to 1e-300) and of the 600 random cases in
 * beta-sweep.json beside it (shapes up to 1e9).
 */
import betainc from '@stdlib/math-base-special-betainc';

import { betaLogDensity, productError } from './special.js';

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
 * I_x(a, b) = x^a y^b / B(a, b) / (beta_1 + alpha_2 / (beta_2 + alpha_3 / (beta_3 + ...))),
 * evaluated by the modified Lentz method; with `swapped`, the upper tail
 * I_y(b, a) by the same fraction in y = 1 - x. With p, q, t the shapes and the
 * point of the tail being summed, and lambda = p - (p + q) t:
 *
 *   beta_1 = p (lambda + 1) / (p + 1),
 *   beta_(m+1) = m + m (q - m) t / (p + 2m - 1) + (p + m)(lambda + 1 + m (2 - t)) / (p + 2m + 1),
 *   alpha_(m+1) = (p + m - 1)(p + q + m - 1) m (q - m) t^2 / (p + 2m - 1)^2.
 */
function betaFraction(x: number, a: number, b: number, logBetaAB: number, swapped: boolean): number {
  const y = 1 - x;
  const yError = 1 - y - x;
  // log(x^a y^b / B(a, b)) from the accurate log density: x^a y^b / B = f(x) x y.
  const logPrefactor = betaLogDensity(x, a, b, logBetaAB) + Math.log(x) + Math.log(y) + yError / y;

  const p = swapped ? b : a;
  const q = swapped ? a : b;
  const t = swapped ? y : x;
  // In y the exact lambda is b - (a + b)(1 - x) = -(a - (a + b) x), so one accurate value serves both tails.
  const lambdaOfX = lowerLambda(x, a, b);
  const lambda = swapped ? -lambdaOfX : lambdaOfX;

  let fraction = (p * (lambda + 1)) / (p + 1);
  if (Math.abs(fraction) < TINY) fraction = TINY;
  let c = fraction;
  let d = 0;

  for (let m = 1; m < MAX_TERMS; m++) {
    const twoM = 2 * m;
    const alpha = ((p + m - 1) * (p + q + m - 1) * m * (q - m) * t * t) / ((p + twoM - 1) * (p + twoM - 1));
    const beta = m + (m * (q - m) * t) / (p + twoM - 1) + ((p + m) * (lambda + 1 + m * (2 - t))) / (p + twoM + 1);

    d = beta + alpha * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = beta + alpha / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = c * d;
    fraction *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }

  return Math.exp(logPrefactor - Math.log(fraction));
}

/**
 * Computes a - (a + b) x with the rounding errors of a + b (Knuth's TwoSum)
 * and of the product (Dekker) added back. Near the mean the difference is
 * much smaller than a, and the plain expression would keep only its rounding.
 */
function lowerLambda(x: number, a: number, b: number): number {
  const sum = a + b;
  const sumError = a >= b ? b - (sum - a) : a - (sum - b);
  const product = sum * x;
  return a - product - productError(sum, x, product) - sumError * x;
}
