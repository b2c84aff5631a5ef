/**
 * The contracts every named distribution implements. Parameters are checked in
 * the constructor. Methods take plain numbers and return the limit for values
 * outside the support (pdf 0, logPdf -Infinity, cdf 0 or 1), -Infinity and
 * Infinity included. A NaN or non-number point, and a quantile p outside
 * [0, 1], throw InvalidArgumentError naming the argument (`x`, `k`, `p`, or
 * `x[i]` for a multivariate point). SciPy returns NaN for these instead.
 */
import type { BitGenerator } from '../random/types.js';

/** A distribution on the real line (or an interval of it). */
export interface ContinuousDistribution {
  readonly kind: 'continuous';
  /** The registry name, e.g. `normal`. */
  readonly name: string;
  /** Parameters by their SciPy-style names, e.g. `{ loc: 0, scale: 1 }`. */
  readonly parameters: Readonly<Record<string, number>>;
  /** Closed hull of the support, e.g. `[0, Infinity]`. */
  readonly support: readonly [number, number];
  /** NaN where the mean does not exist (Cauchy). */
  readonly mean: number;
  /** Infinity or NaN where the variance does not exist. */
  readonly variance: number;

  pdf(x: number): number;
  logPdf(x: number): number;
  cdf(x: number): number;
  /** Survival function 1 - cdf(x), computed without cancellation. */
  sf(x: number): number;
  /** Inverse of cdf for p in [0, 1]. A p outside [0, 1] or NaN throws InvalidArgumentError. */
  quantile(p: number): number;

  sample(rng: BitGenerator): number;
  /** `n` independent draws into a new Float64Array. */
  sampleN(rng: BitGenerator, n: number): Float64Array;
}

/** A distribution on the integers. `cdf(k)` is P(X <= k); `quantile(p)` is the least k with cdf(k) >= p. */
export interface DiscreteDistribution {
  readonly kind: 'discrete';
  readonly name: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly support: readonly [number, number];
  readonly mean: number;
  readonly variance: number;

  pmf(k: number): number;
  logPmf(k: number): number;
  /** Same as logPmf, so code written for densities takes discrete distributions too. */
  logPdf(k: number): number;
  cdf(k: number): number;
  sf(k: number): number;
  quantile(p: number): number;

  sample(rng: BitGenerator): number;
  sampleN(rng: BitGenerator, n: number): Float64Array;
}

export type UnivariateDistribution = ContinuousDistribution | DiscreteDistribution;

/** A distribution on R^d. Draws are rows of length `dimension`. */
export interface MultivariateDistribution {
  readonly kind: 'multivariate';
  readonly name: string;
  readonly dimension: number;
  readonly mean: Float64Array;
  /** Row-major dimension x dimension covariance matrix. */
  readonly covariance: Float64Array;

  pdf(x: ArrayLike<number>): number;
  logPdf(x: ArrayLike<number>): number;

  sample(rng: BitGenerator): Float64Array;
  /** `n` draws as a row-major n x dimension array. */
  sampleN(rng: BitGenerator, n: number): Float64Array;
}
