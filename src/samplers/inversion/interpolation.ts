/**
 * The interval table of numerical inversion (PINV): the inverse CDF on each
 * interval is a Newton interpolating polynomial x(u), built and checked as
 * described by Derflinger, Hörmann & Leydold (2010), "Random variate
 * generation by numerical inversion when only the density is known", ACM
 * TOMACS 20(4).
 *
 * For an interval [x0, x0 + h] the nodes are the Chebyshev points
 * x0 + h (1 - cos(k pi / n)) / 2, k = 0..n. Their cumulative masses
 * u_k = F(x_k) - F(x0) come from the source (Gauss–Lobatto integration of
 * the density, or CDF differences). The polynomial of degree n through the
 * points (u_k, x_k - x0) is accepted when, at the u-midpoint of each pair of
 * neighbouring nodes, |F(x0 + P(u)) - F(x0) - u| stays within the tolerance.
 */
import { NumericalError } from '../../errors.js';
import type { MassSource } from './source.js';

/** The finished table. Masses are unnormalised; `totalMass` is their sum. */
export interface InversionTable {
  readonly order: number;
  readonly intervalCount: number;
  /** Left end of each interval. */
  readonly xStart: Float64Array;
  /** Cumulative mass at the left end of each interval. */
  readonly uStart: Float64Array;
  /** Cumulative mass at the right end of each interval; Infinity for the last one so look-ups stop there. */
  readonly uEnd: Float64Array;
  /** Nodes u_1..u_(n-1) of each interval, relative to its start (stride order - 1). */
  readonly nodes: Float64Array;
  /** Newton coefficients c_1..c_n of each interval (stride order). */
  readonly coefficients: Float64Array;
  readonly totalMass: number;
  /** Right end of the last interval. */
  readonly upper: number;
}

export interface TableOptions {
  readonly order: number;
  /** Maximum u-error allowed at the test points, in unnormalised mass. */
  readonly tolerance: number;
  /** Estimate of the total mass, to express errors as fractions of it in messages. */
  readonly mass: number;
  readonly initialStep: number;
  readonly maxIntervals: number;
  /** Whether each end was cut next to a pole, where quadrature needs adaptive refinement however short the interval. */
  readonly poleAtLower: boolean;
  readonly poleAtUpper: boolean;
  /**
   * Points that no interval may cross, in increasing order, each with the
   * step to restart from after it: the modes of the density. An interval
   * that ends at a mode includes its peak, so a long step over a gap between
   * modes cannot jump over the next one.
   */
  readonly breakpoints?: readonly { readonly point: number; readonly step: number }[];
  /** Maps a point of the table's variable to the user's x, for messages. Default identity. */
  readonly toUserX?: (point: number) => number;
}

/** Fraction of the u-error tolerance allowed for the integration error on each node interval. */
const INTEGRATION_FRACTION = 0.01;

/** Quadrature disagreement, in multiples of the tolerance, beyond which an interval is rejected as too long. */
const REJECT_DISCREPANCY = 1000;

