/**
 * Adaptive rejection sampling (Gilks & Wild 1992, "Adaptive rejection
 * sampling for Gibbs sampling", Applied Statistics 41(2)) for log-concave
 * densities. The envelope is the upper hull of tangents to h = log density
 * at a set of abscissae, and the squeeze is the lower hull of their chords.
 * Each rejected candidate becomes a new abscissa, so the envelope tightens
 * as sampling goes on and no bound M is needed.
 *
 * Log-concavity is checked wherever h is evaluated. Any of these proves
 * that h is not concave: h above the tangent hull, h below the chord hull,
 * or a chord above a tangent. So does a slope that increases from one
 * abscissa to the next, or a chord between neighbouring abscissae whose
 * slope is not between their tangent slopes. The set-up also evaluates h
 * on a grid over the bulk of the first hull and requires the chord slopes
 * between neighbouring grid points to fall. Sampling then stops with an
 * error naming the points.
 *
 * NOTE: a candidate accepted by the squeeze alone never evaluates h, so a
 * dip narrower than the set-up grid spacing, between two abscissae, can
 * still go unnoticed.
 */
import { InvalidArgumentError, NumericalError } from '../../errors.js';
import { uniformOpen } from '../../random/uniform.js';
import type { BitGenerator } from '../../random/types.js';
import { positiveInteger } from '../../validate.js';
import { checkGenerator } from '../check-generator.js';

export interface AdaptiveRejectionOptions {
  /** Log of the (unnormalised) target density, concave on the domain. */
  readonly logDensity: (x: number) => number;
  /** Derivative of logDensity; a central difference is used when omitted. */
  readonly logDensityDerivative?: (x: number) => number;
  /** Default (-Infinity, Infinity). The log density must be finite inside. */
  readonly domain?: readonly [number, number];
  /**
   * Starting abscissae (at least 2, distinct, inside the domain). On an
   * infinite lower end the smallest must have a positive slope, and on an
   * infinite upper end the largest a negative slope. Found automatically
   * when omitted.
   */
  readonly initialPoints?: readonly number[];
  /** The hull stops growing at this many abscissae. Default 50. */
  readonly maxPoints?: number;
  /** A draw that needs more attempts than this stops with an error. Default 10,000. */
  readonly maxAttemptsPerDraw?: number;
}

export interface AdaptiveRejectionStatistics {
  readonly attempts: number;
  readonly accepted: number;
  readonly acceptanceRate: number;
  /** Accepted by the squeeze test alone, without evaluating the density. */
  readonly squeezeAccepted: number;
  /** Calls to logDensity, including the two per finite-difference slope. */
  readonly logDensityEvaluations: number;
  readonly hullPoints: number;
}

/** Slack in log-density units for rounding in the concavity checks (relative to 1 + |h|). */
const EXACT_SLACK = 1e-9;
/** Larger slack when the slopes come from finite differences. */
const NUMERICAL_SLACK = 1e-6;

/** Grid points at equally spaced quantiles of the first hull, where the set-up checks concavity. */
const CHECK_GRID_SIZE = 64;

/** Far-tail quantile levels of the first hull added to the set-up check grid. */
const CHECK_TAIL_LEVELS = [1e-7, 1e-4, 1 - 1e-4, 1 - 1e-7];

export class AdaptiveRejectionSampler {
  private readonly logDensity: (x: number) => number;
  private readonly derivative: (x: number) => number;
  /** Whether `derivative` is the caller's logDensityDerivative rather than a central difference. */
  private readonly exactDerivative: boolean;
  private readonly lower: number;
  private readonly upper: number;
  private readonly maxPoints: number;
  private readonly maxAttemptsPerDraw: number;
  private readonly slack: number;

  // Abscissae in increasing order with h and h' there.
  private xs: number[] = [];
  private hs: number[] = [];
  private slopes: number[] = [];
  // Tangent intersections z_0 = lower < z_1 < ... < z_k = upper, and the log of each segment's mass under the hull.
  private zs: number[] = [];
  private cumulativeMass: number[] = [];

  private attempts = 0;
  private accepted = 0;
  private squeezeAccepted = 0;
  private evaluations = 0;

