/**
 * Ziggurat tables for a monotone decreasing density on [0, inf), built at
 * module load from the defining equations of Marsaglia & Tsang, "The Ziggurat
 * Method for Generating Random Variables", J. Stat. Softw. 5(8), 2000.
 *
 * The region under f is covered by `layers` horizontal strips of equal area v.
 * With boundaries x[0] > x[1] = r > x[2] > ... > x[layers] = 0:
 *
 *   - strip 0 is the base rectangle [0, r] x [0, f(r)] plus the tail beyond r,
 *     and x[0] = v / f(r) is the width of a rectangle with the same area;
 *   - strip i >= 1 is the rectangle [0, x[i]] x [f(x[i]), f(x[i+1])], so that
 *     x[i] * (f(x[i+1]) - f(x[i])) = v, i.e. x[i+1] = f^-1(f(x[i]) + v / x[i]).
 *
 * r is chosen so that the top strip ends exactly at f(0). Bisection finds it
 * here, down to adjacent doubles.
 */

/** Tables for a ziggurat whose strip index and position come from one 52-bit integer draw. */
export interface ZigguratTable {
  /** Number of strips (a power of two). */
  readonly layers: number;
  /** Start of the tail, x[1]. */
  readonly tailStart: number;
  /** Common area of the strips, v. */
  readonly stripArea: number;
  /** Strip boundaries x[0..layers], with x[layers] = 0. */
  readonly boundaries: Float64Array;
  /** x[i] / 2^52: turns a 52-bit integer m into the point m * width[i] in [0, x[i]). */
  readonly width: Float64Array;
  /** floor(2^52 * x[i+1] / x[i]): integers below it land where the whole strip lies under f. */
  readonly acceptBelow: Float64Array;
  /** f(x[i]) for i = 0..layers, with density[layers] = f(0). */
  readonly density: Float64Array;
}

/** A decreasing density on [0, inf), unnormalised, with what the construction needs of it. */
export interface ZigguratDensity {
  density(x: number): number;
  /** Inverse of `density` on (0, density(0)]. */
  inverseDensity(y: number): number;
  /** Integral of the density from r to infinity. */
  tailArea(r: number): number;
}

const TWO_POW_52 = 4503599627370496; // 2^52

/**
 * Builds the tables for `layers` strips. The tail start r is bracketed by
 * `[lowerTail, upperTail]`, which must contain the root.
 */
export function buildZiggurat(
  target: ZigguratDensity,
  layers: number,
  lowerTail: number,
  upperTail: number,
): ZigguratTable {
  const tailStart = solveTailStart(target, layers, lowerTail, upperTail);
  const stripArea = tailStart * target.density(tailStart) + target.tailArea(tailStart);

  const boundaries = new Float64Array(layers + 1);
  boundaries[0] = stripArea / target.density(tailStart);
  boundaries[1] = tailStart;
  for (let i = 1; i < layers - 1; i++) {
    boundaries[i + 1] = target.inverseDensity(target.density(boundaries[i]) + stripArea / boundaries[i]);
  }
  boundaries[layers] = 0;

  const width = new Float64Array(layers);
  const acceptBelow = new Float64Array(layers);
  const density = new Float64Array(layers + 1);
  for (let i = 0; i < layers; i++) {
    width[i] = boundaries[i] / TWO_POW_52;
    acceptBelow[i] = Math.floor((boundaries[i + 1] / boundaries[i]) * TWO_POW_52);
    density[i] = target.density(boundaries[i]);
  }
  density[layers] = target.density(0);

  return { layers, tailStart, stripArea, boundaries, width, acceptBelow, density };
}

/**
 * Measures how far the stack of strips built from tail start r misses the top f(0):
 * positive when the strips are too thick (r too small), negative when they
 * stop short (r too large).
 */
function topMiss(target: ZigguratDensity, layers: number, r: number): number {
  const top = target.density(0);
  const stripArea = r * target.density(r) + target.tailArea(r);

  let x = r;
  for (let i = 1; i < layers - 1; i++) {
    const next = target.density(x) + stripArea / x;
    if (next >= top) return next - top + (layers - 1 - i);
    x = target.inverseDensity(next);
  }
  return target.density(x) + stripArea / x - top;
}

function solveTailStart(target: ZigguratDensity, layers: number, lowerTail: number, upperTail: number): number {
  let lower = lowerTail;
  let upper = upperTail;
  if (!(topMiss(target, layers, lower) > 0 && topMiss(target, layers, upper) < 0)) {
    throw new RangeError(`ziggurat tail start is not bracketed by [${lowerTail}, ${upperTail}]`);
  }

  while (true) {
    const middle = 0.5 * (lower + upper);
    if (middle <= lower || middle >= upper) break;
    if (topMiss(target, layers, middle) > 0) lower = middle;
    else upper = middle;
  }
  return lower;
}