/** Builds the interval table over [lower, upper]. */
export function buildInversionTable(source: MassSource, lower: number, upper: number, options: TableOptions): InversionTable {
  const { order, tolerance, maxIntervals } = options;
  const userX = options.toUserX ?? ((point: number) => point);
  const breakpoints = (options.breakpoints ?? []).filter(({ point }) => point > lower && point < upper);
  const builder = new TableBuilder(order);

  let x = lower;
  let valueAtX = source.value(lower);
  let step = Math.min(options.initialStep, upper - lower);
  let cumulative = 0;
  let nextBreak = 0;

  while (x < upper) {
    while (nextBreak < breakpoints.length && breakpoints[nextBreak].point <= x) nextBreak++;
    const stop = nextBreak < breakpoints.length ? breakpoints[nextBreak].point : upper;

    // Take the rest of the way to the stop when it is close, rather than leave a sliver.
    if (x + step >= stop || stop - (x + step) < 1e-6 * step) step = stop - x;
    const end = step === stop - x ? stop : x + step;

    const nearPole = (options.poleAtLower && x === lower) || (options.poleAtUpper && end === upper);
    const attempt = tryInterval(source, x, valueAtX, end, order, tolerance, nearPole);
    if (attempt.accepted) {
      builder.push(x, cumulative, attempt);
      cumulative += attempt.mass;
      if (builder.count > maxIntervals) {
        throw new NumericalError(
          `numerical inversion needs more than maxIntervals = ${maxIntervals} intervals (reached x = ${userX(end)} of [${userX(lower)}, ${userX(upper)}]); increase the u-resolution or maxIntervals`,
        );
      }
      x = end;
      valueAtX = attempt.valueAtEnd;
      // A straight piece shows nothing about how well a polynomial would fit, so the next step grows by the full factor.
      const factor = attempt.linear ? 4 : stepFactor(attempt.error, tolerance, order, 4);
      step = (end - attempt.start) * factor;
      if (nextBreak < breakpoints.length && end === breakpoints[nextBreak].point) step = Math.min(step, breakpoints[nextBreak].step);
    } else {
      step = (end - x) * Math.min(stepFactor(attempt.error, tolerance, order, 0.5), 0.5);
      if (!(step > 1e-13 * Math.max(Math.abs(x), Math.abs(upper - lower) * 1e-3))) {
        // Rounding x to the nearest double alone moves u by up to density * spacing / 2.
        const roundingError = (valueAtX * Math.abs(x) * Number.EPSILON) / 2;
        if (roundingError > tolerance / 10) {
          throw new NumericalError(
            `the u-resolution is finer than double precision allows near x = ${userX(x)}: doubles there are ${Math.abs(userX(x)) * Number.EPSILON} apart, which alone moves u by about ${(roundingError / options.mass).toExponential(1)}; increase the u-resolution or shift the variable so the mass sits near 0`,
          );
        }
        throw new NumericalError(
          `numerical inversion cannot reach the u-resolution near x = ${userX(x)}: the inverse CDF changes too fast there (a pole, a jump or a very narrow spike in the density); increase the u-resolution or split the domain at ${userX(x)}`,
        );
      }
    }
  }

  return builder.finish(cumulative, upper);
}

interface Attempt {
  readonly accepted: boolean;
  /** Accepted as a straight piece because its mass is below half the tolerance. */
  readonly linear?: boolean;
  readonly start: number;
  readonly error: number;
  readonly mass: number;
  readonly valueAtEnd: number;
  readonly nodes: Float64Array;
  readonly coefficients: Float64Array;
}

function tryInterval(
  source: MassSource,
  x0: number,
  value0: number,
  x1: number,
  order: number,
  tolerance: number,
  nearPole: boolean,
): Attempt {
  const h = x1 - x0;
  const xs = new Float64Array(order + 1);
  const values = new Float64Array(order + 1);
  const us = new Float64Array(order + 1);
  xs[0] = x0;
  values[0] = value0;
  for (let k = 1; k < order; k++) xs[k] = x0 + (h * (1 - Math.cos((Math.PI * k) / order))) / 2;
  xs[order] = x1;

  for (let k = 1; k <= order; k++) {
    values[k] = source.value(xs[k]);
    us[k] = us[k - 1] + source.quickMass(xs[k - 1], values[k - 1], xs[k], values[k]);
  }

  // The node pieces form a composite rule over the interval. One rule over
  // the whole interval is far less accurate, so when the two agree the
  // composite one is certainly accurate enough. A large disagreement means
  // the interval is far too long to interpolate, so it is rejected without
  // further work, except next to a pole, where no length makes the rules
  // agree. Otherwise each piece is integrated adaptively.
  const integrationTolerance = INTEGRATION_FRACTION * tolerance;
  const whole = source.quickMass(x0, value0, x1, values[order]);
  const discrepancy = Math.abs(whole - us[order]);
  const precise = !(discrepancy <= integrationTolerance);
  if (precise) {
    if (!nearPole && !(discrepancy <= REJECT_DISCREPANCY * tolerance)) {
      return { accepted: false, start: x0, error: Infinity, mass: us[order], valueAtEnd: values[order], nodes: us, coefficients: us };
    }
    for (let k = 1; k <= order; k++) {
      us[k] = us[k - 1] + source.mass(xs[k - 1], values[k - 1], xs[k], values[k], integrationTolerance);
    }
  }

  let increasing = true;
  for (let k = 1; k <= order; k++) if (!(us[k] > us[k - 1])) increasing = false;
  const mass = us[order];
  const valueAtEnd = values[order];

  // With mass below half the tolerance any increasing map is close enough,
  // because the u-error inside the interval cannot exceed its mass. This
  // covers tails, kinks and jumps where no polynomial fits.
  if (mass <= tolerance / 2) {
    return { accepted: true, linear: true, start: x0, error: mass, mass, valueAtEnd, ...linearPiece(order, h, mass) };
  }
  if (!increasing) {
    return { accepted: false, start: x0, error: Infinity, mass, valueAtEnd, nodes: us, coefficients: us };
  }

  const coefficients = dividedDifferences(us, xs, order);
  const nodes = us.subarray(1, order);

  let error = 0;
  for (let k = 1; k <= order; k++) {
    const t = (us[k - 1] + us[k]) / 2;
    const x = x0 + newtonEvaluate(coefficients, nodes, order, t);
    if (!(x >= xs[k - 1] && x <= xs[k])) return { accepted: false, start: x0, error: Infinity, mass, valueAtEnd, nodes, coefficients };

    const valueAtX = source.value(x);
    const piece = precise
      ? source.mass(xs[k - 1], values[k - 1], x, valueAtX, integrationTolerance)
      : source.quickMass(xs[k - 1], values[k - 1], x, valueAtX);
    const actual = us[k - 1] + piece;
    error = Math.max(error, Math.abs(actual - t));
  }

  return { accepted: error <= tolerance, start: x0, error, mass, valueAtEnd, nodes: Float64Array.from(nodes), coefficients };
}

