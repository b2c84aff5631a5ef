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
  const result: Float64Array[] = [];
  for (const chain of chains) result.push(Float64Array.from({ length: half }, (_, i) => chain[i]));
  for (const chain of chains) {
    const offset = chain.length - half;
    result.push(Float64Array.from({ length: half }, (_, i) => chain[offset + i]));
  }
  return result;
}

/**
 * Replaces every draw by the normal quantile of its pooled fractional rank,
 * z = Phi^-1((r - 3/8) / (S + 1/4)) with r the average rank over all S draws
 * (Blom's offset). Ties share their average rank.
 */
export function rankNormalize(chains: Chains): Float64Array[] {
  const draws = pool(chains);
  const total = draws.length;

  const order = Array.from({ length: total }, (_, i) => i);
  order.sort((a, b) => draws[a] - draws[b]);

  const ranks = new Float64Array(total);
  for (let start = 0; start < total; ) {
    let end = start + 1;
    while (end < total && draws[order[end]] === draws[order[start]]) end++;
    // Positions start..end-1 share the value, so each gets the mean of ranks start+1..end.
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = averageRank;
    start = end;
  }

  const result: Float64Array[] = [];
  let index = 0;
  for (const chain of chains) {
    const z = new Float64Array(chain.length);
    for (let i = 0; i < chain.length; i++, index++) {
      z[i] = normalQuantile((ranks[index] - 0.375) / (total + 0.25), 0, 1);
    }
    result.push(z);
  }
  return result;
}

/** Replaces every draw by its absolute distance from the pooled median, which turns spread into location. */
export function fold(chains: Chains): Float64Array[] {
  const median = quantile(pool(chains), 0.5);
  return chains.map((chain) => Float64Array.from({ length: chain.length }, (_, i) => Math.abs(chain[i] - median)));
}

/** Replaces every draw by 1 when it is at most `threshold` and 0 otherwise. */
export function indicator(chains: Chains, threshold: number): Float64Array[] {
  return chains.map((chain) => Float64Array.from({ length: chain.length }, (_, i) => (chain[i] <= threshold ? 1 : 0)));
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
