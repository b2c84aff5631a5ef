/**
 * The Dirichlet distribution on the probability simplex
 * {x : x_i >= 0, sum x_i = 1} of dimension K >= 2, SciPy's `dirichlet`:
 * pdf(x) = Gamma(a_0) / prod Gamma(a_i) * prod x_i^(a_i - 1) with
 * a_0 = sum a_i.
 */
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { nonNegativeInteger, notNaNEntry, positive } from '../validate.js';
import { checkOptionNames } from './discrete-base.js';
import { stirlingCorrection, twoProduct } from './saddle-point.js';
import { logStandardGamma } from './standard.js';
import type { MultivariateDistribution } from './types.js';

export interface DirichletOptions {
  /** Concentration parameters, at least two, each positive and finite. */
  readonly alpha: ArrayLike<number>;
}

const HALF_LOG_2PI = 0.9189385332046728; // log(sqrt(2 pi))

/** Largest |sum x_i - 1| for which x counts as a point of the simplex (SciPy raises beyond 1e-9). */
const SIMPLEX_TOLERANCE = 1e-9;

export class Dirichlet implements MultivariateDistribution {
  readonly kind = 'multivariate' as const;
  readonly name = 'dirichlet';
  readonly dimension: number;
  readonly alpha: Float64Array;
  /** alpha_i / alpha_0. */
  readonly mean: Float64Array;
  /** (alpha_i alpha_0 [i = j] - alpha_i alpha_j) / (alpha_0^2 (alpha_0 + 1)), row-major. */
  readonly covariance: Float64Array;
  private readonly total: number;
  /** The parts of log pdf that do not depend on x (see `logPdf`). */
  private readonly constant: number;

  constructor(options: DirichletOptions) {
    checkOptionNames('dirichlet', options, ['alpha']);
    const { alpha } = options;
    if (alpha == null || typeof alpha.length !== 'number' || alpha.length < 2 || typeof alpha === 'string') {
      throw new InvalidArgumentError('alpha', 'an array of at least two positive numbers', alpha);
    }
    this.dimension = alpha.length;
    this.alpha = new Float64Array(alpha.length);
    for (let i = 0; i < alpha.length; i++) this.alpha[i] = positive(`alpha[${i}]`, alpha[i]);

    let total = 0;
    for (const a of this.alpha) total += a;
    this.total = total;

    const d = this.dimension;
    this.mean = this.alpha.map((a) => a / total);
    this.covariance = new Float64Array(d * d);
    const denominator = total * total * (total + 1);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const diagonal = i === j ? this.alpha[i] * total : 0;
        this.covariance[i * d + j] = (diagonal - this.alpha[i] * this.alpha[j]) / denominator;
      }
    }

    // lgamma(a) = S(a) + (a - 1/2) log a - a + log sqrt(2 pi) with S = stirlingCorrection; the terms linear in a cancel,
    // and the a log a terms move into logPdf as a_i log(x_i a_0 / a_i).
    let constant = stirlingCorrection(total) - 0.5 * Math.log(total) + (1 - d) * HALF_LOG_2PI;
    for (const a of this.alpha) constant += 0.5 * Math.log(a) - stirlingCorrection(a);
    this.constant = constant;
  }

  pdf(x: ArrayLike<number>): number {
    return Math.exp(this.logPdf(x));
  }

  /**
   * log Gamma(a_0) - sum log Gamma(a_i) + sum (a_i - 1) log x_i, rearranged by
   * Stirling's formula into constant + sum [a_i log(x_i a_0 / a_i) - log x_i].
   * Near the mode x_i a_0 / a_i is close to 1, and log1p of the exactly
   * computed x_i a_0 / a_i - 1 keeps those terms accurate, which the
   * log-gamma form loses to cancellation for large a (1e-12 at a_0 = 1000).
   * Outside the simplex it returns -Infinity. On its boundary (some x_i = 0)
   * it returns the limit: -Infinity if some zero coordinate has a_i > 1,
   * else Infinity if some has a_i < 1.
   */
  logPdf(x: ArrayLike<number>): number {
    const d = this.dimension;
    if (x == null || x.length !== d) {
      throw new InvalidArgumentError('x', `an array of length ${d}`, x);
    }

    let sum = 0;
    let zeroWithLargeAlpha = false;
    let zeroWithSmallAlpha = false;
    for (let i = 0; i < d; i++) {
      const value = notNaNEntry('x', x, i);
      if (!(value >= 0 && value <= 1)) return -Infinity;
      sum += value;
      if (value === 0 && this.alpha[i] > 1) zeroWithLargeAlpha = true;
      if (value === 0 && this.alpha[i] < 1) zeroWithSmallAlpha = true;
    }
    if (Math.abs(sum - 1) > SIMPLEX_TOLERANCE) return -Infinity;
    if (zeroWithLargeAlpha) return -Infinity;
    if (zeroWithSmallAlpha) return Infinity;

    let logDensity = this.constant;
    for (let i = 0; i < d; i++) {
      const value = x[i];
      const a = this.alpha[i];
      // A zero coordinate here has a_i = 1: x_i^0 = 1, and only the a_i log(a_0 / a_i) part of the term is left.
      if (value === 0) {
        logDensity += a * Math.log(this.total / a);
        continue;
      }

      const logValue = Math.log(value);
      const [scaledHigh, scaledLow] = twoProduct(value, this.total);
      const ratioMinusOne = (scaledHigh - a + scaledLow) / a;
      // log1p only near ratio 1: far from it, 1 + ratioMinusOne would cancel and log(x_i) + log(a_0 / a_i) is exact enough.
      const logRatio = Math.abs(ratioMinusOne) < 0.5 ? Math.log1p(ratioMinusOne) : logValue + Math.log(this.total / a);
      logDensity += a * logRatio - logValue;
    }
    return logDensity;
  }

  /**
   * Draws normalised gammas: x_i = G_i / sum G_j with G_i ~ gamma(a_i, 1).
   * Each G_i is drawn as log G_i, and the row is exp(log G_i - max log G)
   * normalised. Concentrations as small as 1e-3, whose gammas underflow to 0,
   * still give rows without NaN that sum to 1 up to rounding.
   */
  sample(rng: BitGenerator): Float64Array {
    const out = new Float64Array(this.dimension);
    this.drawInto(rng, out, 0);
    return out;
  }

  /** Draws n rows into a row-major n x K array; the same values as n calls of `sample`. */
  sampleN(rng: BitGenerator, n: number): Float64Array {
    const out = new Float64Array(nonNegativeInteger('n', n) * this.dimension);
    for (let row = 0; row < n; row++) this.drawInto(rng, out, row * this.dimension);
    return out;
  }

  private drawInto(rng: BitGenerator, out: Float64Array, offset: number): void {
    const d = this.dimension;
    let largest = -Infinity;
    for (let i = 0; i < d; i++) {
      out[offset + i] = logStandardGamma(rng, this.alpha[i]);
      largest = Math.max(largest, out[offset + i]);
    }

    let total = 0;
    for (let i = 0; i < d; i++) {
      out[offset + i] = Math.exp(out[offset + i] - largest);
      total += out[offset + i];
    }
    for (let i = 0; i < d; i++) out[offset + i] /= total;
  }
}

export function dirichlet(options: DirichletOptions): Dirichlet {
  return new Dirichlet(options);
}