/** Newton coefficients c_1..c_n of the polynomial through (u_k, x_k - x_0), k = 0..n, with u_0 = 0. */
function dividedDifferences(us: Float64Array, xs: Float64Array, order: number): Float64Array {
  const table = new Float64Array(order + 1);
  for (let k = 0; k <= order; k++) table[k] = xs[k] - xs[0];
  for (let j = 1; j <= order; j++) {
    for (let k = order; k >= j; k--) table[k] = (table[k] - table[k - 1]) / (us[k] - us[k - j]);
  }
  return table.slice(1);
}

function newtonEvaluate(coefficients: Float64Array, nodes: Float64Array, order: number, t: number): number {
  let result = coefficients[order - 1];
  for (let k = order - 2; k >= 0; k--) result = result * (t - nodes[k]) + coefficients[k];
  return result * t;
}

/** Returns the straight line from (0, x0) to (mass, x0 + h), or a constant when the mass is 0. */
function linearPiece(order: number, h: number, mass: number): { nodes: Float64Array; coefficients: Float64Array } {
  const coefficients = new Float64Array(order);
  coefficients[0] = mass > 0 ? h / mass : 0;
  return { nodes: new Float64Array(order - 1), coefficients };
}

/**
 * Step multiplier from the error: the interpolation error of a degree-n
 * polynomial scales like h^(n+1), so aim for 0.8 of the tolerance next time,
 * capped at `limit`.
 */
function stepFactor(error: number, tolerance: number, order: number, limit: number): number {
  if (!(error > 0)) return limit;
  if (!Number.isFinite(error)) return Math.min(limit, 0.5);
  const factor = 0.8 * (tolerance / error) ** (1 / (order + 1));
  return Math.max(0.1, Math.min(limit, factor));
}

class TableBuilder {
  private xStart: number[] = [];
  private uStart: number[] = [];
  private nodes: number[] = [];
  private coefficients: number[] = [];

  constructor(private readonly order: number) {}

  get count(): number {
    return this.xStart.length;
  }

  push(x0: number, u0: number, attempt: Attempt): void {
    this.xStart.push(x0);
    this.uStart.push(u0);
    for (let k = 0; k < this.order - 1; k++) this.nodes.push(attempt.nodes[k]);
    for (let k = 0; k < this.order; k++) this.coefficients.push(attempt.coefficients[k]);
  }

  finish(totalMass: number, upper: number): InversionTable {
    const count = this.xStart.length;
    const uEnd = new Float64Array(count);
    for (let i = 0; i + 1 < count; i++) uEnd[i] = this.uStart[i + 1];
    uEnd[count - 1] = Infinity;
    return {
      order: this.order,
      intervalCount: count,
      xStart: Float64Array.from(this.xStart),
      uStart: Float64Array.from(this.uStart),
      uEnd,
      nodes: Float64Array.from(this.nodes),
      coefficients: Float64Array.from(this.coefficients),
      totalMass,
      upper,
    };
  }
}
