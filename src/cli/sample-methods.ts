/**
 * The four methods behind `samplekit sample`. Each turns a density
 * expression into draws plus the diagnostics that show how far to trust
 * them. Only the `sample` command uses this module.
 */
import { Cauchy } from '../distributions/cauchy.js';
import { Uniform } from '../distributions/uniform.js';
import { InvalidArgumentError, NumericalError } from '../errors.js';
import { createGenerator } from '../random/index.js';
import type { GeneratorName } from '../random/types.js';
import { type ChainSummary } from '../samplers/diagnostics/summary.js';
import { compileExpression } from '../samplers/expression.js';
import { probePoints } from '../samplers/inversion/domain.js';
import { NumericalInversion } from '../samplers/inversion/numerical-inversion.js';
import type { ChainProgress } from '../samplers/metropolis/chain.js';
import type { ExpressionDensity } from '../samplers/metropolis/density.js';
import { logDensityFromExpression } from '../samplers/metropolis/expression-density.js';
import { sampleMetropolisParallel } from '../samplers/metropolis/parallel.js';
import { sampleMetropolis, summarizeMetropolis, type MetropolisResult } from '../samplers/metropolis/sampler.js';
import { AdaptiveRejectionSampler } from '../samplers/rejection/adaptive-rejection.js';
import { type Proposal, RejectionSampler } from '../samplers/rejection/rejection.js';

export const METHODS = ['inverse', 'rejection', 'mh', 'ars'] as const;
export type Method = (typeof METHODS)[number];

export const PROPOSALS = ['auto', 'cauchy', 'uniform'] as const;
export type ProposalName = (typeof PROPOSALS)[number];

/** Everything the methods need, already parsed and checked. */
export interface SampleRequest {
  readonly method: Method;
  /** The expression as typed, and whether it is the density or its log. */
  readonly expression: string;
  readonly kind: 'density' | 'log-density';
  readonly dimension: number;
  readonly domain: readonly [number, number];
  /** A point in the bulk of a 1-D density, for densities that the automatic search cannot find. */
  readonly center?: number;
  readonly count: number;
  readonly seed: bigint;
  readonly generator: GeneratorName;
  readonly uResolution: number;
  readonly proposal: ProposalName;
  readonly chains: number;
  readonly warmup: number;
  readonly thin: number;
  /** Worker threads for mh; 0 runs the chains in this thread. */
  readonly workers: number;
  /** Worker script for mh, when not the compiled default. */
  readonly workerUrl?: URL;
  readonly onProgress?: (progress: ChainProgress) => void;
}

export interface SampleOutcome {
  /** Row-major draws, `dimension` numbers per row. */
  readonly draws: Float64Array;
  /** Method-specific diagnostics, as printed with --json. */
  readonly diagnostics: Record<string, unknown>;
  /** Warnings the user should see (non-convergence, low ESS). */
  readonly warnings: string[];
  /** Per-chain draws of an mh run, for trace plots. */
  readonly chains?: Float64Array[];
  /** The numerical inversion built for the inverse method, reused for the plot. */
  readonly inversion?: NumericalInversion;
}

/** Returns the log density of a 1-D expression as a function of a number. */
export function scalarLogDensity(request: SampleRequest): (x: number) => number {
  const compiled = compileExpression(request.expression, 1, request.kind === 'density' ? '--density' : '--log-density');
  const point = new Float64Array(1);
  const [lower, upper] = request.domain;
  const evaluate = (x: number): number => {
    point[0] = x;
    return compiled.evaluate(point);
  };

  if (request.kind === 'log-density') return (x) => (x >= lower && x <= upper ? evaluate(x) : -Infinity);
  return (x) => {
    if (!(x >= lower && x <= upper)) return -Infinity;
    const value = evaluate(x);
    if (value < 0) {
      throw new InvalidArgumentError(`density at x = ${x}`, 'non-negative', value, 'A density cannot be negative: check the expression and --domain');
    }
    return Math.log(value);
  };
}

/** Runs the requested method. */
export async function runSample(request: SampleRequest): Promise<SampleOutcome> {
  if (request.dimension > 1 && request.method !== 'mh') {
    throw new InvalidArgumentError(
      '--method',
      `mh for a density in ${request.dimension} variables (x1..x${request.dimension}); ${request.method} samples 1-D densities in x`,
      request.method,
    );
  }
  switch (request.method) {
    case 'inverse':
      return runInverse(request);
    case 'rejection':
      return runRejection(request);
    case 'ars':
      return runAdaptiveRejection(request);
    case 'mh':
      return runMetropolis(request);
  }
}

