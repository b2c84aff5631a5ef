/**
 * Finite mixtures: with probability w_i (weights normalised to sum 1) a draw
 * comes from component i. `mixture(weights, components)` returns a
 * continuous, discrete or multivariate mixture to match its components,
 * which must all be of one kind.
 */
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { nonNegativeInteger, notNaN, probability } from '../validate.js';
import { AliasTable, normalizeWeights } from './alias-table.js';
import type {
  ContinuousDistribution,
  DiscreteDistribution,
  MultivariateDistribution,
  UnivariateDistribution,
} from './types.js';

type AnyDistribution = UnivariateDistribution | MultivariateDistribution;

/** Stops the root finder once the bracket is this small relative to |x| (a few units in the last place). */
const RELATIVE_TOLERANCE = 4 * Number.EPSILON;
/** Absolute part of the root finder's tolerance, so quantiles at or near 0 end too. */
const ABSOLUTE_TOLERANCE = 1e-300;
const MAX_ROOT_ITERATIONS = 500;

/** The weights and components shared by every kind of mixture. */
abstract class MixtureBase<Component extends AnyDistribution> {
  readonly name = 'mixture';
  /** Mixing probabilities: the weights divided by their sum. */
  readonly weights: Float64Array;
  readonly components: readonly Component[];
  protected readonly logWeights: Float64Array;
  protected readonly table: AliasTable;
  /** Indices of the components with positive weight. */
  protected readonly active: readonly number[];

  constructor(weights: ArrayLike<number>, components: readonly Component[]) {
    this.weights = normalizeWeights('weights', weights);
    if (this.weights.length !== components.length) {
      throw new InvalidArgumentError(
        'weights',
        `an array with one weight per component (${components.length})`,
        weights,
        'Give as many weights as components',
      );
    }
    this.components = [...components];
    this.logWeights = this.weights.map(Math.log);
    this.table = new AliasTable(this.weights);
    this.active = [...this.weights.keys()].filter((i) => this.weights[i] > 0);
  }

  /** log sum_i w_i exp(logTerm(i)) over the components with positive weight, without overflow or underflow. */
  protected logSumExp(logTerm: (component: Component) => number): number {
    const terms = this.active.map((i) => this.logWeights[i] + logTerm(this.components[i]));
    const largest = Math.max(...terms);
    if (Number.isNaN(largest)) return NaN;
    if (largest === -Infinity || largest === Infinity) return largest;

    let sum = 0;
    for (const term of terms) sum += Math.exp(term - largest);
    return largest + Math.log(sum);
  }

  /** sum_i w_i value(component i) over the components with positive weight. */
  protected weightedSum(value: (component: Component) => number): number {
    let sum = 0;
    for (const i of this.active) sum += this.weights[i] * value(this.components[i]);
    return sum;
  }
}

/** Mean and variance by the law of total variance: sum w_i var_i + sum w_i (mean_i - mean)^2. */
function mixtureMoments(weights: Float64Array, components: readonly UnivariateDistribution[], active: readonly number[]): [number, number] {
  let mean = 0;
  for (const i of active) mean += weights[i] * components[i].mean;

  let variance = 0;
  for (const i of active) {
    const component = components[i];
    variance += weights[i] * (component.variance + (component.mean - mean) ** 2);
  }
  return [mean, variance];
}

function supportHull(components: readonly UnivariateDistribution[], active: readonly number[]): [number, number] {
  let lower = Infinity;
  let upper = -Infinity;
  for (const i of active) {
    lower = Math.min(lower, components[i].support[0]);
    upper = Math.max(upper, components[i].support[1]);
  }
  return [lower, upper];
}

/** A finite mixture of continuous distributions. */
export class ContinuousMixture extends MixtureBase<ContinuousDistribution> implements ContinuousDistribution {
  readonly kind = 'continuous' as const;
  readonly parameters: Readonly<Record<string, number>>;
  readonly support: readonly [number, number];
  readonly mean: number;
  readonly variance: number;

