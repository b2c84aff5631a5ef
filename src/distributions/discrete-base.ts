/**
 * Shared behaviour of the distributions on the integers: what pmf, cdf and
 * quantile return off the support and for non-integers, so each distribution
 * only implements the integer cases. Conventions follow SciPy: pmf(2.5) = 0,
 * cdf(2.5) = cdf(2), sf = 1 - cdf. Unlike SciPy, which returns NaN, a NaN k
 * and a p outside [0, 1] throw InvalidArgumentError.
 */
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { nonNegativeInteger, notNaN, probability } from '../validate.js';
import type { DiscreteDistribution } from './types.js';

/** Rejects an options object with keys the distribution does not take, so a misspelt parameter is never ignored. */
export function checkOptionNames(distribution: string, options: object, allowed: readonly string[]): void {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError(`${distribution} options`, `an object with keys among ${allowed.join(', ')}`, options);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new InvalidArgumentError(`${distribution} option "${key}"`, `one of ${allowed.join(', ')}`, key);
    }
  }
}

export abstract class IntegerDistribution implements DiscreteDistribution {
  readonly kind = 'discrete' as const;
  abstract readonly name: string;
  abstract readonly parameters: Readonly<Record<string, number>>;
  abstract readonly support: readonly [number, number];
  abstract readonly mean: number;
  abstract readonly variance: number;

  /** log pmf at an integer k inside the support. */
  protected abstract integerLogPmf(k: number): number;
  /** P(X <= k) for an integer k with support[0] <= k < support[1]. */
  protected abstract integerCdf(k: number): number;
  /** P(X > k) for an integer k with support[0] <= k < support[1]. */
  protected abstract integerSf(k: number): number;
  /** The least k with cdf(k) >= p, for 0 < p < 1. */
  protected abstract integerQuantile(p: number): number;

  abstract sample(rng: BitGenerator): number;

  /** pmf at an integer k inside the support; override where exp(logPmf) loses accuracy or speed. */
  protected integerPmf(k: number): number {
    return Math.exp(this.integerLogPmf(k));
  }

  pmf(k: number): number {
    notNaN('k', k);
    if (!this.inSupport(k)) return 0;
    return this.integerPmf(k);
  }

  logPmf(k: number): number {
    notNaN('k', k);
    if (!this.inSupport(k)) return -Infinity;
    return this.integerLogPmf(k);
  }

  logPdf(k: number): number {
    return this.logPmf(k);
  }

  cdf(k: number): number {
    notNaN('k', k);
    const j = Math.floor(k);
    if (j < this.support[0]) return 0;
    if (j >= this.support[1]) return 1;
    return this.integerCdf(j);
  }

  sf(k: number): number {
    notNaN('k', k);
    const j = Math.floor(k);
    if (j < this.support[0]) return 1;
    if (j >= this.support[1]) return 0;
    return this.integerSf(j);
  }

  /**
   * The least k with cdf(k) >= p, for p in [0, 1]. quantile(0) is the
   * smallest support point (SciPy returns one less) and quantile(1) the
   * largest, which may be Infinity.
   */
  quantile(p: number): number {
    probability('p', p);
    if (p === 0) return this.support[0];
    if (p === 1) return this.support[1];
    return this.integerQuantile(p);
  }

  sampleN(rng: BitGenerator, n: number): Float64Array {
    const out = new Float64Array(nonNegativeInteger('n', n));
    for (let i = 0; i < out.length; i++) out[i] = this.sample(rng);
    return out;
  }

  private inSupport(k: number): boolean {
    return Number.isInteger(k) && k >= this.support[0] && k <= this.support[1];
  }
}
