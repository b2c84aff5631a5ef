/**
 * Walker's alias method in the numerically careful form of M. D. Vose, "A
 * linear algorithm for generating random numbers with a given distribution",
 * IEEE Transactions on Software Engineering 17(9), 1991: O(K) setup, then
 * O(1) per draw for a distribution on K categories.
 */
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { boundedInt } from '../random/uniform.js';

/**
 * Checks non-negative finite weights, not all zero, and returns them divided
 * by their sum, each correctly rounded (exact when the sum is 1). Where the
 * sum overflows or is subnormal the weights are first divided by the largest
 * one, so they normalise without overflow or loss. `name` is the argument
 * named in errors.
 */
/** Smallest weight sum divided directly; below it (subnormal range) weights are scaled by the largest first. */
const MIN_PLAIN_TOTAL = 1e-290;

export function normalizeWeights(name: string, weights: ArrayLike<number>): Float64Array {
  if (weights == null || typeof weights.length !== 'number' || weights.length === 0) {
    throw new InvalidArgumentError(name, 'a non-empty array of non-negative weights', weights);
  }

  let largest = 0;
  for (let i = 0; i < weights.length; i++) {
    const weight = weights[i];
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new InvalidArgumentError(`${name}[${i}]`, 'a non-negative finite number', weight);
    }
    largest = Math.max(largest, weight);
  }
  if (largest === 0) {
    throw new InvalidArgumentError(name, 'non-negative numbers with a positive sum', weights, 'Give at least one category a positive weight');
  }

  const probabilities = Float64Array.from(weights);
  let total = 0;
  for (const weight of probabilities) total += weight;
  if (!(Number.isFinite(total) && total >= MIN_PLAIN_TOTAL)) {
    total = 0;
    for (let i = 0; i < probabilities.length; i++) {
      probabilities[i] /= largest;
      total += probabilities[i];
    }
  }
  for (let i = 0; i < probabilities.length; i++) probabilities[i] /= total;
  return probabilities;
}

export class AliasTable {
  /** Number of categories K. */
  readonly size: number;
  /** Column i returns i when a uniform falls below threshold[i], else alias[i]. */
  readonly threshold: Float64Array;
  readonly alias: Uint32Array;

  /** Builds the table from probabilities that sum to 1 (see `normalizeWeights`). */
  constructor(probabilities: ArrayLike<number>) {
    const size = probabilities.length;
    this.size = size;
    this.threshold = new Float64Array(size);
    this.alias = new Uint32Array(size);

    // After scaling by K every column must carry mass 1, so a column below 1 takes the rest from one above 1.
    const scaled = new Float64Array(size);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < size; i++) {
      scaled[i] = probabilities[i] * size;
      if (scaled[i] < 1) small.push(i);
      else large.push(i);
    }

    while (small.length > 0 && large.length > 0) {
      const lower = small.pop() as number;
      const upper = large.pop() as number;
      this.threshold[lower] = scaled[lower];
      this.alias[lower] = upper;

      // Vose's order of operations: (upper + lower) - 1 loses less than upper - (1 - lower).
      scaled[upper] = scaled[upper] + scaled[lower] - 1;
      if (scaled[upper] < 1) small.push(upper);
      else large.push(upper);
    }

    // What remains is 1 up to rounding; such columns always return themselves.
    for (const i of large) {
      this.threshold[i] = 1;
      this.alias[i] = i;
    }
    for (const i of small) {
      this.threshold[i] = 1;
      this.alias[i] = i;
    }
  }

  /** Draws a category index: a uniform column from `boundedInt`, then a 53-bit uniform against its threshold. */
  sample(rng: BitGenerator): number {
    const column = boundedInt(rng, this.size);
    return rng.nextDouble() < this.threshold[column] ? column : this.alias[column];
  }

  /** Computes the probability of each category that the table encodes: (threshold[i] + sum of 1 - threshold[j] over j aliased to i) / K. */
  probabilities(): Float64Array {
    const result = new Float64Array(this.size);
    for (let column = 0; column < this.size; column++) {
      result[column] += this.threshold[column];
      if (this.alias[column] !== column) result[this.alias[column]] += 1 - this.threshold[column];
    }
    for (let i = 0; i < this.size; i++) result[i] /= this.size;
    return result;
  }
}