  constructor(weights: ArrayLike<number>, components: readonly ContinuousDistribution[]) {
    super(weights, components);
    this.parameters = { components: components.length };
    this.support = supportHull(components, this.active);
    [this.mean, this.variance] = mixtureMoments(this.weights, components, this.active);
  }

  pdf(x: number): number {
    notNaN('x', x);
    return this.weightedSum((component) => component.pdf(x));
  }

  /** log sum w_i pdf_i(x) by log-sum-exp, finite wherever one component's log density is. */
  logPdf(x: number): number {
    notNaN('x', x);
    return this.logSumExp((component) => component.logPdf(x));
  }

  cdf(x: number): number {
    notNaN('x', x);
    return Math.min(1, this.weightedSum((component) => component.cdf(x)));
  }

  sf(x: number): number {
    notNaN('x', x);
    return Math.min(1, this.weightedSum((component) => component.sf(x)));
  }

  /**
   * Solves cdf(x) = p, or sf(x) = 1 - p for p > 1/2 so upper quantiles keep
   * their accuracy, by Brent's method in the bracket between the smallest and
   * the largest component quantile at p (the mixture cdf at those points is
   * at most and at least p). The bracket closes to about 4 ulps of x, so the
   * result is as accurate as the component cdfs allow.
   */
  quantile(p: number): number {
    probability('p', p);
    if (p === 0) return this.support[0];
    if (p === 1) return this.support[1];

    let low = Infinity;
    let high = -Infinity;
    for (const i of this.active) {
      const q = this.components[i].quantile(p);
      low = Math.min(low, q);
      high = Math.max(high, q);
    }
    if (low === high) return low;

    const complement = 1 - p;
    const excess = p > 0.5 ? (x: number) => complement - this.sf(x) : (x: number) => this.cdf(x) - p;
    return brentRoot(excess, low, high);
  }

  sample(rng: BitGenerator): number {
    return this.components[this.table.sample(rng)].sample(rng);
  }

  /**
   * Draws all component indices first, then each component's draws with its
   * own `sampleN`, and places them in index order. The draws have the
   * mixture distribution but differ from n calls of `sample`, which
   * interleave the two kinds of draw.
   */
  sampleN(rng: BitGenerator, n: number): Float64Array {
    return groupedDraws(rng, nonNegativeInteger('n', n), this.table, this.components);
  }
}

/** A finite mixture of discrete distributions. */
export class DiscreteMixture extends MixtureBase<DiscreteDistribution> implements DiscreteDistribution {
  readonly kind = 'discrete' as const;
  readonly parameters: Readonly<Record<string, number>>;
  readonly support: readonly [number, number];
  readonly mean: number;
  readonly variance: number;

  constructor(weights: ArrayLike<number>, components: readonly DiscreteDistribution[]) {
    super(weights, components);
    this.parameters = { components: components.length };
    this.support = supportHull(components, this.active);
    [this.mean, this.variance] = mixtureMoments(this.weights, components, this.active);
  }

  pmf(k: number): number {
    notNaN('k', k);
    return this.weightedSum((component) => component.pmf(k));
  }

  logPmf(k: number): number {
    notNaN('k', k);
    return this.logSumExp((component) => component.logPmf(k));
  }

  logPdf(k: number): number {
    return this.logPmf(k);
  }

  cdf(k: number): number {
    notNaN('k', k);
    return Math.min(1, this.weightedSum((component) => component.cdf(k)));
  }

  sf(k: number): number {
    notNaN('k', k);
    return Math.min(1, this.weightedSum((component) => component.sf(k)));
  }

