/**
 * Set-up steps of numerical inversion before any interpolation: a point in
 * the bulk of the distribution (the center), a length scale, and the
 * computational domain. The computational domain leaves out tails and
 * boundary regions whose mass is below a small fraction of the u-resolution.
 */
import { InvalidArgumentError, NumericalError } from '../../errors.js';
import type { MassSource } from './source.js';

/** Largest distance from the center at which a tail search still looks for decay. */
const MAX_TAIL_DISTANCE = 1e300;

/**
 * Probe points for the center search: an even grid on a finite domain, and
 * points spaced by a factor of 10^(1/4) from 1e-4 to 1e6 away from a finite
 * end (or from 0) on an infinite one.
 */
export function probePoints(lower: number, upper: number): number[] {
  const points: number[] = [];
  if (Number.isFinite(lower) && Number.isFinite(upper)) {
    for (let k = 1; k < 64; k++) points.push(lower + ((upper - lower) * k) / 64);
    return points;
  }

  const distances: number[] = [];
  for (let j = -16; j <= 24; j++) distances.push(10 ** (j / 4));
  if (Number.isFinite(lower)) {
    for (const d of distances) points.push(lower + d);
  } else if (Number.isFinite(upper)) {
    for (const d of distances) points.push(upper - d);
  } else {
    points.push(0);
    for (const d of distances) points.push(d, -d);
  }
  return points.filter((x) => x > lower && x < upper);
}

/**
 * Returns the point of the domain where the computation starts: `center`
 * when given (checked to be inside with a finite score), otherwise the probe
 * point with the highest score. The score is the log density in density
 * mode and -|F(x) - 1/2| in CDF mode, and -Infinity marks a point with no
 * mass nearby (density 0, or CDF 0 or 1).
 */
export function findCenter(
  kind: 'pdf' | 'cdf',
  lower: number,
  upper: number,
  score: (x: number) => number,
  center?: number,
): number {
  if (center != null) {
    if (!(center > lower && center < upper)) {
      throw new InvalidArgumentError('center', `a point inside the domain (${lower}, ${upper})`, center);
    }
    if (!(score(center) > -Infinity)) {
      const rule = kind === 'pdf' ? 'a point where the density is positive' : 'a point where the CDF is strictly between 0 and 1';
      throw new InvalidArgumentError('center', rule, center);
    }
    return center;
  }

  const points = probePoints(lower, upper);
  let best = NaN;
  let bestScore = -Infinity;
  for (const x of points) {
    const value = score(x);
    if (value > bestScore) {
      best = x;
      bestScore = value;
    }
  }

  if (Number.isNaN(best)) {
    const finding = kind === 'pdf' ? 'the density is 0' : 'the CDF is 0 or 1';
    throw new NumericalError(
      `${finding} at all ${points.length} probe points between ${points[0]} and ${points[points.length - 1]}; if it is positive somewhere, pass center (a point where it is positive), otherwise the density is zero everywhere on the domain`,
    );
  }
  return best;
}

/**
 * Returns a length scale of the distribution around `center`: the smallest
 * distance at which the density falls below half its value at the center,
 * looking on both sides. Falls back to the width of a finite domain, then 1.
 * In CDF mode it is the distance to the nearer of the points where the CDF
 * crosses 1/4 or 3/4.
 */
export function estimateScale(source: MassSource, center: number, lower: number, upper: number): number {
  const reference = source.value(center);
  let scale = Infinity;

  for (const direction of [-1, 1]) {
    const boundary = direction < 0 ? lower : upper;
    let distance = 1e-8 * Math.max(1, Math.abs(center));
    for (let k = 0; k < 120; k++, distance *= 2) {
      const x = center + direction * distance;
      if (!(direction < 0 ? x > boundary : x < boundary)) break;
      const value = source.value(x);
      const dropped = source.kind === 'pdf' ? value < reference / 2 : Math.abs(value - reference) > 0.25;
      if (dropped) {
        scale = Math.min(scale, distance);
        break;
      }
    }
  }

  if (scale < Infinity) return scale;
  if (Number.isFinite(upper - lower)) return upper - lower;
  return 1;
}

/** One end of the computational domain, and whether it was moved inward from a pole. */
export interface DomainEnd {
  readonly point: number;
  readonly pole: boolean;
}

/**
 * Returns where the domain ends on one side of `center` (`direction` -1 for
 * the lower end, +1 for the upper end), cutting a tail whose mass is below
 * `tolerance` in the units of the source (unnormalised mass).
 *
 * - A finite end with a finite density (or any finite end in CDF mode) is kept.
 * - A finite end where the density is infinite or undefined is a pole: the
 *   density near it is fitted by c |x - end|^-alpha and the end is moved
 *   inward by the distance whose mass is `tolerance`. alpha >= 1 means the
 *   integral diverges, which throws.
 * - An infinite end is replaced by the first point, searching outwards in
 *   doubling steps and then bisecting, beyond which the tail is negligible.
 */
