/**
 * Effective sample size (ESS) of MCMC draws: the number of independent draws
 * that would estimate a quantity as precisely as the correlated chains do.
 * The estimators follow Vehtari et al. (2021) and match the definitions in
 * ArviZ 0.x (`arviz.ess` with methods bulk, tail, mean, sd, quantile), except
 * that a constant input returns NaN where ArviZ returns the number of draws.
 */
import { probability as checkProbability } from '../../validate.js';
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
  scaleChains,
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
  return essCore(splitChains(scaleChains(chains).chains));
}

/** ESS for the standard deviation: the ESS of the squared deviations from the pooled mean. */
export function essSd(chains: Chains): number {
  validateChains(chains);
  if (isConstant(chains)) return NaN;
  return essCore(splitChains(squaredDeviations(scaleChains(chains).chains)));
}

/** Returns (x - m)^2 for every draw, with m the pooled mean. */
export function squaredDeviations(chains: readonly Float64Array[]): Float64Array[] {
  const center = mean(pool(chains));
  return chains.map((chain) => chain.map((x) => (x - center) ** 2));
}

/**
 * ESS for the `probability` quantile: the ESS of the indicator I(x <= q)
 * where q is the pooled type-7 sample quantile.
 */
export function essQuantile(chains: Chains, probability: number): number {
  checkProbability('probability', probability);
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

  const averageCovariance = averageAutocovariance(chains);

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

/** Lags summed directly before the autocovariances of every lag are computed at once by FFT. */
const DIRECT_LAGS = 32;

/**
 * Returns the autocovariance at a lag averaged over the chains, as the
 * biased estimate of `autocovariance`. Geyer's sequence usually stops after
 * a few lags, so the first DIRECT_LAGS lags are summed directly, in O(n)
 * each. A later lag switches to the FFT, which gives all n lags in
 * O(n log n).
 */
function averageAutocovariance(chains: readonly Float64Array[]): (lag: number) => number {
  const centered = chains.map((chain) => {
    const m = mean(chain);
    return chain.map((x) => x - m);
  });
  const direct: number[] = [];
  let all: Float64Array | undefined;

  return (lag) => {
    if (all === undefined && lag >= DIRECT_LAGS) {
      all = new Float64Array(centered[0].length);
      for (const chain of chains) {
        const covariance = autocovariance(chain);
        for (let t = 0; t < all.length; t++) all[t] += covariance[t] / chains.length;
      }
    }
    if (all !== undefined) return all[lag];

    if (direct[lag] === undefined) {
      let sum = 0;
      for (const chain of centered) {
        const n = chain.length;
        let product = 0;
        for (let i = 0; i + lag < n; i++) product += chain[i] * chain[i + lag];
        sum += product / n;
      }
      direct[lag] = sum / chains.length;
    }
    return direct[lag];
  };
}