  /**
   * Finds the least k with cdf(k) >= p (sf(k) <= 1 - p for p > 1/2) by
   * bisection between the lowest and the highest component quantile at p.
   * The mixture cdf reaches p at the highest and is below p just under the
   * lowest.
   */
  quantile(p: number): number {
    probability('p', p);
    if (p === 0) return this.support[0];
    if (p === 1) return this.support[1];

    let low = Infinity;
    let high = -Infinity;
    for (const i of this.active) {
      const q = this.components[i].quantile(p);
      low = Math.min(low, q);
      high = Math.max(high, q);
    }

    const complement = 1 - p;
    const reached = p > 0.5 ? (k: number) => this.sf(k) <= complement : (k: number) => this.cdf(k) >= p;
    // Invariant: reached(high) is true; every k below `low` fails.
    while (low < high) {
      const middle = low + Math.floor((high - low) / 2);
      if (reached(middle)) high = middle;
      else low = middle + 1;
    }
    return high;
  }

  sample(rng: BitGenerator): number {
    return this.components[this.table.sample(rng)].sample(rng);
  }

  /** Draws grouped by component, as `ContinuousMixture.sampleN` does. */
  sampleN(rng: BitGenerator, n: number): Float64Array {
    return groupedDraws(rng, nonNegativeInteger('n', n), this.table, this.components);
  }
}

/** A finite mixture of multivariate distributions of one dimension. */
export class MultivariateMixture extends MixtureBase<MultivariateDistribution> implements MultivariateDistribution {
  readonly kind = 'multivariate' as const;
  readonly dimension: number;
  readonly mean: Float64Array;
  /** sum w_i (cov_i + (mean_i - mean)(mean_i - mean)'), row-major. */
  readonly covariance: Float64Array;

  constructor(weights: ArrayLike<number>, components: readonly MultivariateDistribution[]) {
    super(weights, components);
    const d = components[0].dimension;
    components.forEach((component, i) => {
      if (component.dimension !== d) {
        throw new InvalidArgumentError(`components[${i}].dimension`, `${d}, the dimension of components[0]`, component.dimension);
      }
    });
    this.dimension = d;

    this.mean = new Float64Array(d);
    for (const i of this.active) {
      for (let j = 0; j < d; j++) this.mean[j] += this.weights[i] * components[i].mean[j];
    }
    this.covariance = new Float64Array(d * d);
    for (const i of this.active) {
      const component = components[i];
      for (let r = 0; r < d; r++) {
        for (let c = 0; c < d; c++) {
          const between = (component.mean[r] - this.mean[r]) * (component.mean[c] - this.mean[c]);
          this.covariance[r * d + c] += this.weights[i] * (component.covariance[r * d + c] + between);
        }
      }
    }
  }

  pdf(x: ArrayLike<number>): number {
    return this.weightedSum((component) => component.pdf(x));
  }

  logPdf(x: ArrayLike<number>): number {
    return this.logSumExp((component) => component.logPdf(x));
  }

  sample(rng: BitGenerator): Float64Array {
    return this.components[this.table.sample(rng)].sample(rng);
  }

  /** Draws n rows into a row-major n x dimension array; the same values as n calls of `sample`. */
  sampleN(rng: BitGenerator, n: number): Float64Array {
    const out = new Float64Array(nonNegativeInteger('n', n) * this.dimension);
    for (let row = 0; row < n; row++) out.set(this.sample(rng), row * this.dimension);
    return out;
  }
}

export type Mixture = ContinuousMixture | DiscreteMixture | MultivariateMixture;

/**
 * Builds the mixture sum_i w_i component_i. Weights are non-negative, not
 * all zero, one per component, and need not sum to 1. Components must be all
 * continuous, all discrete or all multivariate (of one dimension).
 */