  constructor(options: AdaptiveRejectionOptions) {
    if (typeof options?.logDensity !== 'function') {
      throw new InvalidArgumentError('logDensity', 'a function returning the log of the target density', options?.logDensity);
    }
    const [lower, upper] = options.domain ?? [-Infinity, Infinity];
    if (Number.isNaN(lower) || Number.isNaN(upper) || !(lower < upper)) {
      throw new InvalidArgumentError('domain', 'a pair [lower, upper] with lower < upper', options.domain);
    }
    this.lower = lower;
    this.upper = upper;
    this.logDensity = options.logDensity;
    this.maxPoints = positiveInteger('maxPoints', options.maxPoints ?? 50);
    this.maxAttemptsPerDraw = positiveInteger('maxAttemptsPerDraw', options.maxAttemptsPerDraw ?? 10_000);

    this.exactDerivative = options.logDensityDerivative !== undefined;
    if (options.logDensityDerivative !== undefined) {
      this.derivative = options.logDensityDerivative;
      this.slack = EXACT_SLACK;
    } else {
      this.derivative = (x) => {
        this.evaluations += 2;
        return centralDifference(options.logDensity, x, lower, upper);
      };
      this.slack = NUMERICAL_SLACK;
    }

    const points = options.initialPoints ?? this.findInitialPoints();
    this.initialise(points);
  }

  /** Draws one value. */
  sample(rng: BitGenerator): number {
    checkGenerator(rng);
    for (let attempt = 0; attempt < this.maxAttemptsPerDraw; attempt++) {
      this.attempts++;
      const x = this.sampleHull(rng);
      const logU = Math.log(uniformOpen(rng));
      const hull = this.upperHull(x);
      const squeeze = this.squeeze(x);
      if (squeeze > hull + this.slack * (1 + Math.abs(hull))) {
        // For a concave h every chord lies below every tangent.
        throw new NumericalError(
          `the log density is not concave: at x = ${x} the chord between neighbouring abscissae (${squeeze}) lies above the tangent hull (${hull}); adaptive rejection needs a log-concave density, so use another method`,
        );
      }

      if (logU <= squeeze - hull) {
        this.accepted++;
        this.squeezeAccepted++;
        return x;
      }

      const h = this.evaluate(x);
      const slope = this.derivative(x);
      this.checkConcavity(x, h, hull, squeeze);
      const accept = logU <= h - hull;
      if (this.xs.length < this.maxPoints) this.insert(x, h, slope);
      if (accept) {
        this.accepted++;
        return x;
      }
    }
    throw new NumericalError(
      `adaptive rejection sampling stopped after ${this.maxAttemptsPerDraw} attempts for one draw (acceptance rate ${(this.accepted / this.attempts).toExponential(2)}); the log density is probably not concave or varies on a scale finer than the hull can follow`,
    );
  }

  /** Draws `n` values into a new Float64Array. */
  sampleN(rng: BitGenerator, n: number): Float64Array {
    checkGenerator(rng);
    const result = new Float64Array(positiveInteger('n', n));
    for (let i = 0; i < n; i++) result[i] = this.sample(rng);
    return result;
  }

  get statistics(): AdaptiveRejectionStatistics {
    return {
      attempts: this.attempts,
      accepted: this.accepted,
      acceptanceRate: this.attempts > 0 ? this.accepted / this.attempts : NaN,
      squeezeAccepted: this.squeezeAccepted,
      logDensityEvaluations: this.evaluations,
      hullPoints: this.xs.length,
    };
  }

  /** Current abscissae, for inspection. */
  get abscissae(): readonly number[] {
    return [...this.xs];
  }

  private evaluate(x: number): number {
    this.evaluations++;
    const h = this.logDensity(x);
    if (Number.isNaN(h) || h === Infinity) {
      throw new NumericalError(`the log density is ${h} at x = ${x}; it must be a finite number inside the domain`);
    }
    if (h === -Infinity) {
      throw new NumericalError(
        `the log density is -Infinity (the density is 0) at x = ${x}, inside the domain [${this.lower}, ${this.upper}]; adaptive rejection needs the domain to match the support, so restrict the domain to where the density is positive`,
      );
    }
    return h;
  }

