/**
 * Input checks and transformations shared by R-hat, ESS and MCSE: splitting
 * chains in half, rank normalisation and folding, as defined by Vehtari,
 * Gelman, Simpson, Carpenter & Bürkner (2021), "Rank-normalization, folding,
 * and localization: an improved R-hat for assessing convergence of MCMC",
 * Bayesian Analysis 16(2).
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

import { InvalidArgumentError } from '../../errors.js';

/** Draws of one scalar quantity: one array per chain, all of the same length. */
export type Chains = readonly ArrayLike<number>[];

/** Minimum number of draws per chain for the split-chain diagnostics: two halves of two draws. */
export const MIN_DRAWS = 4;

/**
 * Throws unless `chains` contains at least one chain, every chain has the same
 * length of at least MIN_DRAWS, and every draw is finite.
 */
export function validateChains(chains: Chains, name = 'chains'): void {
  if (!Array.isArray(chains) || chains.length === 0) {
    throw new InvalidArgumentError(name, 'a non-empty array of chains (one array of draws per chain)', chains);
  }
  for (let c = 0; c < chains.length; c++) {
    const chain: unknown = chains[c];
    if (!Array.isArray(chain) && !ArrayBuffer.isView(chain)) {
      throw new InvalidArgumentError(`${name}[${c}]`, 'an array of draws (a number array or a Float64Array)', chain);
    }
  }

  const length = chains[0].length;
  for (let c = 0; c < chains.length; c++) {
    if (chains[c].length !== length) {
      throw new InvalidArgumentError(
        `${name}[${c}].length`,
        `equal to the length of ${name}[0] (${length}), because every chain needs the same number of draws`,
        chains[c].length,
      );
    }
  }
  if (length < MIN_DRAWS) {
    throw new InvalidArgumentError(
      `${name}[0].length`,
      `at least ${MIN_DRAWS} draws, so that each half of a split chain has two`,
      length,
      'Run the chains for longer.',
    );
  }

  for (let c = 0; c < chains.length; c++) {
    const chain = chains[c];
    for (let i = 0; i < length; i++) {
      if (!Number.isFinite(chain[i])) {
        throw new InvalidArgumentError(`${name}[${c}][${i}]`, 'a finite number', chain[i]);
      }
    }
  }
}

/** True when every draw of every chain has the same value (up to 1e-15 relative), so spread-based diagnostics are undefined. */
export function isConstant(chains: Chains): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const chain of chains) {
    for (let i = 0; i < chain.length; i++) {
      if (chain[i] < min) min = chain[i];
      if (chain[i] > max) max = chain[i];
    }
  }
  return max - min <= 1e-15 * Math.max(1, Math.abs(max), Math.abs(min));
}

/**
 * Splits each chain into its first and last halves, giving twice as many
 * chains. With an odd length the middle draw is dropped, as in Stan and ArviZ.
 */
export function splitChains(chains: Chains): Float64Array[] {
  const half = Math.floor(chains[0].length / 2);
  const copies = toFloat64(chains);
  const result: Float64Array[] = [];
  for (const chain of copies) result.push(chain.slice(0, half));
  for (const chain of copies) result.push(chain.slice(chain.length - half));
  return result;
}

/** Returns each chain as a Float64Array: the chain itself when it already is one, a copy otherwise. */
export function toFloat64(chains: Chains): Float64Array[] {
  return chains.map((chain) => (chain instanceof Float64Array ? chain : Float64Array.from(chain)));
}

/**
 * Returns the chains divided by a power of two (an exact operation) that
 * brings the largest |draw| to at most 2 (2^1023 is the largest power of
 * two), and that power. Sums of squares of draws near 1e308 overflow, while
 * those of the scaled draws cannot.
 */
export function scaleChains(chains: Chains): { chains: Float64Array[]; scale: number } {
  let largest = 0;
  for (const chain of chains) for (let i = 0; i < chain.length; i++) largest = Math.max(largest, Math.abs(chain[i]));
  const copies = toFloat64(chains);
  if (!(largest > 1)) return { chains: copies, scale: 1 };
  const scale = 2 ** Math.min(1023, Math.ceil(Math.log2(largest)));
  return { chains: copies.map((chain) => chain.map((x) => x / scale)), scale };
}

/** True when every chain is constant but the chains do not all share one value, so they never mixed. */
export function isEachConstantButDifferent(chains: Chains): boolean {
  if (isConstant(chains)) return false;
  return chains.every((chain) => isConstant([chain]));
}

