/**
 * A survey of a 1-D density before any sampler is built: the log density on
 * a wide grid, the local maxima it shows, refined to the modes, and a rough
 * mass for each. Numerical inversion, rejection sampling and the Metropolis
 * starting points all use it, so a density with well separated modes (at
 * +-30, +-1000, ...) is seen whole rather than from the first mode found.
 *
 * The grid has 32 points per decade of distance from 0, from 1e-6 to 1e12
 * on each side. It has as many per decade of distance from each finite end
 * of the domain and from `center` when one is given. A finite domain adds
 * 256 equally spaced points.
 *
 * NOTE: a mode narrower than the grid spacing there (about 7 % of its
 * distance from 0, from a finite end or from `center`) is found only when
 * a grid point near it shows a local maximum. It is missed when its log
 * density is -Infinity at the grid points around it, or when another
 * mode's tail dominates them (a unit normal at 5000 beside a Cauchy at 0).
 * Pass `center` near such a mode.
 */
import { InvalidArgumentError, NumericalError } from '../errors.js';

/**
 * The mass of the density is not where a sampler looked for it: the survey
 * found none, found it rising where the grid ends, or found mass that a
 * sampler's construction did not cover. A center near the mass or a domain
 * around it is the fix, so front ends can name their options for those.
 */
export class MassCoverageError extends NumericalError {
  override name = 'MassCoverageError';
}

/** One local maximum of the density. */
export interface DensityMode {
  /** Location of the maximum, refined between the neighbouring grid points. */
  readonly x: number;
  readonly logDensity: number;
  /**
   * Distance from x to where the density falls to half its maximum, on the
   * left and on the right (or to the end of the domain).
   */
  readonly halfWidths: readonly [number, number];
  /**
   * Log of the estimated mass: the larger of the peak density times the
   * full width at half maximum, and the trapezoid sum of the grid over the
   * mode's basin (between the lowest grid points separating it from its
   * neighbours). The second is what counts for a pole or a plateau.
   */
  readonly logMass: number;
}

/** Result of `surveyDensity`: the grid, its log density values and the modes found. */
export interface DensitySurvey {
  /** Grid points in increasing order, all strictly inside the domain. */
  readonly points: Float64Array;
  /** Log density at each grid point. */
  readonly logValues: Float64Array;
  /** Modes whose estimated mass is above `negligibleMass` times the largest, in increasing order of x. */
  readonly modes: readonly DensityMode[];
  /** The mode with the largest estimated mass. */
  readonly main: DensityMode;
  /** Calls to the log density. */
  readonly evaluations: number;
}

export interface SurveyOptions {
  /** A point in the bulk of the density; the grid gets extra points around it. */
  readonly center?: number;
  /** Modes with estimated mass below this fraction of the largest are left out. Default 1e-12. */
  readonly negligibleMass?: number;
  /** At most this many local maxima are refined; the highest on the grid and the outermost go first. Default 64. */
  readonly maxRefined?: number;
}

/** Grid points per decade of distance: neighbours differ by a factor of 10^(1/32), about 7.5 %. */
const POINTS_PER_DECADE = 32;

/** Distances from 0 and from `center` span 1e-6 to 1e12, relative to max(1, |center|) for the center. */
const MIN_DECADE = -6;
const MAX_DECADE = 12;

/** Distances from a finite end go down to 1e-15 of the span. */
const END_DECADES = 15;

/** Equally spaced points on a finite domain. */
const EVEN_POINTS = 256;

/** Golden-section steps per mode: the bracket shrinks by a factor of about 1e-8. */
const GOLDEN_STEPS = 40;

/**
 * Evaluates `logDensity` on the survey grid of (lower, upper), finds and
 * refines its local maxima, and returns the modes that carry mass. Throws
 * MassCoverageError when the density is 0 at every grid point, or when it
 * still rises at the end of the grid on an infinite domain (mass beyond
 * 1e12). Throws NumericalError when the log density is NaN or +Infinity
 * inside the domain, unless `logDensity` reports that itself.
 */