  /**
   * Picks starting points: the middle of a finite domain (or 0) and points
   * on either side, moved outwards in doubling steps until the slope has the
   * sign that makes the hull integrable on an infinite end.
   */
  private findInitialPoints(): number[] {
    const finiteLower = Number.isFinite(this.lower);
    const finiteUpper = Number.isFinite(this.upper);
    let center = 0;
    let spread = 1;
    if (finiteLower && finiteUpper) {
      center = (this.lower + this.upper) / 2;
      spread = (this.upper - this.lower) / 4;
    } else if (finiteLower) {
      center = this.lower + 1;
    } else if (finiteUpper) {
      center = this.upper - 1;
    }

    this.evaluate(center);
    let left = Math.max(center - spread, finiteLower ? (this.lower + center) / 2 : -Infinity);
    let right = Math.min(center + spread, finiteUpper ? (this.upper + center) / 2 : Infinity);
    for (let k = 0; !finiteLower && !(this.checkedSlope(left) > 0); k++) {
      if (k > 60) throw this.improperError('lower', left);
      left = center - (left === center ? 1 : 2 * (center - left));
    }
    for (let k = 0; !finiteUpper && !(this.checkedSlope(right) < 0); k++) {
      if (k > 60) throw this.improperError('upper', right);
      right = center + 2 * (right - center);
    }
    return [left, center, right];
  }

  /**
   * Returns the slope of h at x for the set-up, and throws when it is NaN.
   * The error names the point where h itself is NaN or infinite if there is
   * one, so the tail search never reads a NaN slope as "not decreasing".
   */
  private checkedSlope(x: number): number {
    const slope = this.derivative(x);
    if (!Number.isNaN(slope)) return slope;

    this.evaluate(x);
    if (this.exactDerivative) {
      throw new NumericalError(`logDensityDerivative is NaN at x = ${x}; it must return a number wherever the log density is finite`);
    }
    for (const point of differencePoints(x, this.lower, this.upper)) this.evaluate(point);
    throw new NumericalError(`the derivative of the log density is NaN at x = ${x}`);
  }

  private improperError(side: 'lower' | 'upper', x: number): NumericalError {
    return new NumericalError(
      `the log density does not ${side === 'lower' ? 'increase' : 'decrease'} anywhere out to x = ${x}, so on an infinite ${side} end it is not a proper log-concave density; give a finite domain or initialPoints`,
    );
  }

  private initialise(points: readonly number[]): void {
    const sorted = [...new Set(points)].sort((a, b) => a - b);
    if (sorted.length < 2) {
      throw new InvalidArgumentError('initialPoints', 'at least 2 distinct points', points);
    }
    for (const x of sorted) {
      if (!(x > this.lower && x < this.upper) && !(x === this.lower && Number.isFinite(x)) && !(x === this.upper && Number.isFinite(x))) {
        throw new InvalidArgumentError('initialPoints', `points inside the domain [${this.lower}, ${this.upper}]`, points);
      }
    }

    for (const x of sorted) {
      const h = this.evaluate(x);
      this.xs.push(x);
      this.hs.push(h);
      this.slopes.push(this.checkedSlope(x));
    }
    for (let j = 1; j < this.xs.length; j++) this.checkNeighbours(j);

    const last = this.xs.length - 1;
    if (!Number.isFinite(this.lower) && !(this.slopes[0] > 0)) {
      throw new InvalidArgumentError('initialPoints', 'a smallest point where the log density increases, because the lower end is infinite', points);
    }
    if (!Number.isFinite(this.upper) && !(this.slopes[last] < 0)) {
      throw new InvalidArgumentError('initialPoints', 'a largest point where the log density decreases, because the upper end is infinite', points);
    }
    this.updateHull();
    this.checkGrid();
  }

  /**
   * Evaluates h on a grid at equally spaced quantiles of the hull (plus a
   * few far-tail quantiles and the abscissae) and throws unless the chord
   * slopes between neighbouring grid points fall from left to right, which
   * every concave function satisfies. This catches a dip or a second mode
   * that the first abscissae straddle, where the squeeze would otherwise
   * accept candidates without ever evaluating h.
   */
  private checkGrid(): void {
    const levels = [...CHECK_TAIL_LEVELS];
    for (let i = 0; i < CHECK_GRID_SIZE; i++) levels.push((i + 0.5) / CHECK_GRID_SIZE);
    const points = new Map<number, number>();
    this.xs.forEach((x, j) => points.set(x, this.hs[j]));
    for (const level of levels) {
      const x = this.hullQuantile(level);
      if (!points.has(x) && x > this.lower && x < this.upper) points.set(x, this.evaluate(x));
    }

    const grid = [...points.keys()].sort((a, b) => a - b);
    let previousSlope = Infinity;
    for (let i = 1; i < grid.length; i++) {
      const [x0, x1] = [grid[i - 1], grid[i]];
      const [h0, h1] = [points.get(x0) as number, points.get(x1) as number];
      const slope = (h1 - h0) / (x1 - x0);
      const rounding = (4 * Number.EPSILON * (Math.abs(h0) + Math.abs(h1))) / (x1 - x0);
      if (slope > previousSlope + this.slack * (1 + Math.abs(previousSlope)) + rounding) {
        throw new NumericalError(
          `the log density is not concave: its chord slope rises from ${previousSlope} on [${grid[i - 2]}, ${x0}] to ${slope} on [${x0}, ${x1}]; adaptive rejection needs a log-concave density, so use another method`,
        );
      }
      previousSlope = slope;
    }
  }