/** Builds the PINV approximation of a 1-D density expression. */
export function buildInversion(request: SampleRequest, uResolution = request.uResolution): NumericalInversion {
  const logDensity = scalarLogDensity(request);
  return new NumericalInversion({ logPdf: logDensity, domain: request.domain, uResolution, center: request.center });
}

function runInverse(request: SampleRequest): SampleOutcome {
  const inversion = buildInversion(request);
  const rng = createGenerator(request.generator, request.seed);
  const started = performance.now();
  const draws = inversion.sampleN(rng, request.count);
  const samplingMilliseconds = performance.now() - started;
  const uError = inversion.measureUError(10000);

  const { info } = inversion;
  return {
    draws,
    inversion,
    warnings: [],
    diagnostics: {
      setupMilliseconds: info.setupMilliseconds,
      samplingMilliseconds,
      intervals: info.intervals,
      densityEvaluations: info.evaluations,
      uResolution: info.uResolution,
      uErrorMax: uError.max,
      uErrorMean: uError.mean,
      uErrorPoints: uError.points,
      computationalDomain: info.domain,
    },
  };
}

function runRejection(request: SampleRequest): SampleOutcome {
  const logTarget = scalarLogDensity(request);
  const { proposal, description } = chooseProposal(request, logTarget);
  let sampler: RejectionSampler;
  try {
    sampler = new RejectionSampler({ logTarget, proposal });
  } catch (error) {
    if (!(error instanceof NumericalError)) throw error;
    throw new NumericalError(`${error.message}. The ${description} proposal cannot envelope this density; use --method inverse or --method mh`);
  }
  const draws = sampler.sampleN(createGenerator(request.generator, request.seed), request.count);

  const statistics = sampler.statistics;
  return {
    draws,
    warnings: [],
    diagnostics: {
      proposal: description,
      logBound: statistics.logBound,
      boundSource: statistics.boundSource,
      attempts: statistics.attempts,
      accepted: statistics.accepted,
      acceptanceRate: statistics.acceptanceRate,
      inverseBound: statistics.inverseBound,
      // The normalising constant Z is unknown here; acceptance rate = Z / M estimates it.
      normalizingConstantEstimate: statistics.acceptanceRate * Math.exp(statistics.logBound),
    },
  };
}

function runAdaptiveRejection(request: SampleRequest): SampleOutcome {
  const logDensity = scalarLogDensity(request);
  const [lower, upper] = request.domain;
  const sampler = new AdaptiveRejectionSampler({ logDensity, domain: [lower, upper] });
  const draws = sampler.sampleN(createGenerator(request.generator, request.seed), request.count);
  const statistics = sampler.statistics;
  return {
    draws,
    warnings: [],
    diagnostics: { ...statistics },
  };
}

async function runMetropolis(request: SampleRequest): Promise<SampleOutcome> {
  const { dimension, chains } = request;
  const drawsPerChain = Math.ceil(request.count / chains);
  const density = domainRestricted(request);
  const [lower, upper] = request.domain;
  const finiteDomain = Number.isFinite(lower) && Number.isFinite(upper);
  let initialCenter: number[] | undefined;
  if (request.center !== undefined) initialCenter = [request.center];
  else if (finiteDomain) initialCenter = [(lower + upper) / 2];
  const common = {
    dimension,
    seed: request.seed,
    generator: request.generator,
    chains,
    warmup: request.warmup,
    draws: drawsPerChain,
    thin: request.thin,
    initialCenter,
    initialSpread: finiteDomain ? Math.min(2, 0.45 * (upper - lower)) : undefined,
    onProgress: request.onProgress,
  };

  let result: MetropolisResult;
  if (request.workers > 0) {
    result = await sampleMetropolisParallel({ ...common, density, workers: request.workers, workerUrl: request.workerUrl });
  } else {
    result = sampleMetropolis({ ...common, logDensity: logDensityFromExpression(density, dimension) });
  }

  const summaries = drawsPerChain >= 4 ? summarizeMetropolis(result) : [];
  const draws = new Float64Array(request.count * dimension);
  let offset = 0;
  for (const chain of result.chains) {
    const take = Math.min(chain.draws.length, draws.length - offset);
    draws.set(chain.draws.subarray(0, take), offset);
    offset += take;
  }

  const warnings = summaries.flatMap((summary) => summary.warnings);
  if (summaries.length === 0) warnings.push(`only ${drawsPerChain} draws per chain, too few for R-hat and ESS (at least 4 are needed)`);
  return {
    draws,
    chains: result.chains.map((chain) => chain.draws),
    warnings,
    diagnostics: {
      chains,
      warmup: request.warmup,
      drawsPerChain,
      thin: request.thin,
      workers: request.workers,
      acceptanceRates: result.acceptanceRates,
      warmupAcceptanceRates: result.chains.map((chain) => chain.warmupAcceptanceRate),
      proposalScales: result.chains.map((chain) => chain.scale),
      coordinates: summaries.map((summary, j) => coordinateReport(summary, dimension === 1 ? 'x' : `x${j + 1}`)),
    },
  };
}

