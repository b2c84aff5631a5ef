/**
 * Potential scale reduction factor R-hat: how much the spread of the pooled
 * draws exceeds the spread within each chain. Values near 1 mean the chains
 * agree; Vehtari et al. (2021) recommend treating R-hat > 1.01 as a sign that
 * the chains have not mixed.
 */
import { type Chains, fold, isConstant, mean, rankNormalize, scaleChains, splitChains, validateChains, variance } from './chains.js';

/**
 * Rank-normalised split R-hat (Vehtari et al. 2021): the maximum of the bulk
 * R-hat (split chains, rank-normalised) and the tail R-hat (the same on the
 * folded draws |x - median|). This is ArviZ's `rhat(method="rank")`.
 *
 * A single chain is split in two and gives a defined value, where ArviZ
 * returns NaN. Returns NaN when every draw is equal, and Infinity when each
 * chain is constant but the chains disagree.
 */
export function rhat(chains: Chains): number {
  validateChains(chains);
  if (isConstant(chains)) return NaN;
  const split = splitChains(chains);
  return combineRhat(rhatCore(rankNormalize(split)), rhatCore(rankNormalize(fold(split))));
}

/**
 * Returns the rank-normalised R-hat from its bulk and tail parts: the
 * larger of the two. Chains stuck at two values symmetric about the median
 * fold to a constant, so the tail R-hat is NaN and the bulk R-hat alone decides.
 */
export function combineRhat(bulk: number, tail: number): number {
  if (Number.isNaN(tail)) return bulk;
  if (Number.isNaN(bulk)) return tail;
  return Math.max(bulk, tail);
}

/** Split R-hat on the raw draws, without rank normalisation (Gelman et al., Bayesian Data Analysis, 3rd edition). */
export function rhatSplit(chains: Chains): number {
  validateChains(chains);
  if (isConstant(chains)) return NaN;
  return rhatCore(splitChains(scaleChains(chains).chains));
}

/**
 * Classic R-hat of already prepared chains:
 * sqrt(((n - 1) / n * W + B / n) / W), with W the mean within-chain variance
 * and B / n the variance of the chain means.
 */
export function rhatCore(chains: readonly Float64Array[]): number {
  const drawCount = chains[0].length;
  const chainMeans = chains.map((chain) => mean(chain));
  const betweenChainVariance = drawCount * variance(chainMeans);
  const withinChainVariance = mean(chains.map((chain) => variance(chain)));

  if (withinChainVariance === 0) return betweenChainVariance > 0 ? Infinity : NaN;
  return Math.sqrt((betweenChainVariance / withinChainVariance + drawCount - 1) / drawCount);
}