  private insert(x: number, h: number, slope: number): void {
    let j = 0;
    while (j < this.xs.length && this.xs[j] < x) j++;
    if (this.xs[j] === x) return;
    this.xs.splice(j, 0, x);
    this.hs.splice(j, 0, h);
    this.slopes.splice(j, 0, slope);
    if (j > 0) this.checkNeighbours(j);
    if (j + 1 < this.xs.length) this.checkNeighbours(j + 1);
    this.updateHull();
  }

  /**
   * Throws unless abscissae j - 1 and j are consistent with a concave h: the
   * slope does not rise from one to the next, and the chord between them has
   * a slope between their two tangent slopes. The second condition is what
   * places the tangents' intersection between the two abscissae.
   */
  private checkNeighbours(j: number): void {
    this.checkSlopes(j);

    const [x0, x1] = [this.xs[j - 1], this.xs[j]];
    const [h0, h1] = [this.hs[j - 1], this.hs[j]];
    const [s0, s1] = [this.slopes[j - 1], this.slopes[j]];
    const chord = (h1 - h0) / (x1 - x0);
    const rounding = (4 * Number.EPSILON * (Math.abs(h0) + Math.abs(h1))) / (x1 - x0);
    const tooSteep = chord > s0 + this.slack * (1 + Math.abs(s0)) + rounding;
    const tooShallow = chord < s1 - this.slack * (1 + Math.abs(s1)) - rounding;
    if (tooSteep || tooShallow) {
      throw new NumericalError(
        `the log density is not concave between x = ${x0} and x = ${x1}: the chord between them has slope ${chord}, which is not between the tangent slopes ${s0} and ${s1} there; adaptive rejection needs a log-concave density, so use another method`,
      );
    }
  }

  /** Throws unless the slope at abscissa j - 1 is at least the slope at j (h' non-increasing). */
  private checkSlopes(j: number): void {
    const previous = this.slopes[j - 1];
    const current = this.slopes[j];
    if (Number.isNaN(previous) || Number.isNaN(current)) {
      throw new NumericalError(`the derivative of the log density is NaN near x = ${this.xs[j]}`);
    }
    if (current > previous + this.slack * (1 + Math.abs(previous))) {
      throw new NumericalError(
        `the log density is not concave: its slope rises from ${previous} at x = ${this.xs[j - 1]} to ${current} at x = ${this.xs[j]}; adaptive rejection needs a log-concave density, so use another method`,
      );
    }
  }

  private checkConcavity(x: number, h: number, hull: number, squeeze: number): void {
    const slack = this.slack * (1 + Math.abs(h));
    if (h > hull + slack) {
      throw new NumericalError(
        `the log density is not concave: at x = ${x} it is ${h}, above the tangent hull ${hull}; adaptive rejection needs a log-concave density, so use another method`,
      );
    }
    if (h < squeeze - slack) {
      throw new NumericalError(
        `the log density is not concave: at x = ${x} it is ${h}, below the chord between its neighbours (${squeeze}); adaptive rejection needs a log-concave density, so use another method`,
      );
    }
  }

  /** Recomputes the tangent intersections and the cumulative hull masses. */
  private updateHull(): void {
    const k = this.xs.length;
    const zs = [this.lower];
    for (let j = 0; j + 1 < k; j++) zs.push(this.intersection(j));
    zs.push(this.upper);
    this.zs = zs;

    // Log masses of the segments, shifted by their maximum before exponentiating.
    const logMasses: number[] = [];
    for (let j = 0; j < k; j++) logMasses.push(this.segmentLogMass(j));
    const offset = Math.max(...logMasses);
    if (!Number.isFinite(offset)) {
      throw new NumericalError('the tangent hull has infinite mass; the log density must decrease towards every infinite end of the domain');
    }
    let total = 0;
    this.cumulativeMass = logMasses.map((logMass) => (total += Math.exp(logMass - offset)));
  }