/**
 * Replaces every draw by the normal quantile of its pooled fractional rank,
 * z = Phi^-1((r - 3/8) / (S + 1/4)) with r the average rank over all S draws
 * (Blom's offset). Ties share their average rank.
 */
export function rankNormalize(chains: Chains): Float64Array[] {
  const draws = pool(chains);
  const total = draws.length;
  const order = argsort(draws);

  // Equal values at sorted positions start..end-1 share ranks start+1..end, whose mean is (start + 1 + end) / 2.
  const scores = new Float64Array(total);
  for (let start = 0; start < total; ) {
    let end = start + 1;
    while (end < total && draws[order[end]] === draws[order[start]]) end++;
    const score = normalQuantile(((start + 1 + end) / 2 - 0.375) / (total + 0.25), 0, 1);
    for (let k = start; k < end; k++) scores[order[k]] = score;
    start = end;
  }

  const result: Float64Array[] = [];
  let offset = 0;
  for (const chain of chains) {
    result.push(scores.slice(offset, offset + chain.length));
    offset += chain.length;
  }
  return result;
}

/**
 * Returns the indices that sort `values` (finite numbers) in increasing
 * order, by an LSD radix sort on their bits, 16 bits per pass: O(n), where a
 * comparison sort of indices takes O(n log n) calls of a comparator. The
 * bits of a double become an unsigned key that sorts like the number by
 * flipping the sign bit of a positive number and every bit of a negative one.
 * -0 and 0 get different keys but equal values, so the caller's run of equal values still spans both.
 */
export function argsort(values: Float64Array): Uint32Array {
  const n = values.length;
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n).slice();
  const little = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;
  const [lowWord, highWord] = little ? [0, 1] : [1, 0];
  const low = new Uint32Array(n);
  const high = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + highWord];
    const l = words[2 * i + lowWord];
    const negative = h >>> 31 === 1;
    high[i] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    low[i] = negative ? ~l >>> 0 : l;
  }

  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const counts = new Uint32Array(65537);
  for (const [keys, shift] of [[low, 0], [low, 16], [high, 0], [high, 16]] as const) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((keys[i] >>> shift) & 0xffff) + 1]++;
    for (let d = 1; d <= 65536; d++) counts[d] += counts[d - 1];
    for (let k = 0; k < n; k++) {
      const i = order[k];
      next[counts[(keys[i] >>> shift) & 0xffff]++] = i;
    }
    [order, next] = [next, order];
  }
  return order;
}

/** Replaces every draw by its absolute distance from the pooled median, which turns spread into location. */
export function fold(chains: Chains): Float64Array[] {
  const median = quantile(pool(chains), 0.5);
  return toFloat64(chains).map((chain) => chain.map((x) => Math.abs(x - median)));
}

/** Replaces every draw by 1 when it is at most `threshold` and 0 otherwise. */
export function indicator(chains: Chains, threshold: number): Float64Array[] {
  return toFloat64(chains).map((chain) => chain.map((x) => (x <= threshold ? 1 : 0)));
}

/** Concatenates the draws of all chains into one array, chain after chain. */
export function pool(chains: Chains): Float64Array {
  const total = chains.reduce((sum, chain) => sum + chain.length, 0);
  const result = new Float64Array(total);
  let offset = 0;
  for (const chain of chains) {
    for (let i = 0; i < chain.length; i++) result[offset + i] = chain[i];
    offset += chain.length;
  }
  return result;
}

/**
 * Sample quantile by linear interpolation between order statistics (type 7
 * of Hyndman & Fan, the default of R and NumPy).
 */
export function quantile(draws: ArrayLike<number>, probability: number): number {
  const sorted = Float64Array.from(draws).sort();
  return sortedQuantile(sorted, probability);
}

/** Type 7 quantile of an already sorted array. */
export function sortedQuantile(sorted: ArrayLike<number>, probability: number): number {
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/** Sample mean. */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Sample variance with `ddof` degrees of freedom removed from the divisor (1 for the unbiased estimate). */
export function variance(values: ArrayLike<number>, ddof = 1): number {
  // Equal values give exactly 0, which the rounding in their mean would otherwise spoil.
  let equal = true;
  for (let i = 1; i < values.length && equal; i++) equal = values[i] === values[0];
  if (equal && values.length > ddof) return 0;

  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return sum / (values.length - ddof);
}