export function mixture(weights: ArrayLike<number>, components: readonly ContinuousDistribution[]): ContinuousMixture;
export function mixture(weights: ArrayLike<number>, components: readonly DiscreteDistribution[]): DiscreteMixture;
export function mixture(weights: ArrayLike<number>, components: readonly MultivariateDistribution[]): MultivariateMixture;
export function mixture(weights: ArrayLike<number>, components: readonly AnyDistribution[]): Mixture;
export function mixture(weights: ArrayLike<number>, components: readonly AnyDistribution[]): Mixture {
  if (!Array.isArray(components) || components.length === 0) {
    throw new InvalidArgumentError('components', 'a non-empty array of distributions', components);
  }
  const kinds = components.map((component, i) => {
    const kind = (component as { kind?: unknown } | null)?.kind;
    if (kind !== 'continuous' && kind !== 'discrete' && kind !== 'multivariate') {
      throw new InvalidArgumentError(`components[${i}]`, 'a samplekit distribution (continuous, discrete or multivariate)', component);
    }
    return kind;
  });
  if (kinds.some((kind) => kind !== kinds[0])) {
    throw new InvalidArgumentError(
      'components',
      'distributions of one kind (all continuous, all discrete or all multivariate)',
      kinds,
      'Mix continuous with continuous, discrete with discrete and multivariate with multivariate components',
    );
  }

  if (kinds[0] === 'continuous') return new ContinuousMixture(weights, components as ContinuousDistribution[]);
  if (kinds[0] === 'discrete') return new DiscreteMixture(weights, components as DiscreteDistribution[]);
  return new MultivariateMixture(weights, components as MultivariateDistribution[]);
}

function groupedDraws(rng: BitGenerator, n: number, table: AliasTable, components: readonly UnivariateDistribution[]): Float64Array {
  const choices = new Uint32Array(n);
  const counts = new Array<number>(components.length).fill(0);
  for (let i = 0; i < n; i++) {
    choices[i] = table.sample(rng);
    counts[choices[i]] += 1;
  }

  const draws = components.map((component, i) => (counts[i] > 0 ? component.sampleN(rng, counts[i]) : new Float64Array(0)));
  const next = new Array<number>(components.length).fill(0);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const component = choices[i];
    out[i] = draws[component][next[component]];
    next[component] += 1;
  }
  return out;
}

/**
 * Finds a root of the increasing function f in [low, high], where
 * f(low) <= 0 <= f(high) up to rounding, by Brent's method (the zeroin
 * algorithm): inverse quadratic or secant steps, with a bisection step
 * whenever those would be slow.
 */
function brentRoot(f: (x: number) => number, low: number, high: number): number {
  let a = low;
  let b = high;
  let fa = f(a);
  let fb = f(b);
  // The bracket ends are component quantiles, where f is 0 up to rounding; a sign that rounding flipped marks the root.
  if (fa >= 0) return a;
  if (fb <= 0) return b;

  let c = a;
  let fc = fa;
  let step = b - a;
  let previousStep = step;

  for (let iteration = 0; iteration < MAX_ROOT_ITERATIONS; iteration++) {
    // Keep b the best estimate and c on the other side of the root.
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      step = b - a;
      previousStep = step;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }

    const tolerance = 2 * RELATIVE_TOLERANCE * Math.abs(b) + ABSOLUTE_TOLERANCE;
    const halfWidth = 0.5 * (c - b);
    if (Math.abs(halfWidth) <= tolerance || fb === 0) return b;

    if (Math.abs(previousStep) >= tolerance && Math.abs(fa) > Math.abs(fb)) {
      // Interpolate: secant when a = c, inverse quadratic otherwise.
      const s = fb / fa;
      let numerator: number;
      let denominator: number;
      if (a === c) {
        numerator = 2 * halfWidth * s;
        denominator = 1 - s;
      } else {
        const q = fa / fc;
        const r = fb / fc;
        numerator = s * (2 * halfWidth * q * (q - r) - (b - a) * (r - 1));
        denominator = (q - 1) * (r - 1) * (s - 1);
      }
      if (numerator > 0) denominator = -denominator;
      else numerator = -numerator;

      if (2 * numerator < Math.min(3 * halfWidth * denominator - Math.abs(tolerance * denominator), Math.abs(previousStep * denominator))) {
        previousStep = step;
        step = numerator / denominator;
      } else {
        step = halfWidth;
        previousStep = step;
      }
    } else {
      step = halfWidth;
      previousStep = step;
    }

    a = b;
    fa = fb;
    b += Math.abs(step) > tolerance ? step : Math.sign(halfWidth) * tolerance;
    fb = f(b);
  }
  return b;
}