function coordinateReport(summary: ChainSummary, name: string): Record<string, unknown> {
  return {
    name,
    mean: summary.mean,
    sd: summary.sd,
    q05: summary.quantiles.q05,
    q50: summary.quantiles.q50,
    q95: summary.quantiles.q95,
    mcseMean: summary.mcseMean,
    mcseSd: summary.mcseSd,
    essBulk: summary.essBulk,
    essTail: summary.essTail,
    rhat: summary.rhat,
  };
}

/**
 * Returns the expression density for the workers, restricted to --domain by
 * a conditional around it. The expression was compiled once before this, so
 * errors point into the text as typed.
 */
function domainRestricted(request: SampleRequest): ExpressionDensity {
  compileExpression(request.expression, request.dimension, request.kind === 'density' ? '--density' : '--log-density');
  const [lower, upper] = request.domain;
  if (request.dimension > 1 || (lower === -Infinity && upper === Infinity)) {
    return { expression: request.expression, kind: request.kind };
  }
  const outside = request.kind === 'density' ? '0' : '-Infinity';
  const conditions = [Number.isFinite(lower) ? `x >= ${lower}` : '', Number.isFinite(upper) ? `x <= ${upper}` : ''].filter(Boolean);
  return { expression: `(${conditions.join(' and ')}) ? (${request.expression}) : ${outside}`, kind: request.kind };
}

/**
 * Returns the proposal for rejection sampling: uniform on a finite domain,
 * otherwise a Cauchy centred at the highest probe point of the density with
 * the larger half-width at half maximum as its scale. The Cauchy's tails
 * dominate any density that decays at least like |x|^-2.
 */
function chooseProposal(request: SampleRequest, logTarget: (x: number) => number): { proposal: Proposal; description: string } {
  const [lower, upper] = request.domain;
  const finite = Number.isFinite(lower) && Number.isFinite(upper);
  let name = request.proposal;
  if (name === 'auto') name = finite ? 'uniform' : 'cauchy';

  if (name === 'uniform') {
    if (!finite) {
      throw new InvalidArgumentError('--proposal', 'cauchy or auto on an infinite domain, because a uniform proposal needs a finite --domain', name);
    }
    return { proposal: new Uniform({ loc: lower, scale: upper - lower }), description: `uniform(${lower}, ${upper})` };
  }

  const { center, halfWidth } = locateMode(logTarget, lower, upper, request.center);
  return { proposal: new Cauchy({ loc: center, scale: halfWidth }), description: `cauchy(loc=${center}, scale=${halfWidth})` };
}

/**
 * Finds the highest probe point and the distance at which the density halves
 * on each side (the larger of the two). A `hint` adds probes around it.
 */
export function locateMode(
  logDensity: (x: number) => number,
  lower: number,
  upper: number,
  hint?: number,
): { center: number; halfWidth: number } {
  const probes = probePoints(lower, upper);
  if (hint !== undefined) {
    probes.push(hint);
    for (let j = -16; j <= 16; j++) probes.push(hint - 10 ** (j / 4), hint + 10 ** (j / 4));
  }

  let center = NaN;
  let best = -Infinity;
  for (const x of probes.filter((point) => point > lower && point < upper)) {
    const value = logDensity(x);
    if (Number.isNaN(value)) throw new NumericalError(`the log density is NaN at x = ${x}`);
    if (value > best) {
      best = value;
      center = x;
    }
  }
  if (Number.isNaN(center)) {
    throw new NumericalError('the density is 0 at every probe point; check the expression and --domain, or give --center (a point where it is positive)');
  }

  let halfWidth = 0;
  for (const direction of [-1, 1]) {
    for (let distance = 1e-6 * Math.max(1, Math.abs(center)); distance < 1e12; distance *= 1.5) {
      const x = center + direction * distance;
      if (x <= lower || x >= upper || logDensity(x) < best - Math.LN2) {
        halfWidth = Math.max(halfWidth, distance);
        break;
      }
    }
  }
  return { center, halfWidth: halfWidth > 0 ? halfWidth : 1 };
}
