/**
 * One-call convergence summary of MCMC draws, with the warnings a user
 * should act on before trusting the draws.
 */
import { InvalidArgumentError } from '../../errors.js';
import { positiveInteger } from '../../validate.js';
import { type Chains, isConstant, mean, pool, sortedQuantile, validateChains, variance } from './chains.js';
import { essBulk, essTail } from './ess.js';
import { mcseMean, mcseQuantile, mcseSd } from './mcse.js';
import { rhat } from './rhat.js';

/** R-hat above this value means the chains have not mixed (Vehtari et al. 2021). */
export const RHAT_THRESHOLD = 1.01;

/** Bulk or tail ESS below this many draws per chain is too few to trust R-hat or the MCSEs (Vehtari et al. 2021). */
export const MIN_ESS_PER_CHAIN = 100;

/** Convergence diagnostics of one scalar quantity. */
export interface ChainSummary {
  readonly chains: number;
  readonly drawsPerChain: number;
  readonly mean: number;
  readonly sd: number;
  /** Sample quantiles at 5 %, 50 % and 95 %. */
  readonly quantiles: { readonly q05: number; readonly q50: number; readonly q95: number };
  readonly mcseMean: number;
  readonly mcseSd: number;
  readonly mcseMedian: number;
  readonly essBulk: number;
  readonly essTail: number;
  readonly rhat: number;
  /** Sentences describing each failed check; empty when the draws pass every check. */
  readonly warnings: string[];
}

/**
 * Summarises the draws of one scalar quantity and lists warnings when
 * R-hat > RHAT_THRESHOLD, when bulk or tail ESS < MIN_ESS_PER_CHAIN times the
 * number of chains, or when every draw is equal (R-hat and ESS undefined).
 * `label` names the quantity in the warnings.
 */
export function summarizeChains(chains: Chains, label = 'x'): ChainSummary {
  validateChains(chains);
  const draws = pool(chains);
  const sorted = Float64Array.from(draws).sort();
  const chainCount = chains.length;

  const summary = {
    chains: chainCount,
    drawsPerChain: chains[0].length,
    mean: mean(draws),
    sd: Math.sqrt(variance(draws)),
    quantiles: { q05: sortedQuantile(sorted, 0.05), q50: sortedQuantile(sorted, 0.5), q95: sortedQuantile(sorted, 0.95) },
    mcseMean: mcseMean(chains),
    mcseSd: mcseSd(chains),
    mcseMedian: mcseQuantile(chains, 0.5),
    essBulk: essBulk(chains),
    essTail: essTail(chains),
    rhat: rhat(chains),
    warnings: [] as string[],
  };

  if (isConstant(chains)) {
    summary.warnings.push(
      `${label}: every draw equals ${draws[0]}, so R-hat and ESS are undefined; the chains did not move (check the proposal scale and the starting points)`,
    );
    return summary;
  }
  if (!(summary.rhat <= RHAT_THRESHOLD)) {
    summary.warnings.push(
      `${label}: R-hat is ${summary.rhat.toPrecision(4)} (above ${RHAT_THRESHOLD}), so the chains disagree; run longer warm-up or more draws`,
    );
  }
  const minimumEss = MIN_ESS_PER_CHAIN * chainCount;
  if (summary.essBulk < minimumEss || summary.essTail < minimumEss) {
    summary.warnings.push(
      `${label}: bulk ESS ${summary.essBulk.toFixed(0)} and tail ESS ${summary.essTail.toFixed(0)} should both be at least ${minimumEss} (${MIN_ESS_PER_CHAIN} per chain); draw more or improve mixing`,
    );
  }
  return summary;
}

/**
 * Splits row-major draws of a `dimension`-D chain (draw after draw) into one
 * array per coordinate, so each coordinate can be summarised on its own.
 */
export function coordinateChains(chains: readonly Float64Array[], dimension: number): Float64Array[][] {
  positiveInteger('dimension', dimension);
  for (let c = 0; c < chains.length; c++) {
    if (chains[c].length % dimension !== 0) {
      throw new InvalidArgumentError(`chains[${c}].length`, `a multiple of the dimension ${dimension}`, chains[c].length);
    }
  }

  const result: Float64Array[][] = [];
  for (let j = 0; j < dimension; j++) {
    result.push(
      chains.map((chain) => {
        const draws = chain.length / dimension;
        const column = new Float64Array(draws);
        for (let i = 0; i < draws; i++) column[i] = chain[i * dimension + j];
        return column;
      }),
    );
  }
  return result;
}
