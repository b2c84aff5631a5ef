/**
 * One-call convergence summary of MCMC draws, with the warnings a user
 * should act on before trusting the draws.
 */
import { InvalidArgumentError } from '../../errors.js';
import { positiveInteger } from '../../validate.js';
import {
  type Chains,
  fold,
  indicator,
  isConstant,
  isEachConstantButDifferent,
  mean,
  pool,
  rankNormalize,
  scaleChains,
  sortedQuantile,
  splitChains,
  validateChains,
  variance,
} from './chains.js';
import { essCore } from './ess.js';
import { mcseSd, quantileMcse } from './mcse.js';
import { combineRhat, rhatCore } from './rhat.js';

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
  const constant = isConstant(chains);
  const diagnostics = constant ? constantDiagnostics() : sharedDiagnostics(chains, sorted);
  const { chains: scaled, scale } = scaleChains(chains);

  const summary = {
    chains: chainCount,
    drawsPerChain: chains[0].length,
    mean: mean(pool(scaled)) * scale,
    sd: Math.sqrt(variance(pool(scaled))) * scale,
    quantiles: { q05: sortedQuantile(sorted, 0.05), q50: sortedQuantile(sorted, 0.5), q95: sortedQuantile(sorted, 0.95) },
    ...diagnostics,
    mcseSd: mcseSd(chains),
    warnings: [] as string[],
  };

  if (constant) {
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

type SharedDiagnostics = Pick<ChainSummary, 'mcseMean' | 'mcseMedian' | 'essBulk' | 'essTail' | 'rhat'>;

/** Diagnostics of chains in which every draw is equal: the mean is exact, R-hat and ESS are undefined. */
function constantDiagnostics(): SharedDiagnostics {
  return { mcseMean: 0, mcseMedian: 0, essBulk: NaN, essTail: NaN, rhat: NaN };
}

/**
 * Computes R-hat, bulk and tail ESS and the MCSEs of the mean and median
 * with the same definitions as `rhat`, `essBulk`, `essTail`, `mcseMean`
 * and `mcseQuantile`. It splits, sorts and rank-normalises the draws once
 * for all of them, which matters for long chains.
 */
function sharedDiagnostics(chains: Chains, sorted: Float64Array): SharedDiagnostics {
  const split = splitChains(chains);
  const bulk = rankNormalize(split);
  const rhatValue = combineRhat(rhatCore(bulk), rhatCore(rankNormalize(fold(split))));

  const essOfQuantile = (probability: number): number => essCore(splitChains(indicator(chains, sortedQuantile(sorted, probability))));
  const essTailValue = Math.min(essOfQuantile(0.05), essOfQuantile(0.95));

  let mcseMeanValue = Infinity;
  if (!isEachConstantButDifferent(chains)) {
    const { chains: scaled, scale } = scaleChains(chains);
    mcseMeanValue = (Math.sqrt(variance(pool(scaled))) / Math.sqrt(essCore(splitChains(scaled)))) * scale;
  }

  return {
    mcseMean: mcseMeanValue,
    mcseMedian: quantileMcse(sorted, essOfQuantile(0.5), 0.5),
    essBulk: essCore(bulk),
    essTail: essTailValue,
    rhat: rhatValue,
  };
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
