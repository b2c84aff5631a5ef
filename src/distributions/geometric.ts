/**
 * The geometric distribution, SciPy's `geom`: the number of trials up to and
 * including the first success, so the support starts at 1. NumPy's
 * `geometric` agrees, while some texts count failures and start at 0.
 * pmf(k) = (1 - p)^(k - 1) p for k = 1, 2, 3, ...
 */
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { checkOptionNames, IntegerDistribution } from './discrete-base.js';

export interface GeometricOptions {
  /** Success probability of each trial, in (0, 1]. */
  readonly p: number;
}

export class Geometric extends IntegerDistribution {
  readonly name = 'geometric';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support = [1, Infinity] as const;
  readonly mean: number;
  readonly variance: number;

  readonly p: number;
  /** log(1 - p), exact to rounding for every p (-Infinity at p = 1). */
  private readonly logFailure: number;

  constructor(options: GeometricOptions) {
    checkOptionNames('geometric', options, ['p']);
    super();
    const { p } = options;
    if (typeof p !== 'number' || !(p > 0 && p <= 1)) {
      throw new InvalidArgumentError('p', 'a probability in (0, 1]', p);
    }
    this.p = p;
    this.parameters = { p };
    this.mean = 1 / p;
    this.variance = (1 - p) / (p * p);
    this.logFailure = Math.log1p(-p);
  }

  protected integerLogPmf(k: number): number {
    if (this.p === 1) return k === 1 ? 0 : -Infinity;
    return (k - 1) * this.logFailure + Math.log(this.p);
  }

  protected integerCdf(k: number): number {
    return -Math.expm1(k * this.logFailure);
  }

  protected integerSf(k: number): number {
    return Math.exp(k * this.logFailure);
  }

  /**
   * ceil(log(1 - p) / log(1 - p_success)) from the closed form of the cdf,
   * then moved by one where rounding put it off the least k with cdf(k) >= p.
   * For p > 1/2 the comparison uses sf, where 1 - p is exact.
   */
  protected integerQuantile(p: number): number {
    if (this.p === 1) return 1;
    const complement = 1 - p;
    let k = Math.max(1, Math.ceil(Math.log1p(-p) / this.logFailure));
    const reached = (j: number) => (p > 0.5 ? this.integerSf(j) <= complement : this.integerCdf(j) >= p);

    while (k > 1 && reached(k - 1)) k -= 1;
    while (!reached(k)) k += 1;
    return k;
  }

  /**
   * Inversion: ceil(log(U) / log(1 - p)) with U uniform on (0, 1], which is
   * geometric because P(ceil(log U / log(1 - p)) > k) = P(U < (1 - p)^k).
   * log1p keeps log(1 - p) exact for tiny p.
   */
  sample(rng: BitGenerator): number {
    if (this.p === 1) return 1;
    const u = 1 - rng.nextDouble();
    return Math.max(1, Math.ceil(Math.log(u) / this.logFailure));
  }
}

export function geometric(options: GeometricOptions): Geometric {
  return new Geometric(options);
}