  /** Returns the point where the tangents at abscissae j and j + 1 cross (their midpoint when parallel). */
  private intersection(j: number): number {
    const [x0, x1] = [this.xs[j], this.xs[j + 1]];
    const [h0, h1] = [this.hs[j], this.hs[j + 1]];
    const [s0, s1] = [this.slopes[j], this.slopes[j + 1]];
    const denominator = s0 - s1;
    if (!(Math.abs(denominator) > 1e-12 * (Math.abs(s0) + Math.abs(s1)))) return (x0 + x1) / 2;
    const z = (h1 - h0 - x1 * s1 + x0 * s0) / denominator;
    // Rounding can push z a hair outside [x0, x1]; the hull is only defined inside.
    return Math.min(x1, Math.max(x0, z));
  }

  /** Returns the log of the integral of exp(tangent j) over [z_j, z_(j+1)]. */
  private segmentLogMass(j: number): number {
    const a = this.zs[j];
    const b = this.zs[j + 1];
    const slope = this.slopes[j];
    const width = b - a;
    if (!(width > 0)) return -Infinity;

    if (slope === 0) return this.tangent(j, a) + Math.log(width);
    if (slope > 0) return this.tangent(j, b) + Math.log(-Math.expm1(-slope * width)) - Math.log(slope);
    return this.tangent(j, a) + Math.log(-Math.expm1(slope * width)) - Math.log(-slope);
  }

  private tangent(j: number, x: number): number {
    return this.hs[j] + (x - this.xs[j]) * this.slopes[j];
  }

  /** Upper hull u(x): the tangent of the segment that contains x. */
  private upperHull(x: number): number {
    let j = 0;
    while (j + 1 < this.xs.length && x > this.zs[j + 1]) j++;
    return this.tangent(j, x);
  }

  /** Returns the lower hull l(x): the chord between the neighbouring abscissae, -Infinity outside [x_1, x_k]. */
  private squeeze(x: number): number {
    const xs = this.xs;
    if (x < xs[0] || x > xs[xs.length - 1]) return -Infinity;
    let j = 0;
    while (j + 2 < xs.length && x > xs[j + 1]) j++;
    const t = (x - xs[j]) / (xs[j + 1] - xs[j]);
    return (1 - t) * this.hs[j] + t * this.hs[j + 1];
  }

  /** Draws from the normalised exponential of the upper hull by inverting each segment's CDF. */
  private sampleHull(rng: BitGenerator): number {
    const cumulative = this.cumulativeMass;
    const target = uniformOpen(rng) * cumulative[cumulative.length - 1];
    let j = 0;
    while (j + 1 < cumulative.length && cumulative[j] <= target) j++;
    return this.segmentQuantile(j, uniformOpen(rng));
  }

  /** Returns the p-quantile of the normalised exponential of the upper hull, for p in (0, 1). */
  private hullQuantile(p: number): number {
    const cumulative = this.cumulativeMass;
    const target = p * cumulative[cumulative.length - 1];
    let j = 0;
    while (j + 1 < cumulative.length && cumulative[j] <= target) j++;
    const start = j > 0 ? cumulative[j - 1] : 0;
    const within = (target - start) / (cumulative[j] - start);
    return this.segmentQuantile(j, Math.min(1, Math.max(0, within)));
  }

  /** Returns the u-quantile of segment j of the hull, restricted to [z_j, z_(j+1)]. */
  private segmentQuantile(j: number, u: number): number {
    const a = this.zs[j];
    const b = this.zs[j + 1];
    const slope = this.slopes[j];
    let x: number;
    if (slope === 0) {
      x = a + u * (b - a);
    } else if (slope > 0) {
      // Inverted from the right end, so an infinite lower end a causes no overflow.
      x = b + Math.log1p((1 - u) * Math.expm1(-slope * (b - a))) / slope;
    } else {
      x = a + Math.log1p(u * Math.expm1(slope * (b - a))) / slope;
    }
    return Math.min(b, Math.max(a, x));
  }
}

/** Central difference with a step of about cbrt(machine epsilon) relative, kept inside the domain. */
function centralDifference(f: (x: number) => number, x: number, lower: number, upper: number): number {
  const [left, right] = differencePoints(x, lower, upper);
  return (f(right) - f(left)) / (right - left);
}

/** Returns the two points, inside [lower, upper], at which `centralDifference` evaluates f. */
function differencePoints(x: number, lower: number, upper: number): [number, number] {
  const step = 6e-6 * Math.max(1, Math.abs(x));
  return [Math.max(lower, x - step), Math.min(upper, x + step)];
}