export function surveyDensity(
  logDensity: (x: number) => number,
  lower: number,
  upper: number,
  options: SurveyOptions = {},
): DensitySurvey {
  if (Number.isNaN(lower) || Number.isNaN(upper) || !(lower < upper)) {
    throw new InvalidArgumentError('domain', 'a pair [lower, upper] with lower < upper', [lower, upper]);
  }
  let evaluations = 0;
  const evaluate = (x: number): number => {
    evaluations++;
    const value = logDensity(x);
    if (typeof value !== 'number' || Number.isNaN(value) || value === Infinity) {
      throw new NumericalError(`the log density is ${String(value)} at x = ${x}; it must be a number below +Infinity inside the domain (-Infinity where the density is 0)`);
    }
    return value;
  };

  const points = surveyGrid(lower, upper, options.center);
  const logValues = points.map(evaluate);
  const candidates = localMaxima(points, logValues, lower, upper);
  if (candidates.length === 0) {
    throw new MassCoverageError(
      `the density is 0 at all ${points.length} survey points between ${points[0]} and ${points[points.length - 1]}; if it is positive somewhere, give a center where it is positive, otherwise the density is zero everywhere on the domain`,
    );
  }

  const basins = basinLogMasses(points, logValues, candidates);
  const chosen = new Set(chooseForRefinement(candidates, logValues, options.maxRefined ?? 64));
  const refined = candidates.flatMap((candidate, i) => {
    if (!chosen.has(candidate)) return [];
    const mode = refineMode(evaluate, points, logValues, candidate, lower, upper);
    return [{ ...mode, logMass: Math.max(mode.logMass, basins[i]) }];
  });
  const largest = Math.max(...refined.map((mode) => mode.logMass));
  const threshold = largest + Math.log(options.negligibleMass ?? 1e-12);
  const modes = refined.filter((mode) => mode.logMass >= threshold).sort((a, b) => a.x - b.x);
  const main = modes.reduce((best, mode) => (mode.logMass > best.logMass ? mode : best));

  return { points: Float64Array.from(points), logValues: Float64Array.from(logValues), modes, main, evaluations };
}

/** Returns the survey grid: sorted, without duplicates, strictly inside (lower, upper). */
export function surveyGrid(lower: number, upper: number, center?: number): number[] {
  const points: number[] = [0];
  const distances: number[] = [];
  for (let k = MIN_DECADE * POINTS_PER_DECADE; k <= MAX_DECADE * POINTS_PER_DECADE; k++) distances.push(10 ** (k / POINTS_PER_DECADE));
  for (const d of distances) points.push(d, -d);

  if (center != null && Number.isFinite(center)) {
    const unit = Math.max(1, Math.abs(center));
    points.push(center);
    for (const d of distances) points.push(center + unit * d, center - unit * d);
  }

  const finiteLower = Number.isFinite(lower);
  const finiteUpper = Number.isFinite(upper);
  for (const [end, inward] of [[lower, 1], [upper, -1]] as const) {
    if (!Number.isFinite(end)) continue;
    const span = finiteLower && finiteUpper ? upper - lower : 1e12 * Math.max(1, Math.abs(end));
    const decades = finiteLower && finiteUpper ? END_DECADES : END_DECADES + MAX_DECADE;
    for (let k = 1; k <= decades * POINTS_PER_DECADE; k++) points.push(end + inward * span * 10 ** (-k / POINTS_PER_DECADE));
  }
  if (finiteLower && finiteUpper) {
    // lower (1 - t) + upper t stays finite where upper - lower overflows.
    for (let i = 1; i < EVEN_POINTS; i++) points.push(lower * (1 - i / EVEN_POINTS) + upper * (i / EVEN_POINTS));
  }

  const inside = points.filter((x) => x > lower && x < upper && Number.isFinite(x)).sort((a, b) => a - b);
  return inside.filter((x, i) => i === 0 || x !== inside[i - 1]);
}

/** A local maximum of the grid values: the run of equal values from `first` to `last`. */
interface Candidate {
  readonly first: number;
  readonly last: number;
}