export function cutDomainEnd(
  source: MassSource,
  center: number,
  end: number,
  direction: -1 | 1,
  scale: number,
  tolerance: number,
): DomainEnd {
  if (Number.isFinite(end)) {
    if (source.kind === 'cdf') return { point: end, pole: false };
    const atEnd = source.rawValue(end);
    if (atEnd >= 0 && atEnd < Infinity) return { point: end, pole: false };
    if (atEnd < 0) source.value(end); // throws the negative-density error
    return { point: cutPole(source, center, end, direction, tolerance), pole: true };
  }

  const negligible =
    source.kind === 'pdf'
      ? (x: number) => densityTailIsNegligible(source, center, x, direction, scale, tolerance)
      : cdfTailTest(source, center, direction, tolerance);

  let inside = center;
  let distance = scale;
  let outside = NaN;
  while (Number.isNaN(outside)) {
    const x = center + direction * distance;
    if (!(distance <= MAX_TAIL_DISTANCE) || !Number.isFinite(x)) {
      throw new NumericalError(
        `the ${direction > 0 ? 'upper' : 'lower'} tail does not decay: the ${source.kind === 'pdf' ? 'density' : 'CDF'} still carries mass beyond x = ${inside}, so it is not integrable on an infinite domain; give a finite domain or a faster-decaying ${source.kind}`,
      );
    }
    if (negligible(x)) outside = x;
    else inside = x;
    distance *= 2;
  }

  // Bisect to within 1/1000 of the distance, so the cut is not far beyond need.
  for (let i = 0; i < 60 && Math.abs(outside - inside) > 1e-3 * Math.abs(outside - center); i++) {
    const middle = inside + (outside - inside) / 2;
    if (negligible(middle)) outside = middle;
    else inside = middle;
  }
  return { point: outside, pole: false };
}

/**
 * Returns the tail test of CDF mode: the CDF is within `tolerance` of 0
 * (lower tail) or 1 (upper tail). Because the search only moves outwards, it
 * also checks that the CDF moves towards 0 or 1, which catches a decreasing
 * function passed as a CDF.
 */
function cdfTailTest(source: MassSource, center: number, direction: -1 | 1, tolerance: number): (x: number) => boolean {
  let previousX = center;
  let previous = source.value(center);
  return (x: number) => {
    const value = source.value(x);
    const outward = Math.abs(x - center) > Math.abs(previousX - center);
    if (outward && (direction > 0 ? value < previous : value > previous)) {
      throw new InvalidArgumentError(
        `cdf(${x})`,
        `${direction > 0 ? 'at least' : 'at most'} cdf(${previousX}) = ${previous}, because a distribution function never decreases`,
        value,
      );
    }
    if (outward) {
      previousX = x;
      previous = value;
    }
    return (direction > 0 ? 1 - value : value) <= tolerance;
  };
}

/**
 * Tail mass beyond x estimated from a local fit f(t) = (a + b t)^-2, which is
 * 2 f(x)^2 / |f'(x)|. That fit is exact for Cauchy-like tails and
 * overestimates lighter tails, so the cut errs on the safe side. A density
 * that is not decreasing outwards at x gives no estimate, so the search goes on.
 */
function densityTailIsNegligible(
  source: MassSource,
  center: number,
  x: number,
  direction: -1 | 1,
  scale: number,
  tolerance: number,
): boolean {
  const value = source.value(x);
  if (value === 0) return true;

  const step = 1e-4 * Math.max(Math.abs(x - center), scale);
  const slope = (source.value(x + step) - source.value(x - step)) / (2 * step);
  if (!(slope * direction < 0)) return false;
  return (2 * value * value) / Math.abs(slope) <= tolerance;
}

/** Local fit f(x) ~ c |x - end|^-alpha of a density with a pole at a finite end. */
export interface PoleFit {
  readonly alpha: number;
  readonly c: number;
}

/**
 * Fits f ~ c d^-alpha near a pole at `end` from two points about 1e-6 and
 * 1e-9 of `width` inside it (`inward` +1 at a lower end, -1 at an upper end).
 */
export function fitPole(source: MassSource, end: number, inward: 1 | -1, width: number): PoleFit {
  const far = width * 2 ** -20;
  const near = width * 2 ** -30;
  const valueFar = source.value(end + inward * far);
  const valueNear = source.value(end + inward * near);
  const alpha = Math.log(valueNear / valueFar) / Math.log(far / near);
  return { alpha, c: valueNear * near ** alpha };
}

/**
 * Moves a finite end with a pole inward by the distance d at which the mass
 * between the end and end + d equals `tolerance`. The mass comes from the
 * fit of `fitPole` at points about 1e-6 and 1e-9 of the way to the center.
 */
function cutPole(source: MassSource, center: number, end: number, direction: -1 | 1, tolerance: number): number {
  const inward = -direction as 1 | -1;
  const near = Math.abs(center - end) * 2 ** -30;
  const { alpha, c } = fitPole(source, end, inward, Math.abs(center - end));
  checkIntegrablePole(end, alpha);

  // Mass of [end, end + d] under c d^-alpha is c d^(1 - alpha) / (1 - alpha).
  const fitted = ((tolerance * (1 - alpha)) / c) ** (1 / (1 - alpha));
  const distance = Math.min(fitted, near);
  const cut = end + inward * distance;
  if (cut === end || !(Number.isFinite(cut))) {
    throw new NumericalError(
      `the pole at x = ${end} carries more than the allowed mass within one double-precision step of it, so no representable cut reaches the u-resolution; increase the u-resolution or transform the variable so the pole sits at 0`,
    );
  }
  return cut;
}

/** Throws unless the fitted exponent alpha of a pole at `end` is below 1, so the mass near it is finite. */
export function checkIntegrablePole(end: number, alpha: number): void {
  if (!(alpha < 1 - 1e-6)) {
    throw new NumericalError(
      `the density is not integrable near x = ${end}: it grows like |x - ${end}|^-${alpha.toFixed(3)}, and an exponent of 1 or more makes the mass infinite; check the formula or move that end of the domain`,
    );
  }
}
