/**
 * The categorical distribution on 0, 1, ..., K - 1 with probabilities
 * proportional to given weights (SciPy writes it as
 * `rv_discrete(values=(range(K), p))`, NumPy samples it with `choice`).
 */
import type { BitGenerator } from '../random/types.js';
import { AliasTable, normalizeWeights } from './alias-table.js';
import { checkOptionNames, IntegerDistribution } from './discrete-base.js';

export interface CategoricalOptions {
  /** Non-negative finite weights, at least one positive; they need not sum to 1. */
  readonly weights: ArrayLike<number>;
}

export class Categorical extends IntegerDistribution {
  readonly name = 'categorical';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support: readonly [number, number];
  readonly mean: number;
  readonly variance: number;

  /** The weights divided by their sum. */
  readonly probabilities: Float64Array;
  private readonly table: AliasTable;
  /** cumulative[k] = P(X <= k) and upperTail[k] = P(X > k), each summed from its own end so small tails stay exact. */
  private readonly cumulative: Float64Array;
  private readonly upperTail: Float64Array;

  constructor(options: CategoricalOptions) {
    checkOptionNames('categorical', options, ['weights']);
    super();
    this.probabilities = normalizeWeights('weights', options.weights);
    const size = this.probabilities.length;
    this.parameters = { categories: size };
    this.support = [0, size - 1];
    this.table = new AliasTable(this.probabilities);

    this.cumulative = new Float64Array(size);
    this.upperTail = new Float64Array(size);
    let below = 0;
    for (let k = 0; k < size; k++) {
      below += this.probabilities[k];
      this.cumulative[k] = Math.min(below, 1);
    }
    let above = 0;
    for (let k = size - 1; k >= 0; k--) {
      this.upperTail[k] = Math.min(above, 1);
      above += this.probabilities[k];
    }

    let mean = 0;
    for (let k = 0; k < size; k++) mean += k * this.probabilities[k];
    let variance = 0;
    for (let k = 0; k < size; k++) variance += (k - mean) ** 2 * this.probabilities[k];
    this.mean = mean;
    this.variance = variance;
  }

  /** The alias table behind `sample`, exposed so its encoded probabilities can be checked. */
  get aliasTable(): AliasTable {
    return this.table;
  }

  protected override integerPmf(k: number): number {
    return this.probabilities[k];
  }

  protected integerLogPmf(k: number): number {
    return Math.log(this.probabilities[k]);
  }

  protected integerCdf(k: number): number {
    return this.cumulative[k];
  }

  protected integerSf(k: number): number {
    return this.upperTail[k];
  }

  /** Binary search for the least k with cdf(k) >= p, or with sf(k) <= 1 - p above 1/2. */
  protected integerQuantile(p: number): number {
    const upper = p > 0.5;
    const complement = 1 - p;
    let low = 0;
    let high = this.probabilities.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const reached = upper ? this.upperTail[middle] <= complement : this.cumulative[middle] >= p;
      if (reached) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** Vose's alias method: O(1) per draw for any number of categories. */
  sample(rng: BitGenerator): number {
    return this.table.sample(rng);
  }
}

export function categorical(options: CategoricalOptions): Categorical {
  return new Categorical(options);
}
