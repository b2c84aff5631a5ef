/**
 * The negative binomial distribution, SciPy's `nbinom(n, p)`: the number of
 * failures before the n-th success in trials with success probability p,
 * pmf(k) = Gamma(k + n) / (Gamma(n) k!) p^n (1 - p)^k for k = 0, 1, 2, ...
 * The number of successes n may be any positive real (the Polya
 * distribution), as in SciPy.
 */
import betainc from '@stdlib/math-base-special-betainc';

import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { positive } from '../validate.js';
import { checkOptionNames, IntegerDistribution } from './discrete-base.js';
import { cornishFisherGuess, searchQuantile, sumTail, type TailModel } from './discrete-tail.js';
import { samplePoisson } from './poisson.js';
import { logNegativeBinomialPmf, oneMinus } from './saddle-point.js';
import { logStandardGamma } from './standard.js';

export interface NegativeBinomialOptions {
  /** Number of successes, a positive finite real. */
  readonly n: number;
  /** Success probability in (0, 1]. */
  readonly p: number;
}

/**
 * Most pmf terms a tail sum may take before the cdf falls back to @stdlib's
 * incomplete beta function, about 20 ms of work. Sums run long only when p
 * is small, where the upper tail decays no faster than (1 - p)^k.
 */
const MAX_TAIL_TERMS = 300_000;

/** -log(2^-60): an upper tail needs at least this many terms divided by -log(1 - p), about 41.6 / p. */
const TAIL_DECAY_LOG = 41.6;

export class NegativeBinomial extends IntegerDistribution {
  readonly name = 'negative-binomial';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support = [0, Infinity] as const;
  readonly mean: number;
  readonly variance: number;

  readonly n: number;
  readonly p: number;
  private readonly qHigh: number;
  private readonly qLow: number;
  /** log((1 - p) / p), the log scale of the gamma mixing distribution. */
  private readonly logScale: number;
  private readonly tail: TailModel;

  constructor(options: NegativeBinomialOptions) {
    checkOptionNames('negative-binomial', options, ['n', 'p']);
    super();
    const n = positive('n', options.n);
    const { p } = options;
    if (typeof p !== 'number' || !(p > 0 && p <= 1)) {
      throw new InvalidArgumentError('p', 'a probability in (0, 1]', p);
    }
    this.n = n;
    this.p = p;
    [this.qHigh, this.qLow] = oneMinus(p);
    const q = this.qHigh;
    this.parameters = { n, p };
    this.mean = (n * q) / p;
    this.variance = (n * q) / (p * p);
    this.logScale = Math.log1p(-p) - Math.log(p);

    // Terms rise while (k + n) q / (k + 1) > 1, so the mode is the least k where that ratio drops to 1 or below.
    const mode = n > 1 ? Math.floor(((n - 1) * q) / p) : 0;
    this.tail = {
      lower: 0,
      upper: Infinity,
      mode,
      logPmf: (k) => logNegativeBinomialPmf(k, n, p, this.qHigh, this.qLow),
      ratioUp: (k) => ((k + n) / (k + 1)) * q,
      ratioDown: (k) => k / ((k - 1 + n) * q),
      ratioBound: (k, direction) => {
        if (direction === -1) return k / ((k - 1 + n) * q);
        // For n < 1 the upward ratios grow toward q instead of shrinking, so q bounds them all.
        return n < 1 ? q : ((k + n) / (k + 1)) * q;
      },
    };
  }

  /** p^n at k = 0 from Math.pow, which rounds better than exp(n log p); Loader's form elsewhere. */
  protected override integerPmf(k: number): number {
    if (k === 0) return this.p ** this.n;
    return Math.exp(this.integerLogPmf(k));
  }

  protected integerLogPmf(k: number): number {
    if (this.p === 1) return k === 0 ? 0 : -Infinity;
    return logNegativeBinomialPmf(k, this.n, this.p, this.qHigh, this.qLow);
  }

  /**
   * P(X <= k) = I_p(n, k + 1). The tail below the mode, or above it for the
   * complement, is summed (see discrete-tail.ts). Where that would take more
   * than MAX_TAIL_TERMS terms (p below about 1.4e-4 in the upper tail, or a
   * standard deviation above about 3e4), @stdlib's incomplete beta is used.
   */
  protected integerCdf(k: number): number {
    if (this.p === 1) return 1;
    const lowerTail = this.summedLowerTail(k);
    if (lowerTail !== Infinity) return Math.min(1, lowerTail);
    const upperTail = this.summedUpperTail(k);
    if (upperTail !== Infinity) return Math.max(0, 1 - upperTail);
    // NOTE: @stdlib's betainc agrees with mpmath to about 1e-15 for n from 0.3 to 50 at p = 1e-6 and 1e-7, but near the median it
    // differs from the summed tails by 2e-13 at n = 1e4 to 1e5 and by 4e-11 at n = 1e6, so huge n with tiny p is less accurate.
    return betainc(this.p, this.n, k + 1, true, false);
  }

  protected integerSf(k: number): number {
    if (this.p === 1) return 0;
    const lowerTail = this.summedLowerTail(k);
    if (lowerTail !== Infinity) return Math.max(0, 1 - lowerTail);
    const upperTail = this.summedUpperTail(k);
    if (upperTail !== Infinity) return Math.min(1, upperTail);
    return betainc(this.p, this.n, k + 1, true, true);
  }

  /** P(X <= k) summed downward when k is below the mode; Infinity when k is not, or the sum runs too long. */
  private summedLowerTail(k: number): number {
    if (k >= this.tail.mode) return Infinity;
    return sumTail(this.tail, k, -1, MAX_TAIL_TERMS);
  }

  /** P(X > k) summed upward when k is at or above the mode; Infinity when k is not, or the sum would run too long. */
  private summedUpperTail(k: number): number {
    if (k < this.tail.mode) return Infinity;
    if (TAIL_DECAY_LOG / -Math.log1p(-this.p) > MAX_TAIL_TERMS) return Infinity;
    return sumTail(this.tail, k + 1, 1, MAX_TAIL_TERMS);
  }

  protected integerQuantile(p: number): number {
    if (this.p === 1) return 0;
    const standardDeviation = Math.sqrt(this.variance);
    const skewness = (2 - this.p) / Math.sqrt(this.n * this.qHigh);
    return searchQuantile(this, p, cornishFisherGuess(p, this.mean, standardDeviation, skewness));
  }

  /**
   * Gamma-Poisson mixture: X ~ Poisson(G (1 - p) / p) with G ~ gamma(n, 1)
   * has exactly this distribution. G is drawn as log G and the rate is built
   * as exp(log G + log((1 - p) / p)). Tiny n, where G itself underflows, and
   * tiny p, where (1 - p) / p overflows, still give the right rate.
   */
  sample(rng: BitGenerator): number {
    if (this.p === 1) return 0;
    const rate = Math.exp(logStandardGamma(rng, this.n) + this.logScale);
    return samplePoisson(rng, rate);
  }
}

export function negativeBinomial(options: NegativeBinomialOptions): NegativeBinomial {
  return new NegativeBinomial(options);
}
