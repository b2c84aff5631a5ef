/**
 * The Bernoulli distribution, SciPy's `bernoulli`: 1 with probability p and
 * 0 with probability 1 - p.
 */
import type { BitGenerator } from '../random/types.js';
import { nonNegativeInteger, probability } from '../validate.js';
import { checkOptionNames, IntegerDistribution } from './discrete-base.js';

export interface BernoulliOptions {
  /** Probability of 1, in [0, 1]. */
  readonly p: number;
}

export class Bernoulli extends IntegerDistribution {
  readonly name = 'bernoulli';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support = [0, 1] as const;
  readonly mean: number;
  readonly variance: number;

  readonly p: number;

  constructor(options: BernoulliOptions) {
    checkOptionNames('bernoulli', options, ['p']);
    super();
    this.p = probability('p', options.p);
    this.parameters = { p: this.p };
    this.mean = this.p;
    this.variance = this.p * (1 - this.p);
  }

  protected override integerPmf(k: number): number {
    return k === 1 ? this.p : 1 - this.p;
  }

  protected integerLogPmf(k: number): number {
    return k === 1 ? Math.log(this.p) : Math.log1p(-this.p);
  }

  /** Only k = 0 reaches here (k >= 1 is handled as the end of the support). */
  protected integerCdf(): number {
    return 1 - this.p;
  }

  protected integerSf(): number {
    return this.p;
  }

  /** 0 when cdf(0) = 1 - p_success >= p, compared as p_success <= 1 - p above 1/2, where 1 - p is exact. */
  protected integerQuantile(p: number): number {
    if (p > 0.5) return this.p <= 1 - p ? 0 : 1;
    return p <= 1 - this.p ? 0 : 1;
  }

  /** 1 when a uniform in [0, 1) falls below p, which has probability p up to the 2^-53 grid. */
  sample(rng: BitGenerator): number {
    return rng.nextDouble() < this.p ? 1 : 0;
  }

  /** Draws the same values as n calls of `sample`, from one bulk fill of uniforms. */
  override sampleN(rng: BitGenerator, n: number): Float64Array {
    const draws = rng.fillDouble(new Float64Array(nonNegativeInteger('n', n)));
    for (let i = 0; i < draws.length; i++) draws[i] = draws[i] < this.p ? 1 : 0;
    return draws;
  }
}

export function bernoulli(options: BernoulliOptions): Bernoulli {
  return new Bernoulli(options);
}
