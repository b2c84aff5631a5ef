/**
 * Helpers for goodness-of-fit tests on MCMC output. Draws from a chain are
 * correlated, so the tests thin each chain to about twice its effective
 * sample size before a KS test, which assumes independent draws.
 */
import { essBulk } from '../diagnostics/ess.js';
import type { MetropolisResult } from '../metropolis/sampler.js';

/** Pools the 1-D draws of all chains after thinning each by ceil(2 * draws / ESS_bulk). */
export function thinByEss(result: MetropolisResult): { draws: Float64Array; step: number; ess: number } {
  const chains = result.chains.map((chain) => chain.draws);
  const ess = essBulk(chains);
  const total = chains.reduce((sum, chain) => sum + chain.length, 0);
  const step = Math.max(1, Math.ceil((2 * total) / ess));

  const kept: number[] = [];
  for (const chain of chains) {
    for (let i = step - 1; i < chain.length; i += step) kept.push(chain[i]);
  }
  return { draws: Float64Array.from(kept), step, ess };
}