/**
 * Returns the local maxima of the grid values with a finite log density.
 * A run of equal values counts once. A maximum at the first or last grid
 * point counts only next to a finite end of the domain. Next to an infinite
 * end it means the density still rises where the grid stops, which throws.
 */
function localMaxima(points: number[], values: number[], lower: number, upper: number): Candidate[] {
  const candidates: Candidate[] = [];
  const count = values.length;
  for (let first = 0; first < count; ) {
    let last = first;
    while (last + 1 < count && values[last + 1] === values[first]) last++;
    const value = values[first];
    const risesFromLeft = first === 0 || values[first - 1] < value;
    const fallsToRight = last === count - 1 || values[last + 1] < value;

    if (value > -Infinity && risesFromLeft && fallsToRight) {
      const atLowerEdge = first === 0 && count > 1 && values[1] < value;
      const atUpperEdge = last === count - 1 && count > 1 && values[count - 2] < value;
      if ((atLowerEdge && !Number.isFinite(lower)) || (atUpperEdge && !Number.isFinite(upper))) {
        const x = atLowerEdge ? points[0] : points[count - 1];
        throw new MassCoverageError(
          `the density still increases at x = ${x}, where the survey grid ends, so its mass may lie farther out; give a center near the mass or a finite domain`,
        );
      }
      candidates.push({ first, last });
    }
    first = last + 1;
  }
  return candidates;
}

/**
 * Returns the log of the trapezoid sum of the grid over each candidate's
 * basin: the cells from the lowest grid point between it and the previous
 * candidate to the lowest between it and the next (or the ends of the grid).
 */
function basinLogMasses(points: number[], values: number[], candidates: Candidate[]): number[] {
  const shift = Math.max(...values);
  const valleys = [0];
  for (let i = 1; i < candidates.length; i++) {
    let lowest = candidates[i - 1].last;
    for (let k = lowest; k <= candidates[i].first; k++) if (values[k] < values[lowest]) lowest = k;
    valleys.push(lowest);
  }
  valleys.push(points.length - 1);

  return candidates.map((_, i) => {
    let sum = 0;
    for (let k = valleys[i]; k < valleys[i + 1]; k++) {
      sum += ((Math.exp(values[k] - shift) + Math.exp(values[k + 1] - shift)) / 2) * (points[k + 1] - points[k]);
    }
    return Math.log(sum) + shift;
  });
}

/**
 * Returns at most `limit` candidates: the outermost two on each side (which
 * decide how far the domain reaches), then the highest on the grid.
 */
function chooseForRefinement(candidates: Candidate[], values: number[], limit: number): Candidate[] {
  if (candidates.length <= limit) return candidates;
  const chosen = new Set<Candidate>([...candidates.slice(0, 2), ...candidates.slice(-2)]);
  const byHeight = [...candidates].sort((a, b) => values[b.first] - values[a.first]);
  for (const candidate of byHeight) {
    if (chosen.size >= limit) break;
    chosen.add(candidate);
  }
  return [...chosen].sort((a, b) => a.first - b.first);
}

/**
 * Refines a candidate into a mode: golden-section search between the
 * neighbouring grid points (a run of equal values keeps its midpoint), then
 * the half-maximum distance on each side by doubling steps.
 */
function refineMode(
  evaluate: (x: number) => number,
  points: number[],
  values: number[],
  candidate: Candidate,
  lower: number,
  upper: number,
): DensityMode {
  const left = candidate.first > 0 ? points[candidate.first - 1] : lower;
  const right = candidate.last + 1 < points.length ? points[candidate.last + 1] : upper;
  let x = points[candidate.first];
  let logDensity = values[candidate.first];

  if (candidate.first === candidate.last && Number.isFinite(left) && Number.isFinite(right)) {
    // Rounding can put a trial point on a finite end of the domain, where a pole may sit.
    const inside = (point: number): number => (point > lower && point < upper ? evaluate(point) : -Infinity);
    [x, logDensity] = goldenSectionMax(inside, left, right, x, logDensity);
  } else if (candidate.first !== candidate.last) {
    x = (points[candidate.first] + points[candidate.last]) / 2;
    logDensity = evaluate(x);
  }

  const start = Math.max(Math.abs(right - left) * 1e-9, 1e-300, Math.abs(x) * 1e-15);
  const halfWidths: [number, number] = [
    halfMaximumDistance(evaluate, x, logDensity, -1, lower, start),
    halfMaximumDistance(evaluate, x, logDensity, 1, upper, start),
  ];
  return { x, logDensity, halfWidths, logMass: logDensity + Math.log(halfWidths[0] + halfWidths[1]) };
}

