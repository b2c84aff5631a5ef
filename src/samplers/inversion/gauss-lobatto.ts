/**
 * Five-point Gauss–Lobatto quadrature, exact for polynomials of degree 7.
 * Its nodes include both end points, so adjacent intervals share their end
 * point evaluations; that is why numerical inversion (PINV) uses it.
 */
import { NumericalError } from '../../errors.js';

const INNER_NODE = Math.sqrt(3 / 7); // inner nodes sit at +-sqrt(3/7) on [-1, 1]
const END_WEIGHT = 1 / 10;
const INNER_WEIGHT = 49 / 90;
const CENTER_WEIGHT = 32 / 45;

/** Deepest bisection before adaptive integration gives up; 2^-80 of an interval is below double resolution. */
const MAX_DEPTH = 80;

/**
 * Integrates `f` over [a, b] by one five-point Gauss–Lobatto rule, given the
 * end point values `fa = f(a)` and `fb = f(b)`.
 */
export function lobatto5(f: (x: number) => number, a: number, fa: number, b: number, fb: number): number {
  const half = (b - a) / 2;
  const middle = a + half;
  const inner = half * INNER_NODE;
  return (
    half *
    (END_WEIGHT * (fa + fb) + INNER_WEIGHT * (f(middle - inner) + f(middle + inner)) + CENTER_WEIGHT * f(middle))
  );
}

/**
 * Integrates `f` over [a, b] to an absolute error of about `tolerance` by
 * recursive bisection. An interval is accepted when the one-rule estimate and
 * the sum over its two halves agree to within its share of the tolerance, and
 * the sum is returned. Each half gets half the tolerance of its parent, but
 * never less than 1/1024 of `tolerance`: near an integrable singularity at an
 * end point the pieces shrink geometrically, and halving without a floor
 * would demand more than double precision. `fa` and `fb` are f(a) and f(b).
 *
 * Throws NumericalError when the estimates still disagree after 80 levels of
 * bisection, which happens near a non-integrable singularity.
 */
export function adaptiveLobatto(
  f: (x: number) => number,
  a: number,
  fa: number,
  b: number,
  fb: number,
  tolerance: number,
): number {
  const whole = lobatto5(f, a, fa, b, fb);
  return refine(f, a, fa, b, fb, whole, tolerance, tolerance / 1024, 0);
}

function refine(
  f: (x: number) => number,
  a: number,
  fa: number,
  b: number,
  fb: number,
  whole: number,
  tolerance: number,
  minTolerance: number,
  depth: number,
): number {
  const middle = a + (b - a) / 2;
  const fm = f(middle);
  const left = lobatto5(f, a, fa, middle, fm);
  const right = lobatto5(f, middle, fm, b, fb);
  const sum = left + right;

  if (Math.abs(sum - whole) <= tolerance) return sum;
  if (depth >= MAX_DEPTH || middle === a || middle === b) {
    throw new NumericalError(
      `integral of the density over [${a}, ${b}] did not converge (estimates ${whole} and ${sum}); the density may have a non-integrable singularity there`,
    );
  }
  const childTolerance = Math.max(tolerance / 2, minTolerance);
  return (
    refine(f, a, fa, middle, fm, left, childTolerance, minTolerance, depth + 1) +
    refine(f, middle, fm, b, fb, right, childTolerance, minTolerance, depth + 1)
  );
}
