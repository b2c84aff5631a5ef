/** MCMC diagnostics: autocorrelation, rank-normalised split R-hat, bulk and tail ESS, Monte Carlo standard errors. */
export { autocorrelation, autocovariance } from './autocorrelation.js';
export { type Chains, MIN_DRAWS, rankNormalize, splitChains } from './chains.js';
export { essBulk, essFolded, essMean, essQuantile, essSd, essTail } from './ess.js';
export { mcseMean, mcseQuantile, mcseSd } from './mcse.js';
export { rhat, rhatSplit } from './rhat.js';
export {
  type ChainSummary,
  coordinateChains,
  MIN_ESS_PER_CHAIN,
  RHAT_THRESHOLD,
  summarizeChains,
} from './summary.js';