/**
 * Distance from x, searching in `direction`, at which the log density has
 * fallen by log 2: doubling steps to bracket it, then 12 bisection steps,
 * so the distance is within about 0.03 % of the bracket. Returns the
 * distance to a finite end of the domain when the density stays above half
 * its maximum up to there.
 */
function halfMaximumDistance(
  evaluate: (x: number) => number,
  x: number,
  logDensity: number,
  direction: -1 | 1,
  end: number,
  start: number,
): number {
  const threshold = logDensity - Math.LN2;
  let inside = 0;
  let outside = NaN;
  for (let distance = start; Number.isNaN(outside); distance *= 2) {
    const point = x + direction * distance;
    if (!(direction < 0 ? point > end : point < end) || !Number.isFinite(point)) return Math.abs(end - x) < Infinity ? Math.abs(end - x) : distance;
    if (evaluate(point) < threshold) outside = distance;
    else inside = distance;
  }

  for (let step = 0; step < 12; step++) {
    const middle = (inside + outside) / 2;
    if (evaluate(x + direction * middle) < threshold) outside = middle;
    else inside = middle;
  }
  return outside;
}

/**
 * Maximises `f` on [left, right] by golden-section search, starting from a
 * known point (x0, f0) inside. Returns the best point seen and its value.
 */
export function goldenSectionMax(f: (x: number) => number, left: number, right: number, x0: number, f0: number, steps = GOLDEN_STEPS): [number, number] {
  const ratio = (Math.sqrt(5) - 1) / 2; // 1 / golden ratio
  let a = left;
  let b = right;
  let bestX = x0;
  let bestValue = f0;

  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let step = 0; step < steps && b - a > 1e-15 * Math.max(Math.abs(a), Math.abs(b)); step++) {
    if (fc > bestValue) [bestX, bestValue] = [c, fc];
    if (fd > bestValue) [bestX, bestValue] = [d, fd];
    if (fc >= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = f(d);
    }
  }
  if (fc > bestValue) [bestX, bestValue] = [c, fc];
  if (fd > bestValue) [bestX, bestValue] = [d, fd];
  return [bestX, bestValue];
}

/**
 * Estimates the mass of exp(logValue - shift) over the grid cells by the
 * trapezoid rule, counting only cells where the density changes by less
 * than a factor of 4 between the two ends. Such cells are resolved by the
 * grid, so there the estimate is within about 16 % (exact for linear pieces). Cells
 * that lie inside [from, to] go to `inside`, cells entirely outside it to
 * `outside`. The estimate is independent of any sampler's own integration.
 */
export function resolvedGridMass(
  survey: Pick<DensitySurvey, 'points' | 'logValues'>,
  shift: number,
  from: number,
  to: number,
): { inside: number; outside: number } {
  const { points, logValues } = survey;
  let inside = 0;
  let outside = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const [v0, v1] = [logValues[i], logValues[i + 1]];
    if (!(v0 > -Infinity && v1 > -Infinity) || Math.abs(v1 - v0) > Math.log(4)) continue;
    const mass = ((Math.exp(v0 - shift) + Math.exp(v1 - shift)) / 2) * (points[i + 1] - points[i]);
    if (points[i] >= from && points[i + 1] <= to) inside += mass;
    else if (points[i + 1] <= from || points[i] >= to) outside += mass;
  }
  return { inside, outside };
}
