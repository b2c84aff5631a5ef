/**
 * Several Metropolis–Hastings chains from dispersed starting points, each on
 * its own stream spawned from one seed. `sampleMetropolis` runs them one
 * after another in this thread and takes any JavaScript log density.
 * `sampleMetropolisParallel` (in parallel.ts) runs them on worker threads
 * and gives identical draws for the same seed.
 */
import { InvalidArgumentError } from '../../errors.js';
import { createGenerator, DEFAULT_GENERATOR } from '../../random/index.js';
import type { BitGenerator, GeneratorName, Seed } from '../../random/types.js';
import { nonNegativeInteger, positiveInteger } from '../../validate.js';
import { type ChainSummary, coordinateChains, summarizeChains } from '../diagnostics/summary.js';
import { type ChainProgress, type ChainResult, type ChainSettings, type ProposalSettings, runChain } from './chain.js';
import type { LogDensity } from './kernel.js';

export interface MetropolisRunOptions {
  readonly dimension: number;
  /** Seed of the root stream; chain c uses child c of `root.spawn(chains)`. */
  readonly seed: Seed;
  /** Bit generator of the streams. Default DEFAULT_GENERATOR. */
  readonly generator?: GeneratorName;
  /** Default 4. */
  readonly chains?: number;
  /** Warm-up iterations per chain, discarded. Default 1000. */
  readonly warmup?: number;
  /** Draws kept per chain. Default 1000. */
  readonly draws?: number;
  /** Keep every thin-th state after warm-up. Default 1. */
  readonly thin?: number;
  /** Exact starting point of each chain; otherwise dispersed around initialCenter. */
  readonly initialPositions?: readonly (readonly number[])[];
  readonly initialCenter?: readonly number[];
  readonly initialSpread?: number;
  readonly onProgress?: (progress: ChainProgress) => void;
}

export interface MetropolisOptions extends MetropolisRunOptions {
  readonly logDensity: LogDensity;
  /** Default: an adaptive Gaussian random walk. */
  readonly proposal?: ProposalSettings;
}

export interface MetropolisResult {
  readonly dimension: number;
  readonly chains: ChainResult[];
  /** Mean acceptance probability of each chain after warm-up. */
  readonly acceptanceRates: number[];
}

/** Runs the chains one after another in this thread. */
export function sampleMetropolis(options: MetropolisOptions): MetropolisResult {
  if (typeof options?.logDensity !== 'function') {
    throw new InvalidArgumentError('logDensity', 'a function of a Float64Array position', options?.logDensity);
  }
  const plan = planChains(options, options.proposal ?? { kind: 'random-walk' });

  const chains = plan.settings.map((settings, c) => runChain(options.logDensity, plan.streams[c], settings, c, options.onProgress));
  return { dimension: options.dimension, chains, acceptanceRates: chains.map((chain) => chain.acceptanceRate) };
}

/** Per-chain settings and streams, shared by the in-process and worker runners. */
export interface ChainPlan {
  readonly settings: ChainSettings[];
  readonly streams: BitGenerator[];
}

/** Checks the options and derives each chain's settings and generator. */
export function planChains(options: MetropolisRunOptions, proposal: ProposalSettings): ChainPlan {
  const dimension = positiveInteger('dimension', options.dimension);
  const chainCount = positiveInteger('chains', options.chains ?? 4);
  const warmup = nonNegativeInteger('warmup', options.warmup ?? 1000);
  const draws = positiveInteger('draws', options.draws ?? 1000);
  const thin = positiveInteger('thin', options.thin ?? 1);
  if (options.seed == null) {
    throw new InvalidArgumentError('seed', 'a non-negative integer', options.seed, 'Every run needs an explicit seed');
  }
  if (options.initialPositions !== undefined && options.initialPositions.length !== chainCount) {
    throw new InvalidArgumentError('initialPositions', `one position per chain (${chainCount})`, options.initialPositions.length);
  }

  const root = createGenerator(options.generator ?? DEFAULT_GENERATOR, options.seed);
  const streams = root.spawn(chainCount);
  const settings = streams.map(
    (_, c): ChainSettings => ({
      dimension,
      warmup,
      draws,
      thin,
      proposal,
      initialPosition: options.initialPositions?.[c],
      initialCenter: options.initialCenter,
      initialSpread: options.initialSpread,
    }),
  );
  return { settings, streams };
}

/**
 * Convergence diagnostics of every coordinate (R-hat, bulk and tail ESS,
 * MCSE), named x1..xd (or x in 1-D) in the warnings.
 */
export function summarizeMetropolis(result: MetropolisResult): ChainSummary[] {
  const perCoordinate = coordinateChains(
    result.chains.map((chain) => chain.draws),
    result.dimension,
  );
  return perCoordinate.map((chains, j) => summarizeChains(chains, result.dimension === 1 ? 'x' : `x${j + 1}`));
}
