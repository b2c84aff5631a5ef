/**
 * Discrete inversion with a guide table (Chen & Asau 1974, "On generating
 * random variates from an empirical distribution", AIIE Transactions 6(2)).
 * Sequential search of the cumulative probabilities starts from the guide
 * entry for floor(U * size), so a draw needs about two comparisons on
 * average, whatever the number of outcomes.
 */
import { InvalidArgumentError, NumericalError } from '../../errors.js';
import type { DiscreteDistribution } from '../../distributions/types.js';
import type { BitGenerator } from '../../random/types.js';
import { integer, positiveInteger } from '../../validate.js';
import { checkGenerator } from '../check-generator.js';

export interface GuideTableOptions {
  /** Value of the first outcome; outcome i is `offset + i`. Default 0. */
  readonly offset?: number;
  /** Guide entries per outcome. Default 1, which bounds the expected number of comparisons by 2. */
  readonly guideFactor?: number;
}

export interface FromDistributionOptions {
  /** Probability mass allowed outside the table on an infinite support. Default 1e-12. */
  readonly tailMass?: number;
  /** The table may hold at most this many outcomes. Default 10,000,000. */
  readonly maxOutcomes?: number;
}

export class GuideTableSampler {
  /** Value of outcome 0. */
  readonly offset: number;
  /** Cumulative weights; the last entry is the total. */
  private readonly cumulative: Float64Array;
  private readonly guide: Int32Array;
  private readonly total: number;

  /** Builds the table for outcomes with the given non-negative weights (not necessarily normalised). */
  constructor(weights: ArrayLike<number>, options: GuideTableOptions = {}) {
    if (weights == null || typeof weights.length !== 'number' || weights.length === 0) {
      throw new InvalidArgumentError('weights', 'a non-empty array of non-negative numbers', weights);
    }
    this.offset = integer('offset', options.offset ?? 0);
    const factor = options.guideFactor ?? 1;
    if (!(factor > 0 && factor <= 16)) {
      throw new InvalidArgumentError('guideFactor', 'a number in (0, 16]', factor);
    }

    const cumulative = new Float64Array(weights.length);
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const weight = weights[i];
      if (typeof weight !== 'number' || !(weight >= 0 && weight < Infinity)) {
        throw new InvalidArgumentError(`weights[${i}]`, 'a non-negative finite number', weight);
      }
      total += weight;
      cumulative[i] = total;
    }
    if (!(total > 0)) {
      throw new InvalidArgumentError('weights', 'not all zero', weights, 'At least one outcome needs a positive weight');
    }
    this.cumulative = cumulative;
    this.total = total;

    const size = Math.max(1, Math.ceil(weights.length * factor));
    const guide = new Int32Array(size);
    let i = 0;
    for (let j = 0; j < size; j++) {
      const threshold = (j / size) * total;
      while (cumulative[i] <= threshold) i++;
      guide[j] = i;
    }
    this.guide = guide;
  }

  /**
   * Tabulates a discrete distribution's pmf over its support. An infinite
   * end is cut at the quantile that leaves `tailMass / 2` beyond it.
   */
  static fromDistribution(distribution: DiscreteDistribution, options: FromDistributionOptions = {}): GuideTableSampler {
    const candidate = distribution as Partial<DiscreteDistribution> | null;
    if (candidate == null || typeof candidate.pmf !== 'function' || typeof candidate.quantile !== 'function' || !Array.isArray(candidate.support)) {
      throw new InvalidArgumentError(
        'distribution',
        'a discrete distribution with pmf(k), quantile(p) and an integer support',
        candidate == null ? candidate : `${String((candidate as { name?: unknown }).name ?? 'an object')} without pmf, quantile or support`,
        'For a continuous distribution use InverseTransformSampler',
      );
    }
    const tailMass = options.tailMass ?? 1e-12;
    if (!(tailMass > 0 && tailMass < 0.1)) {
      throw new InvalidArgumentError('tailMass', 'a number in (0, 0.1)', tailMass);
    }
    const maxOutcomes = positiveInteger('maxOutcomes', options.maxOutcomes ?? 10_000_000);

    const [low, high] = distribution.support;
    // NOTE: on an infinite support the outcomes beyond the cut (mass at most tailMass) are never drawn.
    const first = Number.isFinite(low) ? low : distribution.quantile(tailMass / 2);
    const last = Number.isFinite(high) ? high : distribution.quantile(1 - tailMass / 2);
    if (!Number.isFinite(first) || !Number.isFinite(last) || last - first + 1 > maxOutcomes) {
      throw new NumericalError(
        `the ${distribution.name} distribution needs outcomes ${first} to ${last}, more than maxOutcomes = ${maxOutcomes}; raise maxOutcomes or tailMass`,
      );
    }

    const weights = new Float64Array(last - first + 1);
    for (let k = first; k <= last; k++) weights[k - first] = distribution.pmf(k);
    return new GuideTableSampler(weights, { offset: first });
  }

  /** Number of outcomes in the table. */
  get size(): number {
    return this.cumulative.length;
  }

  /** Normalised probability of the outcome `value`. */
  probability(value: number): number {
    const i = value - this.offset;
    if (!Number.isInteger(i) || i < 0 || i >= this.cumulative.length) return 0;
    return (this.cumulative[i] - (i > 0 ? this.cumulative[i - 1] : 0)) / this.total;
  }

  /** One draw. */
  sample(rng: BitGenerator): number {
    checkGenerator(rng);
    return this.offset + this.search(rng.nextDouble());
  }

  /** `n` independent draws into a new Float64Array. */
  sampleN(rng: BitGenerator, n: number): Float64Array {
    checkGenerator(rng, 'fillDouble');
    const result = new Float64Array(positiveInteger('n', n));
    rng.fillDouble(result);
    for (let j = 0; j < n; j++) result[j] = this.offset + this.search(result[j]);
    return result;
  }

  /** Index of the first outcome whose cumulative weight exceeds u * total, for u in [0, 1). */
  private search(u: number): number {
    const target = u * this.total;
    const cumulative = this.cumulative;
    const last = cumulative.length - 1;
    let i = this.guide[(u * this.guide.length) | 0];
    // The bound matters when rounding makes u * total equal the total for u just below 1.
    while (i < last && cumulative[i] <= target) i++;
    return i;
  }
}
