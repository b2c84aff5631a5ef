/**
 * Effective sample size (ESS) of MCMC draws: the number of independent draws
 * that would estimate a quantity as precisely as the correlated chains do.
 * The estimators follow Vehtari et al. (2021) and match the definitions in
 * ArviZ 0.x (`arviz.ess` with methods bulk, tail, mean, sd, quantile), except
 * that a constant input returns NaN where ArviZ returns the number of draws.
 */
import { autocovariance } from './autocorrelation.js';
import {
  type Chains,
  fold,
  indicator,
  isConstant,
  mean,
  pool,
  quantile,
  rankNormalize,
  splitChains,
  validateChains,
  variance,
} from './chains.js';

/**
 * ESS of the bulk: the ESS of the split, rank-normalised chains. It measures
 * how well the chains estimate the location of the distribution, and stays
 * defined for distributions without a finite mean.
 * Returns NaN when every draw is equal.
 */
export function essBulk(chains: Chains): number {
  validateChains(chains);
  if (isConstant(chains)) return NaN;
  return essCore(rankNormalize(splitChains(chains)));
}

/**
 * ESS of the tails: the smaller ESS of the indicators I(x <= q05) and
 * I(x <= q95), which measures how well the chains estimate the 5 % and 95 %
 * quantiles. `probabilities` replaces the pair (0.05, 0.95).
 * Returns NaN when every draw is equal.
 */
export function essTail(chains: Chains, probabilities: readonly [number, number] = [0.05, 0.95]): number {
  validateChains(chains);
  if (isConstant(chains)) return NaN;
  return Math.min(essQuantile(chains, probabilities[0]), essQuantile(chains, probabilities[1]));
}

/** ESS for the mean: split chains, no rank normalisation. Returns NaN when every draw is equal. */
export function essMean(chains: Chains): number {
  validateChains(chains);
  if (isConstant(chains)) return NaN;
  return essCore(splitChains(chains));
}

/** ESS for the standard deviation: the ESS of the squared deviations from the pooled mean. */
export function essSd(chains: Chains): number {
  validateChains(chains);
  if (isConstant(chains)) return NaN;
  const center = mean(pool(chains));
  const squared = chains.map((chain) => Float64Array.from({ length: chain.length }, (_, i) => (chain[i] - center) ** 2));
  return essCore(splitChains(squared));
}

/**
 * ESS for the `probability` quantile: the ESS of the indicator I(x <= q)
 * where q is the pooled type-7 sample quantile.
 */
export function essQuantile(chains: Chains, probability: number): number {
  validateChains(chains);
  if (isConstant(chains)) return NaN;
  const threshold = quantile(pool(chains), probability);
  return essCore(splitChains(indicator(chains, threshold)));
}

/** ESS of the folded draws |x - median|, used by the tail R-hat diagnostics. */
export function essFolded(chains: Chains): number {
  validateChains(chains);
  if (isConstant(chains)) return NaN;
  return essCore(rankNormalize(fold(splitChains(chains))));
}

/**
 * Multi-chain ESS of already prepared chains (split or transformed), from
 * the autocorrelations combined across chains with the between-chain
 * variance and truncated by Geyer's initial monotone sequence. The result is
 * capped at S * log10(S) for S draws in total, as in Stan. A constant input
 * (which happens for indicator chains) returns S.
 */
export function essCore(chains: readonly Float64Array[]): number {
  const chainCount = chains.length;
  const drawCount = chains[0].length;
  const total = chainCount * drawCount;
  if (isConstant(chains)) return total;

  const covariances = chains.map((chain) => autocovariance(chain));
  const averageCovariance = (lag: number): number => {
    let sum = 0;
    for (const covariance of covariances) sum += covariance[lag];
    return sum / chainCount;
  };

  // meanWithinVariance is W, the average within-chain variance; varianceEstimate
  // is the pooled estimate var+ of the marginal variance.
  const meanWithinVariance = (averageCovariance(0) * drawCount) / (drawCount - 1);
  let varianceEstimate = (meanWithinVariance * (drawCount - 1)) / drawCount;
  if (chainCount > 1) varianceEstimate += variance(chains.map((chain) => mean(chain)));

  const rho = new Float64Array(drawCount);
  const correlation = (lag: number): number => 1 - (meanWithinVariance - averageCovariance(lag)) / varianceEstimate;

  // Geyer's initial positive sequence: sum pairs of lags while the pair sums stay positive.
  let rhoEven = 1;
  let rhoOdd = correlation(1);
  rho[0] = rhoEven;
  rho[1] = rhoOdd;
  let t = 1;
  while (t < drawCount - 3 && rhoEven + rhoOdd > 0) {
    rhoEven = correlation(t + 1);
    rhoOdd = correlation(t + 2);
    if (rhoEven + rhoOdd >= 0) {
      rho[t + 1] = rhoEven;
      rho[t + 2] = rhoOdd;
    }
    t += 2;
  }
  const maxLag = t - 2;
  if (rhoEven > 0) rho[maxLag + 1] = rhoEven;

  // Geyer's initial monotone sequence: pair sums may not increase.
  for (t = 1; t <= maxLag - 2; t += 2) {
    if (rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]) {
      rho[t + 1] = (rho[t - 1] + rho[t]) / 2;
      rho[t + 2] = rho[t + 1];
    }
  }

  let sum = 0;
  for (let lag = 0; lag <= maxLag; lag++) sum += rho[lag];
  let integratedTime = -1 + 2 * sum + (maxLag + 1 < drawCount ? rho[maxLag + 1] : 0);
  integratedTime = Math.max(integratedTime, 1 / Math.log10(total));

  const ess = total / integratedTime;
  return rho.some(Number.isNaN) ? NaN : ess;
}
