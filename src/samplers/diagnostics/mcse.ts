/**
 * Monte Carlo standard errors (MCSE): the standard deviation of an estimate
 * computed from the chains, accounting for their autocorrelation through the
 * ESS. Definitions follow ArviZ 0.x (`arviz.mcse` methods mean, sd, quantile).
 */
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';

import { probability as checkProbability } from '../../validate.js';
import { type Chains, isConstant, isEachConstantButDifferent, mean, pool, scaleChains, validateChains, variance } from './chains.js';
import { essMean, essQuantile, squaredDeviations } from './ess.js';

/**
 * MCSE of the mean: sd / sqrt(ESS_mean). Returns 0 when every draw is equal,
 * because the mean is then exact, and Infinity when each chain is constant
 * but the chains differ, because the chains never mixed (R-hat is Infinity too).
 */
export function mcseMean(chains: Chains): number {
  validateChains(chains);
  if (isConstant(chains)) return 0;
  if (isEachConstantButDifferent(chains)) return Infinity;
  const { chains: scaled, scale } = scaleChains(chains);
  return (Math.sqrt(variance(pool(scaled))) / Math.sqrt(essMean(scaled))) * scale;
}

/**
 * MCSE of the standard deviation, from the variance of the squared
 * deviations divided by their ESS and the delta method
 * (Var(sd) ~ Var(s^2) / (4 s^2)), with no normality assumption. Returns
 * Infinity when each chain is constant but the chains differ.
 */
export function mcseSd(chains: Chains): number {
  validateChains(chains);
  if (isConstant(chains)) return 0;
  if (isEachConstantButDifferent(chains)) return Infinity;

  const { chains: scaled, scale } = scaleChains(chains);
  const squared = squaredDeviations(scaled);
  const ess = essMean(squared);
  const squaredPool = pool(squared);
  const meanSquared = mean(squaredPool);

  let fourthMoment = 0;
  for (let i = 0; i < squaredPool.length; i++) fourthMoment += squaredPool[i] ** 2;
  fourthMoment /= squaredPool.length;

  const varianceOfVariance = (fourthMoment - meanSquared ** 2) / ess;
  return Math.sqrt(varianceOfVariance / meanSquared / 4) * scale;
}

/**
 * MCSE of the `probability` quantile: half the distance between the order
 * statistics at the 15.9 % and 84.1 % points (plus and minus one normal sd)
 * of the Beta(ESS p + 1, ESS (1 - p) + 1) distribution of the quantile's rank.
 */
export function mcseQuantile(chains: Chains, probability: number): number {
  checkProbability('probability', probability);
  validateChains(chains);
  if (isConstant(chains)) return 0;
  return quantileMcse(pool(chains).sort(), essQuantile(chains, probability), probability);
}

/** MCSE of the `probability` quantile from the sorted pooled draws and the ESS of that quantile. */
export function quantileMcse(sorted: Float64Array, ess: number, probability: number): number {
  const alpha = ess * probability + 1;
  const beta = ess * (1 - probability) + 1;
  const lowerRank = betaQuantile(0.1586553, alpha, beta);
  const upperRank = betaQuantile(0.8413447, alpha, beta);
  const size = sorted.length;
  const lower = sorted[Math.floor(Math.max(lowerRank * size - 1, 0))];
  const upper = sorted[Math.ceil(Math.min(upperRank * size - 1, size - 1))];
  return (upper - lower) / 2;
}
